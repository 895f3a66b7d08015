"""The review's detail pane: one finding with its item, measurement, verdict, photos and site occupancy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from inspect_tui.checklists.verdict_words import shown_line
from inspect_tui.domain.answers import stored_number
from inspect_tui.domain.bsn_text import masked_bsns
from inspect_tui.domain.checklist import shown_days
from inspect_tui.domain.identifiers import mask_bsn
from inspect_tui.domain.models import Occupant
from inspect_tui.i18n.counts import occupancy_counts
from inspect_tui.reports.text import size_text
from inspect_tui.tui.i18n import _, format_date, localise_figures, pick, unit_word
from inspect_tui.tui.widgets.finding_life import finding_life_lines, finding_status_label
from inspect_tui.tui.widgets.labels import (
    Palette,
    answer_label,
    brp_label,
    severity_text,
    status_label,
    verdict_text,
)

if TYPE_CHECKING:
    from inspect_tui.store.queries import FindingDetail, UnitOccupancy


@dataclass(frozen=True)
class PersonLine:
    """An occupant of the finding's unit, as the team lead may see them (BSN masked or encrypted)."""

    name: str
    bsn: str
    nationality: str
    brp: str


def person_line(occupant: Occupant) -> PersonLine:
    """What the detail pane shows of a person."""
    sealed = occupant.sealed or {}
    bsn = _("encrypted") if "bsn" in sealed else mask_bsn(occupant.bsn)
    return PersonLine(occupant.name, bsn, occupant.nationality or "", brp_label(occupant.brp_status.value))


def _occupancy_line(units: list[UnitOccupancy]) -> str:
    persons = sum(u.own_persons for u in units)  # a unit's persons include those of the units inside it
    beds = sum(u.beds or 0 for u in units if u.kind == "bedroom") or sum(u.beds or 0 for u in units)
    registered = sum(u.registered or 0 for u in units if u.registered is not None)
    flagged = sum(1 for u in units if u.flags)
    return occupancy_counts(persons, len(units), flagged, beds=beds, registered=registered)


def render_finding_detail(detail: FindingDetail, palette: Palette | None = None) -> Text:
    """The detail pane's text."""
    f, inspection = detail.finding, detail.inspection
    text = Text()
    text.append_text(severity_text(f.severity.value, palette))
    text.append("  " + masked_bsns(f.description) + "\n", style="bold")
    facts = [
        _("deadline {date}").format(date=format_date(f.deadline)),
        finding_status_label(detail.shown_status),
    ]
    if detail.unit_label:
        facts.append(_("unit {label}").format(label=detail.unit_label))
    if f.partner:
        facts.append(_("shared with {partner}").format(partner=f.partner))
    if f.origin_id:
        facts.append(_("carried over"))
    text.append(" · ".join(facts) + "\n", style="dim")
    for line in finding_life_lines(f):
        text.append(line + "\n", style="italic")
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
            unit = f" {unit_word(item.unit, stored_number(answer.value))}" if item.unit else ""
            text.append(_("Answer") + f": {localise_figures(answer_label(answer.value))}{unit} ")
            text.append_text(verdict_text(answer.verdict.value, palette))
            text.append("\n")
        verdict = detail.verdict
        if answer is not None and answer.units and item.rule is not None:
            # As judged when saved (a signed inspection is never re-judged), per dwelling or bedroom.
            text.append(_("Measured") + ": ")
            text.append_text(verdict_text(answer.verdict.value, palette))
            lines = (localise_figures(shown_line(line)) for line in answer.units.split("\n"))
            text.append("\n" + "\n".join("  " + line for line in lines) + "\n")
            judged_by = (
                shown_days(shown_line(answer.judged_by)) if answer.judged_by else item.source.label
            )  # a version keeps its dot
            text.append(_("Threshold") + f": {judged_by}\n", style="dim")
        elif verdict is not None:
            text.append(_("Measured") + f": {localise_figures(verdict.display())} ")
            judged = "unknown" if verdict.passed is None else ("pass" if verdict.passed else "fail")
            text.append_text(verdict_text(judged, palette))
            text.append("\n")
            if verdict.reason:
                text.append(localise_figures(shown_line(verdict.reason)) + "\n", style="dim")
            limit = localise_figures(f"{verdict.limit_text()} {unit_word(verdict.unit)}")
            text.append(_("Threshold") + f": {limit} — {shown_line(verdict.norm)}", style="dim")
            if verdict.source is not None:
                text.append(" (" + _("from") + f" {format_date(verdict.source.effective_from)})", style="dim")
            text.append("\n")
        else:
            since = format_date(item.source.effective_from)
            text.append(_("Source") + f": {item.source.label}, {_('from')} {since}\n", style="dim")
        if answer is not None and answer.note:
            text.append(_("Note") + f": {masked_bsns(answer.note)}\n", style="italic")
    text.append("\n" + _("Photos") + "\n", style="bold")
    if not detail.attachments:
        text.append("  " + _("none") + "\n", style="dim")
    for n, attachment in enumerate(detail.attachments, start=1):
        text.append(f"  {n}. {attachment.file_name}  {size_text(attachment.size)}  {attachment.media_type}\n")
    if detail.attachments:
        text.append("  " + _("v opens them with the system viewer") + "\n", style="dim")
    text.append("\n" + _("Occupancy of the site") + "\n", style="bold")
    text.append("  " + _occupancy_line(detail.units))
    if detail.now_units is not None:
        signed = sum(u.own_persons for u in detail.units)
        today = sum(u.own_persons for u in detail.now_units)
        if today != signed:
            text.append(" (" + _("now: {value}").format(value=today) + ")", style="dim")
    text.append("\n")
    for flagged in detail.units:
        if flagged.flags:
            text.append(f"  ⚠ {flagged.label}: {', '.join(_flag(name) for name in flagged.flags)}\n", style="dim")
    people = [person_line(o) for o in detail.occupants]
    if people:
        text.append("\n" + _("Persons in {unit}").format(unit=detail.unit_label or "?") + "\n", style="bold")
        for person in people:
            text.append(f"  {person.name}  {person.bsn or '—'}  {person.nationality}  {person.brp}\n")
    return text


def _flag(flag: str) -> str:
    return {
        "overcrowded": _("more persons than beds"),
        "bedroom_shared_high_risk": _("bedroom shared in a high-risk sector"),
        "register_mismatch": _("differs from the register"),
    }.get(flag, flag)
