"""What an inspection records: the inspection, its answers, findings, attachments and reviews."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from inspect_tui.domain.base import Record, ZonedMoment
from inspect_tui.domain.enums import (
    AnswerVerdict,
    FindingStatus,
    InspectionStatus,
    ReviewDecision,
    Severity,
)
from inspect_tui.domain.fields import (
    ItemId,
    LongText,
    TemplateId,
    Text50,
    Text100,
    Text255,
    _naive,
)
from inspect_tui.domain.limits import Day, Figure, Moment, RecordId
from inspect_tui.domain.signed import SignedFreeze
from inspect_tui.domain.text import SafeLongText, SafeText, multi_line
from inspect_tui.i18n import _

MAX_UNIT_LINES = 20000
"""Longest list of per-unit lines an answer keeps (a park of a few hundred caravans)."""

UnitLines = Annotated[str, Field(max_length=MAX_UNIT_LINES), AfterValidator(multi_line)]
"""One line per failing or undecided dwelling or bedroom (LF between lines)."""


class Inspection(Record):
    """One visit to a site, walking one or more checklist templates."""

    table: ClassVar[str] = "inspections"

    site_id: RecordId
    """The inspected site."""
    templates: list[TemplateId] = Field(min_length=1, max_length=20)
    """Checklist template ids used, e.g. ["snf", "covid-2020"]."""
    inspector: Text100 = Field(min_length=1)
    """Name of the inspector."""
    started_at: ZonedMoment
    """When the inspection started, RFC 3339 with its offset (a time without one is Europe/Amsterdam)."""
    completed_at: ZonedMoment | None = None
    """When it was completed and signed; None while a draft."""
    status: InspectionStatus = InspectionStatus.DRAFT
    """Draft, completed, returned (sent back by the team lead) or approved."""
    signed_by: Text100 | None = None
    """Name of who signed the inspection off."""
    previous_id: RecordId | None = None
    """Earlier inspection of the same site whose open findings this one re-inspects."""
    notes: LongText | None = None
    """General notes."""
    frozen: SignedFreeze | None = None
    """What the verdicts used when it was signed: occupancy per unit, figures, site context, rule
    versions. A completed or approved inspection is shown from this, never from today's site."""

    @field_validator("templates")
    @classmethod
    def _unique_templates(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError(_("each checklist template is used once"))
        return value

    @model_validator(mode="after")
    def _completed_after_start(self) -> Inspection:
        if self.completed_at is not None and _naive(self.completed_at) < _naive(self.started_at):
            raise ValueError("completed_at: " + _("an inspection is completed after it started"))
        return self

    @property
    def locked(self) -> bool:
        """A completed or approved inspection can no longer be edited."""
        return self.status in (InspectionStatus.COMPLETED, InspectionStatus.APPROVED)


def answer_id(inspection_id: str, item_id: str) -> str:
    """Answers are keyed by inspection and item, so two devices answering one item meet."""
    return str(uuid.uuid5(uuid.UUID(inspection_id), item_id))


class Answer(Record):
    """The answer to one checklist item in one inspection."""

    table: ClassVar[str] = "answers"

    inspection_id: RecordId
    """The inspection."""
    item_id: ItemId
    """Stable checklist item id, e.g. "snf.space.living_area_pp"."""
    value: SafeLongText | None = None
    """The answer as text: yes / no / n.a., a number, a choice, text or an ISO date."""
    verdict: AnswerVerdict = AnswerVerdict.UNKNOWN
    """Computed verdict: pass, fail, n.a. or unknown."""
    figure: Figure | None = None
    """Computed figure for a measured criterion, e.g. 11.1 (m² per person)."""
    note: LongText | None = None
    """Inspector's note."""
    computed: bool = False
    """The value was derived from the measurements by the item's rule, not entered by the inspector."""
    units: UnitLines | None = None
    """Failing (then undecided) dwellings or bedrooms of a computed verdict, one per line,
    e.g. "Slaapkamer 3: 2.7 m²/p < 3.5"; "site-level" when judged on typed site figures."""
    judged_by: SafeText | None = None
    """Checklist version and threshold that produced a computed verdict, e.g. "snf 2021.2: SNF, … [V]"."""


class DeadlinePolicy(BaseModel):
    """Days allowed to fix a finding, per severity (configurable)."""

    model_config = ConfigDict(extra="forbid")

    critical_days: int = Field(default=7, ge=0, le=3650)
    """Days to fix a critical finding."""
    major_days: int = Field(default=30, ge=0, le=3650)
    """Days to fix a major finding (SNA model: fix within 30 days)."""
    minor_days: int = Field(default=90, ge=0, le=3650)
    """Days to fix a minor finding (SNA model: within 3 months)."""

    def deadline(self, severity: Severity, from_date: dt.date) -> dt.date:
        """The default deadline for a finding of this severity found on from_date."""
        days = {
            Severity.CRITICAL: self.critical_days,
            Severity.MAJOR: self.major_days,
            Severity.MINOR: self.minor_days,
        }[severity]
        return from_date + dt.timedelta(days=days)


MAX_EXTENSIONS = 50
"""Most deadline extensions one finding keeps."""


class DeadlineExtension(BaseModel):
    """One explicit extension of a finding's deadline: from when to when, why, who and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    previous: Day
    """The deadline before this extension."""
    deadline: Day
    """The new deadline."""
    reason: SafeText = Field(min_length=1)
    """Why the deadline was extended."""
    by: Text100 = Field(min_length=1)
    """Who extended it."""
    at: Moment
    """When it was extended, RFC 3339 with its offset."""

    @model_validator(mode="after")
    def _later(self) -> DeadlineExtension:
        if self.deadline <= self.previous:
            raise ValueError("deadline: " + _("an extension moves the deadline later"))
        return self


class Finding(Record):
    """A shortcoming found during an inspection."""

    table: ClassVar[str] = "findings"

    inspection_id: RecordId
    """The inspection that found it."""
    item_id: ItemId | None = None
    """Checklist item it follows from; None for an occupancy or free finding."""
    unit_id: RecordId | None = None
    """Unit concerned, when it is about one unit."""
    severity: Severity
    """Critical, major or minor."""
    description: SafeLongText = Field(min_length=1)
    """What is wrong, in the inspector's words."""
    deadline: Day
    """Date by which it must be fixed (default from severity)."""
    status: FindingStatus = FindingStatus.OPEN
    """Open or resolved."""
    partner: Text50 | None = None
    """Partner regulator it is shared with (GGD, NVWA, gemeente, Arbeidsinspectie)."""
    origin_id: RecordId | None = None
    """Earlier finding this re-inspects (confirmed resolved or still open)."""
    confirmed_in: RecordId | None = None
    """The re-inspection that confirmed this finding resolved (status resolved) or still open."""
    confirmed_by: Text100 | None = None
    """Who confirmed it at the re-inspection."""
    confirmed_at: ZonedMoment | None = None
    """When it was confirmed, RFC 3339 with its offset."""
    extensions: list[DeadlineExtension] | None = Field(default=None, max_length=MAX_EXTENSIONS)
    """Every explicit extension of the deadline, oldest first (the deadline is the last one's)."""
    withdrawn_reason: SafeText | None = None
    """Why the finding was withdrawn after signing (status withdrawn)."""
    withdrawn_by: Text100 | None = None
    """Who withdrew it."""
    withdrawn_at: ZonedMoment | None = None
    """When it was withdrawn, RFC 3339 with its offset."""

    @model_validator(mode="after")
    def _withdrawn_with_reason(self) -> Finding:
        if self.status is FindingStatus.WITHDRAWN and not (self.withdrawn_reason and self.withdrawn_reason.strip()):
            raise ValueError("withdrawn_reason: " + _("a finding is withdrawn with a reason"))
        return self


class Attachment(Record):
    """A photo attached to a finding or to a checklist answer; the bytes are stored once by SHA-256.

    Exactly one of ``finding_id`` and ``answer_id`` is set.
    """

    table: ClassVar[str] = "attachments"

    finding_id: RecordId | None = None
    """The finding it documents (None for a photo of a checklist item)."""
    answer_id: RecordId | None = None
    """The checklist answer it documents (None for a photo of a finding)."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the file's bytes (the blob's key)."""
    file_name: Text255 = Field(min_length=1)
    """Original file name (no path)."""
    media_type: Text100 = Field(min_length=3)
    """Media type, e.g. image/jpeg."""
    size: int = Field(ge=0, le=1024**3)
    """Size in bytes."""
    taken_at: ZonedMoment | None = None
    """When the photo was taken, from its EXIF data; None when the photo does not say."""

    @model_validator(mode="after")
    def _one_parent(self) -> Attachment:
        if (self.finding_id is None) == (self.answer_id is None):
            raise ValueError(_("an attachment belongs to exactly one finding or one checklist answer"))
        return self


class Review(Record):
    """A team lead's (or inspector's) decision on an inspection."""

    table: ClassVar[str] = "reviews"

    inspection_id: RecordId
    """The reviewed inspection."""
    reviewer: Text100 = Field(min_length=1)
    """Who decided."""
    decision: ReviewDecision
    """Approve, send back, comment or reopen."""
    reason: SafeLongText | None = None
    """Why; required when sending back or reopening."""
    created_at: ZonedMoment
    """When the decision was made."""

    @model_validator(mode="after")
    def _reason_needed(self) -> Review:
        needs_reason = self.decision in (ReviewDecision.SEND_BACK, ReviewDecision.REOPEN)
        if needs_reason and not (self.reason and self.reason.strip()):
            raise ValueError(
                "reason: "
                + (
                    _("a reason is required to send back")
                    if self.decision is ReviewDecision.SEND_BACK
                    else _("a reason is required to reopen")
                )
            )
        return self
