"""The review's detail pane: one finding with its item, measurement, verdict, photos and site occupancy."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from sqlite_utils import Database

from inspect_tui.checklists import ChecklistError, load_template
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.identifiers import mask_bsn
from inspect_tui.domain.models import Answer, Finding, Inspection, Occupant, Site, answer_id
from inspect_tui.domain.norms import Verdict, evaluate
from inspect_tui.reports.text import size_text
from inspect_tui.store import get, queries
from inspect_tui.store.occupancy import UnitOccupancy, occupancy
from inspect_tui.store.queries import AttachmentRow
from inspect_tui.store.workflow import measurements_for, site_context
from inspect_tui.tui.i18n import _, pick
from inspect_tui.tui.widgets.labels import (
    Palette,
    answer_label,
    brp_label,
    severity_text,
    status_label,
    verdict_text,
)


@dataclass(frozen=True)
class PersonLine:
    """An occupant of the finding's unit, as the team lead may see them (BSN masked or encrypted)."""

    name: str
    bsn: str
    nationality: str
    brp: str


@dataclass(frozen=True)
class FindingDetail:
    """Everything the detail pane shows about one finding (read in a worker)."""

    finding: Finding
    inspection: Inspection
    site: Site | None
    item: Item | None
    answer: Answer | None
    verdict: Verdict | None
    """The item's rule judged on the inspection's measurements (None for an item without a rule)."""
    attachments: list[AttachmentRow]
    units: list[UnitOccupancy]
    unit_label: str | None
    people: list[PersonLine]
    returned_reason: str | None


def _item(item_id: str | None) -> Item | None:
    if not item_id:
        return None
    try:
        return load_template(item_id.split(".", 1)[0]).item(item_id)
    except (ChecklistError, KeyError):
        return None


def _person(occupant: Occupant) -> PersonLine:
    sealed = occupant.sealed or {}
    bsn = _("encrypted") if "bsn" in sealed else mask_bsn(occupant.bsn)
    return PersonLine(occupant.name, bsn, occupant.nationality or "", brp_label(occupant.brp_status.value))


def load_finding_detail(db: Database, finding_id: str) -> FindingDetail | None:
    """The finding and what explains it; None when it is gone."""
    finding = get(db, Finding, finding_id)
    if finding is None:
        return None
    inspection = get(db, Inspection, finding.inspection_id)
    if inspection is None:
        return None
    site = get(db, Site, inspection.site_id)
    item = _item(finding.item_id)
    answer = get(db, Answer, answer_id(inspection.id, item.id)) if item is not None else None
    verdict = None
    if item is not None and item.rule is not None:
        verdict = evaluate(item.rule, measurements_for(db, inspection), site_context(db, inspection))
    units = occupancy(db, inspection.site_id)
    unit_label = next((u.label for u in units if u.unit_id == finding.unit_id), None)
    people: list[PersonLine] = []
    if finding.unit_id is not None:
        ids = [
            r[0]
            for r in db.execute(
                "SELECT id FROM occupants WHERE unit_id = ? ORDER BY name COLLATE NOCASE, id", [finding.unit_id]
            ).fetchall()
        ]
        people = [_person(o) for o in (get(db, Occupant, i) for i in ids) if o is not None]
    reason = queries.returned_reason(db, inspection.id) if inspection.status.value == "returned" else None
    return FindingDetail(
        finding,
        inspection,
        site,
        item,
        answer,
        verdict,
        queries.finding_attachments(db, finding_id),
        units,
        unit_label,
        people,
        reason,
    )


def _occupancy_line(units: list[UnitOccupancy]) -> str:
    persons = sum(u.own_persons for u in units)  # a unit's persons include those of the units inside it
    beds = sum(u.beds or 0 for u in units if u.kind == "bedroom") or sum(u.beds or 0 for u in units)
    registered = sum(u.registered or 0 for u in units if u.registered is not None)
    flagged = sum(1 for u in units if u.flags)
    text = _("{persons} persons in {units} units · {beds} beds · {registered} in the register · {flagged} flagged")
    return text.format(persons=persons, units=len(units), beds=beds, registered=registered, flagged=flagged)


