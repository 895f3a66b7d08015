"""What every report format says, in the same words: fact lists, table columns, sentences.

The renderers differ only in markup; keeping the wording here keeps Markdown, HTML and PDF
reports of one inspection saying the same thing, in the report's language (the renderers run
under ``inspect_tui.i18n.using(report.lang)``).

Order of a report: page one holds what a reader acts on (site, who and when, the verdict per
checklist, the findings as an action list by deadline); then units and occupancy, the full
checklist, the photos, the review decisions and a signature block.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspect_tui.domain.norms import shown_at_least
from inspect_tui.i18n import _, ngettext
from inspect_tui.reports.model import (
    FollowUpRow,
    InspectionReport,
    ItemPhoto,
    PhotoInfo,
    ReportFinding,
    ReportUnit,
    TemplateBlock,
)
from inspect_tui.reports.text import (
    AKF_CATEGORIES,
    HOUSING_TYPES,
    date_text,
    datetime_text,
    label,
    measured_text,
    number_text,
    yes_no,
)
from inspect_tui.reports.words import certification_text, word


def report_title() -> str:
    """``Inspection report`` / ``Inspectierapport``."""
    return _("Inspection report")


def site_facts(report: InspectionReport) -> list[tuple[str, str]]:
    """The site's description as (label, value) pairs; empty values are left out by renderers."""
    site = report.site
    sector = label(site.sector) + (" (" + _("high-risk sector") + ")" if site.high_risk else "")
    certification = certification_text(site.certification)
    if site.certification_number:
        certification += f" {site.certification_number}"
    if site.certification_valid_until:
        certification += ", " + _("valid until {date}").format(date=date_text(site.certification_valid_until))
    agency = site.agency
    if agency and site.agency_sna_certified is not None:
        agency += "; " + _("SNA certified: {answer}").format(answer=yes_no(site.agency_sna_certified))
    housing = HOUSING_TYPES.get(site.housing_type or "")
    akf = AKF_CATEGORIES.get(site.akf_category or "")
    return [
        (_("Kind"), label(site.kind)),
        (_("Housing type (SNF)"), _(housing) if housing else ""),
        (_("AKF category"), _(akf) if akf else label(site.akf_category)),
        (_("Sector"), sector),
        (_("Operator"), site.operator),
        (_("Employer"), site.employer),
        (_("Agency"), agency),
        (_("Certification"), certification),
        (_("Notes"), site.notes or ""),
    ]


def inspection_facts(report: InspectionReport) -> list[tuple[str, str]]:
    """Who inspected what and when, and the inspection's state, as (label, value) pairs."""
    checklists = ", ".join(f"{t.title} ({t.id} v{t.version})" for t in report.templates)
    return [
        (_("Address"), report.site.address),
        (_("Inspector"), report.inspector),
        (_("Started"), datetime_text(report.started_at)),
        (_("Completed"), datetime_text(report.completed_at)),
        (_("Status"), word(report.status)),
        (_("Signed by"), report.signed_by or ""),
        (_("Checklists"), checklists),
        (_("Inspection"), report.inspection_id),
        (_("Previous inspection"), report.previous or report.previous_id or ""),
        (_("Notes"), report.notes or ""),
    ]


# --- page one: verdict per checklist ------------------------------------------------------


@dataclass(frozen=True)
class ChecklistVerdict:
    """One checklist's answered, failed and advisory counts and its verdict in words."""

    title: str
    answered: int
    failed: int
    """Failed items that are requirements."""
    advisory: int
    """Failed items whose kind of rule is a recommendation: advice, not a breach."""
    open_required: int = 0
    """Required items still open (see ``TemplateBlock.open_required``)."""

    @property
    def verdict(self) -> str:
        if self.answered == 0:
            return _("not answered")
        if self.failed:
            return _("does not comply")  # a failure stands, whatever is still open
        if self.open_required:
            return ngettext(
                "incomplete: {n} required item open", "incomplete: {n} required items open", self.open_required
            ).format(n=self.open_required)
        if self.advisory:
            return _("complies, with advice")
        return _("complies")


def checklist_verdicts(report: InspectionReport) -> list[ChecklistVerdict]:
    """The verdict of every checklist of the inspection."""
    return [_verdict_of(t) for t in report.templates]


def _verdict_of(template: TemplateBlock) -> ChecklistVerdict:
    items = [item for section in template.sections for item in section.items]
    # The kind of rule decides (collect marks a failed recommendation "advice"), not the wording.
    return ChecklistVerdict(
        title=f"{template.title} ({template.id} v{template.version})",
        answered=sum(1 for item in items if item.answer != ""),
        failed=sum(1 for item in items if item.verdict == "fail"),
        advisory=sum(1 for item in items if item.verdict == "advice"),
        open_required=template.open_required,
    )


def verdict_header() -> list[str]:
    return [_("Checklist"), _("Answered"), _("Failed"), _("Advisory"), _("Verdict")]


def verdict_cells(verdict: ChecklistVerdict) -> list[str]:
    return [verdict.title, str(verdict.answered), str(verdict.failed), str(verdict.advisory), verdict.verdict]


