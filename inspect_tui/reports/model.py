"""The report model: plain frozen data that every renderer formats the same way.

``inspect_tui.reports.collect.build_report`` fills it from the database; renderers never
query the database themselves (photo bytes come separately, by SHA-256).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from inspect_tui.reports.text import SEVERITY_ORDER

EMBEDDABLE_IMAGES = frozenset({"image/png", "image/jpeg"})
"""Media types embedded as pictures in the HTML and PDF reports; other files are listed only."""


@dataclass(frozen=True)
class SiteInfo:
    """The inspected site as the report describes it."""

    id: str
    name: str
    address: str
    """Address line written the Dutch way, e.g. ``Dorpsstraat 12A, 1234 AB  PLAATS``."""
    kind: str
    housing_type: str | None
    akf_category: str | None
    sector: str
    high_risk: bool
    operator: str
    """Operator with KvK number, "" when unknown."""
    employer: str
    agency: str
    agency_sna_certified: bool | None
    certification: str
    certification_number: str | None
    certification_valid_until: dt.date | None
    notes: str | None


@dataclass(frozen=True)
class ReportUnit:
    """Occupancy of one unit; persons, beds and registered include its rooms when it has none itself."""

    label: str
    kind: str
    depth: int
    """0 for a unit at the top, 1 for a room in it, and so on."""
    persons: int
    beds: int | None
    registered: int | None
    floor_area_m2: float | None
    area_per_person: float | None
    """Floor area divided by the persons sleeping in the unit (and its rooms)."""
    persons_per_bedroom: float | None
    """Persons sleeping in a bedroom, or in the fullest bedroom inside the unit; None without bedrooms."""
    flags: tuple[str, ...]
    """Occupancy problems in words (more persons than beds, …)."""
    now_persons: int | None = None
    """Today's persons where they differ from what was signed (a signed inspection only)."""
    now_area_m2: float | None = None
    """Of a signed report: today's recorded floor area where it differs from the signed one."""
    area_limits: tuple[float, ...] = ()
    """The area-per-person thresholds that judge this unit: its figure is never shown rounded across one."""


@dataclass(frozen=True)
class MeasurementRow:
    """One figure the verdicts were computed from."""

    name: str
    value: str
    """Value with its unit, e.g. ``112 m²``."""
    source: str
    """"units and occupants" (derived) or "measured" (answered on site)."""


@dataclass(frozen=True)
class ItemRow:
    """One answered checklist item."""

    item_id: str
    text: str
    answer: str
    """The answer as shown: yes / no / n.a., a number with its unit, a choice's label, a date."""
    from_site: bool
    """The value was derived from the units and occupants, not typed in."""
    verdict: str
    """pass, fail, advice (a failed recommendation), n.a., recorded or unknown."""
    figure: float | None
    figure_text: str | None
    """Computed figure of a rule, rounded toward failing, e.g. ``11.1 m²/p``."""
    comparison: str | None
    """The figure against SNF and AKF side by side, e.g. ``11.1 m²/p — SNF ≥ 10 ✓ · AKF ≥ 13 ✗``."""
    source: str
    """Citation of the threshold (for a rule) or of the item's norm."""
    note: str | None

    @property
    def mark(self) -> str:
        """✓ for a pass, ✗ for a fail, "" otherwise."""
        return {"pass": "✓", "fail": "✗", "advice": "!"}.get(self.verdict, "")


@dataclass(frozen=True)
class SectionBlock:
    """The answered items of one checklist section."""

    id: str
    title: str
    items: tuple[ItemRow, ...]


@dataclass(frozen=True)
class TemplateBlock:
    """The answered items of one checklist template, by section."""

    id: str
    title: str
    version: str
    sections: tuple[SectionBlock, ...]
    open_required: int = 0
    """Required items with no answer and no figure from the site (a draft's, or a rule that could
    not be decided): the checklist cannot be said to comply while any is open."""


@dataclass(frozen=True)
class PhotoInfo:
    """A file attached to a finding."""

    file_name: str
    size: int
    media_type: str
    sha256: str
    taken_at: dt.datetime | None = None
    """When the photo was taken, where the store knows it."""

    @property
    def is_image(self) -> bool:
        """Whether the report embeds it as a picture."""
        return self.media_type in EMBEDDABLE_IMAGES


@dataclass(frozen=True)
class ItemPhoto:
    """A photo on a checklist item's answer."""

    item_id: str
    item_text: str
    photo: PhotoInfo