def render_finding_detail(detail: FindingDetail, palette: Palette | None = None) -> Text:
    """The detail pane's text."""
    f, inspection = detail.finding, detail.inspection
    text = Text()
    text.append_text(severity_text(f.severity.value, palette))
    text.append("  " + f.description + "\n", style="bold")
    facts = [
        _("deadline {date}").format(date=f.deadline.strftime("%d-%m-%Y")),
        _("open") if f.status.value == "open" else _("resolved"),
    ]
    if detail.unit_label:
        facts.append(_("unit {label}").format(label=detail.unit_label))
    if f.partner:
        facts.append(_("shared with {partner}").format(partner=f.partner))
    if f.origin_id:
        facts.append(_("carried over"))
    text.append(" · ".join(facts) + "\n", style="dim")
    site = detail.site.name if detail.site else "?"
    text.append(f"{site} · {inspection.inspector} · {status_label(inspection.status.value)}\n")
    if detail.returned_reason:
        text.append(
            _("Sent back: {reason}").format(reason=detail.returned_reason) + "\n",
            style=(palette or {}).get("text-error", ""),
        )
    text.append("\n")
    item = detail.item
    if item is None:
        text.append(_("Not tied to a checklist item (occupancy or other).") + "\n", style="dim")
    else:
        text.append(item.id + "\n", style="bold")
        text.append(pick(item.text_en, item.text_nl) + "\n")
        answer = detail.answer
        if answer is not None and answer.value is not None and item.rule is None:
            unit = f" {item.unit}" if item.unit else ""
            text.append(_("Answer") + f": {answer_label(answer.value)}{unit} ")
            text.append_text(verdict_text(answer.verdict.value, palette))
            text.append("\n")
        verdict = detail.verdict
        if answer is not None and answer.units and item.rule is not None:
            # As judged when saved (a signed inspection is never re-judged), per dwelling or bedroom.
            text.append(_("Measured") + ": ")
            text.append_text(verdict_text(answer.verdict.value, palette))
            text.append("\n" + "\n".join("  " + line for line in answer.units.split("\n")) + "\n")
            text.append(_("Threshold") + f": {answer.judged_by or item.source.label}\n", style="dim")
        elif verdict is not None:
            text.append(_("Measured") + f": {verdict.display()} ")
            judged = "unknown" if verdict.passed is None else ("pass" if verdict.passed else "fail")
            text.append_text(verdict_text(judged, palette))
            text.append("\n")
            if verdict.reason:
                text.append(verdict.reason + "\n", style="dim")
            text.append(_("Threshold") + f": {verdict.limit_text()} {verdict.unit} — {verdict.norm}", style="dim")
            if verdict.source is not None:
                text.append(" (" + _("from") + f" {verdict.source.effective_from})", style="dim")
            text.append("\n")
        else:
            text.append(_("Source") + f": {item.source.label}, {_('from')} {item.source.effective_from}\n", style="dim")
        if answer is not None and answer.note:
            text.append(_("Note") + f": {answer.note}\n", style="italic")
    text.append("\n" + _("Photos") + "\n", style="bold")
    if not detail.attachments:
        text.append("  " + _("none") + "\n", style="dim")
    for n, attachment in enumerate(detail.attachments, start=1):
        text.append(f"  {n}. {attachment.file_name}  {size_text(attachment.size)}  {attachment.media_type}\n")
    if detail.attachments:
        text.append("  " + _("v opens them with the system viewer") + "\n", style="dim")
    text.append("\n" + _("Occupancy of the site") + "\n", style="bold")
    text.append("  " + _occupancy_line(detail.units) + "\n")
    for flagged in detail.units:
        if flagged.flags:
            text.append(f"  ⚠ {flagged.label}: {', '.join(_flag(name) for name in flagged.flags)}\n", style="dim")
    if detail.people:
        text.append("\n" + _("Persons in {unit}").format(unit=detail.unit_label or "?") + "\n", style="bold")
        for person in detail.people:
            text.append(f"  {person.name}  {person.bsn or '—'}  {person.nationality}  {person.brp}\n")
    return text


def _flag(flag: str) -> str:
    return {
        "overcrowded": _("more persons than beds"),
        "bedroom_shared_high_risk": _("bedroom shared in a high-risk sector"),
        "register_mismatch": _("differs from the register"),
    }.get(flag, flag)