# --- page one: the findings as an action list -------------------------------------------------


def actions(report: InspectionReport) -> list[ReportFinding]:
    """Findings in the order to act on them: earliest deadline first, then the most serious."""
    from inspect_tui.reports.text import severity_rank

    return sorted(report.findings, key=lambda f: (f.deadline, severity_rank(f.severity), f.description))


def action_header() -> list[str]:
    return [_("Deadline"), _("Severity"), _("Finding"), _("Item"), _("Figure"), _("Status")]


def action_cells(finding: ReportFinding) -> list[str]:
    """Deadline, severity, what to do, where, the failing figure and the status."""
    about = finding.item_id or ""
    if finding.unit:
        about = f"{about} · {finding.unit}" if about else finding.unit
    return [
        date_text(finding.deadline),
        severity_word(finding.severity),
        finding.description,
        about,
        finding.figure or "",
        finding_status(finding),
    ]


# --- page one: what became of the previous inspection's findings ----------------------------


def follow_up_header() -> list[str]:
    return [_("Severity"), _("Finding"), _("Deadline"), _("Confirmed by"), _("Confirmed at")]


def follow_up_groups(report: InspectionReport) -> list[tuple[str, list[list[str]]]]:
    """ "Resolved since the last inspection", "Still open" and "Withdrawn since" (a finding confirmed
    still open and withdrawn afterwards), each with its rows (empty groups left out)."""
    groups = []
    for kind, title in (
        ("resolved", _("Resolved since the last inspection")),
        ("open", _("Still open")),
        ("withdrawn", _("Withdrawn since")),
    ):
        rows = [_follow_up_cells(f) for f in report.follow_up if _follow_up_kind(f) == kind]
        if rows:
            groups.append((title, rows))
    return groups


def _follow_up_kind(row: FollowUpRow) -> str:
    return "resolved" if row.resolved else "withdrawn" if row.withdrawn else "open"


def _follow_up_cells(row: FollowUpRow) -> list[str]:
    deadline = date_text(row.deadline)
    if row.overdue_days > 0:
        late = ngettext("{n} day overdue", "{n} days overdue", row.overdue_days).format(n=row.overdue_days)
        deadline += f" ({late})"
    return [
        word(row.severity),
        row.description,
        deadline,
        row.confirmed_by or "",
        datetime_text(row.confirmed_at),
    ]


def severity_word(severity: str) -> str:
    return word(severity)


def finding_status(finding: ReportFinding) -> str:
    # Open but carried into a later inspection: the finding there carries the defect on (as a share says it).
    status = _("taken over by a later inspection") if finding.taken_over else word(finding.status)
    if finding.carried_over:
        status += " (" + _("carried over from the previous inspection") + ")"
    return status


def summary_line(report: InspectionReport) -> str:
    """``58 items answered, 5 failed; findings: 1 critical, 2 major, 1 minor (4 open)``."""
    counts = ", ".join(f"{n} {word(s)}" for s, n in report.severity_counts().items())
    line = _("{answered} items answered, {failed} failed; findings: {counts} ({open} open)").format(
        answered=report.answered, failed=report.failed, counts=counts, open=report.open_findings
    )
    withdrawn = report.withdrawn_findings
    if withdrawn:
        line += "; " + ngettext(
            "{n} withdrawn finding not counted", "{n} withdrawn findings not counted", withdrawn
        ).format(n=withdrawn)
    return line


# --- units, checklist, findings ---------------------------------------------------------------


def unit_cells(unit: ReportUnit) -> list[str]:
    """The cells of a unit row, shared by the Markdown, HTML and PDF tables."""

    def count(value: int | None) -> str:
        return "–" if value is None else str(value)

    return [
        label(unit.kind),
        str(unit.persons)
        + ("" if unit.now_persons is None else " (" + _("now: {value}").format(value=unit.now_persons) + ")"),
        count(unit.beds),
        count(unit.registered),
        measured_text(unit.floor_area_m2)  # as measured (8.05 m² is not 8.1, 35.9999999 is not 36)
        + (
            ""
            if unit.now_area_m2 is None
            else " (" + _("now: {value}").format(value=measured_text(unit.now_area_m2)) + ")"
        ),
        number_text(None if unit.area_per_person is None else shown_at_least(unit.area_per_person, unit.area_limits)),
        number_text(unit.persons_per_bedroom),
        "; ".join(_(flag) for flag in unit.flags),
    ]


def unit_header() -> list[str]:
    """Columns of the units and occupancy table."""
    return [
        _("Unit"),
        _("Kind"),
        _("Persons"),
        _("Beds"),
        _("Registered"),
        _("Area m²"),
        _("m² per person"),
        _("Most in a bedroom"),
        _("Flags"),
    ]


def measurement_header() -> list[str]:
    return [_("Measurement"), _("Value"), _("From")]


def item_header() -> list[str]:
    """Columns of a checklist section table."""
    return [_("Item"), _("Answer"), _("Verdict"), _("Figure / SNF · AKF"), _("Norm")]