@dataclass(frozen=True)
class ReportFinding:
    """A finding with what it is about and its photos."""

    severity: str
    description: str
    deadline: dt.date
    status: str
    item_id: str | None
    item_text: str | None
    norm: str
    """SNF, AKF, RI&E or COVID (from the item id); "" for a free finding."""
    unit: str | None
    """Label of the unit concerned."""
    partner: str | None
    carried_over: bool
    """Carried over from an earlier inspection's open finding."""
    photos: tuple[PhotoInfo, ...]
    figure: str | None = None
    """The failing figure of the item the finding is about, e.g. ``8,6 m²/p — SNF ≥ 10 ✗``."""
    extensions: tuple[DeadlineStep, ...] = ()
    """Every explicit extension of the deadline, oldest first."""
    withdrawn: Withdrawal | None = None
    """Why, by whom and when the finding was withdrawn (status withdrawn)."""
    taken_over: bool = False
    """Open, and carried into a later inspection: the finding that took it over carries the defect
    on (and is the one open finding of it, ``store/open_findings.py``)."""


@dataclass(frozen=True)
class DeadlineStep:
    """One extension of a finding's deadline."""

    previous: dt.date
    deadline: dt.date
    reason: str
    by: str
    at: dt.datetime


@dataclass(frozen=True)
class Withdrawal:
    """A finding withdrawn after signing."""

    reason: str
    by: str | None
    at: dt.datetime | None


@dataclass(frozen=True)
class FollowUpRow:
    """An earlier finding this re-inspection confirmed resolved or still open."""

    severity: str
    description: str
    deadline: dt.date
    resolved: bool
    confirmed_by: str | None
    confirmed_at: dt.datetime | None
    overdue_days: int
    """Days past its deadline on the re-inspection's date (0 when not overdue, resolved or withdrawn)."""
    withdrawn: bool = False
    """Withdrawn since (it was confirmed still open): neither resolved nor still open."""


@dataclass(frozen=True)
class ReviewRow:
    """A review decision."""

    reviewer: str
    decision: str
    reason: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class ReportOccupant:
    """A person found on site (only with ``with_occupants``); the BSN is masked or "encrypted"."""

    unit: str
    name: str
    bsn: str
    nationality: str
    registration: str


@dataclass(frozen=True)
class InspectionReport:
    """Everything the report of one inspection shows."""

    inspection_id: str
    status: str
    inspector: str
    started_at: dt.datetime
    completed_at: dt.datetime | None
    signed_by: str | None
    previous_id: str | None
    notes: str | None
    site: SiteInfo
    units: tuple[ReportUnit, ...]
    measurements: tuple[MeasurementRow, ...]
    templates: tuple[TemplateBlock, ...]
    answered: int
    """Items with an answer (typed in or derived)."""
    failed: int
    findings: tuple[ReportFinding, ...]
    reviews: tuple[ReviewRow, ...]
    occupants: tuple[ReportOccupant, ...] | None
    """Persons found, only when asked for; None leaves the section out."""
    generated_at: dt.datetime | None
    """Printed in the footer only when given, so a report of the same data is the same file."""
    lang: str
    follow_up: tuple[FollowUpRow, ...] = ()
    """Earlier findings confirmed at this inspection: resolved since the last one, or still open."""
    previous: str | None = None
    """The previous inspection as a reader knows it: its date and inspector."""
    item_photos: tuple[ItemPhoto, ...] = ()
    """Photos on checklist items, in checklist order."""
    occupants_as_signed: bool = False
    """The occupant list is the persons the signed inspection names, not today's residents."""

    def severity_counts(self) -> dict[str, int]:
        """Findings per severity, most serious first (zero counts included); a withdrawn one is not
        counted (it is listed, as withdrawn, with its reason)."""
        counts = dict.fromkeys(SEVERITY_ORDER, 0)
        for finding in self.findings:
            if finding.status != "withdrawn":
                counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return counts

    @property
    def withdrawn_findings(self) -> int:
        """Findings withdrawn (listed, not counted)."""
        return sum(1 for f in self.findings if f.status == "withdrawn")

    @property
    def open_findings(self) -> int:
        """Findings still open (one carried into a later inspection is open there, not here)."""
        return sum(1 for f in self.findings if f.status == "open" and not f.taken_over)

    def summary_line(self) -> str:
        """``58 items answered, 5 failed; findings: 1 critical, 2 major, 1 minor (4 open)``."""
        counts = ", ".join(f"{n} {s}" for s, n in self.severity_counts().items())
        return f"{self.answered} items answered, {self.failed} failed; findings: {counts} ({self.open_findings} open)"