def occupants_heading(as_signed: bool) -> str:
    """The occupant list's heading: the persons a signed inspection names, or today's residents."""
    return _("Occupants when signed") if as_signed else _("Occupants")


def occupant_header() -> list[str]:
    """Columns of the occupant list (only with ``with_occupants``)."""
    return [_("Unit"), _("Name"), _("BSN"), _("Nationality"), _("BRP registration")]


def review_header() -> list[str]:
    """Columns of the review decisions table."""
    return [_("Time"), _("Reviewer"), _("Decision"), _("Reason")]


def verdict_text(verdict: str, mark: str) -> str:
    return f"{word(verdict)} {mark}".strip()


def from_units() -> str:
    return "(" + _("from units") + ")"


def finding_title(index: int, finding: ReportFinding) -> str:
    """``1. Critical — description`` (unescaped)."""
    return f"{index}. {severity_word(finding.severity).capitalize()} — {finding.description}"


def finding_facts(finding: ReportFinding) -> list[tuple[str, str]]:
    """What a finding is about, its deadline and status, as (label, value) pairs."""
    item = ""
    if finding.item_id:
        item = f"{finding.item_id} — {finding.item_text}" if finding.item_text else finding.item_id
    return [
        (_("Norm"), finding.norm),
        (_("Item"), item),
        (_("Unit"), finding.unit or ""),
        (_("Figure"), finding.figure or ""),
        (_("Deadline"), date_text(finding.deadline)),
        (_("Status"), finding_status(finding)),
        (_("Shared with"), finding.partner or ""),
        *finding_life(finding),
    ]


def finding_life(finding: ReportFinding) -> list[tuple[str, str]]:
    """Each deadline extension and the withdrawal, as (label, value) pairs; [] when there is none."""
    facts = [
        (
            _("Deadline extended"),
            _("from {old} to {new} by {who} on {when}: {reason}").format(
                old=date_text(e.previous),
                new=date_text(e.deadline),
                who=e.by,
                when=datetime_text(e.at),
                reason=e.reason,
            ),
        )
        for e in finding.extensions
    ]
    if finding.withdrawn is not None:
        w = finding.withdrawn
        facts.append(
            (
                _("Withdrawn"),
                _("by {who} on {when}: {reason}").format(
                    who=w.by or "?", when=datetime_text(w.at) if w.at else "?", reason=w.reason
                ),
            )
        )
    return facts


# --- photos -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhotoEntry:
    """A photo with what it shows: its finding or checklist item, the item and when it was taken."""

    number: int
    finding: ReportFinding | None
    photo: PhotoInfo
    item: ItemPhoto | None = None
    """Set for a photo on a checklist item (then finding is None)."""

    @property
    def caption(self) -> str:
        if self.finding is not None:
            return f"{self.number}. {self.finding.description}"
        assert self.item is not None
        return f"{self.number}. {self.item.item_text}"

    def details(self) -> str:
        """``taken 12-10-2026 08:40 · item snf.space.x · IMG_1.jpg`` (unknown parts left out)."""
        parts = []
        if self.photo.taken_at:
            parts.append(_("taken {time}").format(time=datetime_text(self.photo.taken_at)))
        else:
            parts.append(_("time taken not recorded"))
        item_id = self.finding.item_id if self.finding is not None else self.item.item_id if self.item else None
        if item_id:
            parts.append(_("item {id}").format(id=item_id))
        if self.finding is not None and self.finding.unit:
            parts.append(self.finding.unit)
        parts.append(self.photo.file_name)
        return " · ".join(parts)


def photo_entries(report: InspectionReport) -> list[PhotoEntry]:
    """Every file attached to a finding, numbered in the order of the action list, then every
    photo on a checklist item, in checklist order."""
    entries: list[PhotoEntry] = []
    for finding in actions(report):
        for photo in finding.photos:
            entries.append(PhotoEntry(len(entries) + 1, finding, photo))
    for item_photo in report.item_photos:
        entries.append(PhotoEntry(len(entries) + 1, None, item_photo.photo, item_photo))
    return entries


# --- closing ----------------------------------------------------------------------------------


def sign_off_text(report: InspectionReport) -> str:
    """Who signed the inspection off and when, or why nobody has yet."""
    if report.signed_by and report.completed_at:
        return _("Signed off by {name} on {time}; status {status}.").format(
            name=report.signed_by, time=datetime_text(report.completed_at), status=word(report.status)
        )
    return _("Not signed off: the inspection is {status}.").format(status=word(report.status))


def signature_roles(report: InspectionReport) -> list[tuple[str, str]]:
    """(role, name known so far) for the signature block: the inspector and the responsible person."""
    responsible = report.site.operator.split(" (KvK")[0] if report.site.operator else ""
    return [(_("Inspector"), report.signed_by or report.inspector), (_("Responsible person"), responsible)]


def signature_labels() -> list[str]:
    return [_("Name"), _("Date"), _("Signature")]


def generated_text(report: InspectionReport) -> str:
    if report.generated_at is None:
        return ""
    return _("Generated {time} by inspect-tui.").format(time=datetime_text(report.generated_at))
