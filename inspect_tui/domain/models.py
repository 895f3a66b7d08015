"""The inspection domain: sites, units, occupants, inspections and what they record.

Every model refuses bad values with a message that names the field and the rule.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from inspect_tui.domain.base import Record
from inspect_tui.domain.checklist import ITEM_ID_PATTERN, TEMPLATE_ID_PATTERN
from inspect_tui.domain.enums import (
    AkfCategory,
    AnswerVerdict,
    BrpStatus,
    Certification,
    FindingStatus,
    InspectionStatus,
    ReviewDecision,
    Sector,
    Severity,
    SiteKind,
    SnfHousingType,
    UnitKind,
)
from inspect_tui.domain.identifiers import (
    check_addition,
    check_country,
    check_email,
    check_house_letter,
    check_phone,
    normalise_bsn,
    normalise_kvk,
    normalise_postcode,
)
from inspect_tui.domain.limits import MAX_TEMPLATE_ID, Day, Figure, Moment, RecordId
from inspect_tui.domain.text import SafeLongText, SafeText, one_line

Kvk = Annotated[str, AfterValidator(normalise_kvk)]
ShortText = SafeText
Text255 = Annotated[str, Field(max_length=255), AfterValidator(one_line)]
Text100 = Annotated[str, Field(max_length=100), AfterValidator(one_line)]
Text50 = Annotated[str, Field(max_length=50), AfterValidator(one_line)]
Text20 = Annotated[str, Field(max_length=20), AfterValidator(one_line)]
LongText = SafeLongText
TemplateId = Annotated[str, Field(pattern=TEMPLATE_ID_PATTERN, max_length=MAX_TEMPLATE_ID)]
ItemId = Annotated[str, Field(pattern=ITEM_ID_PATTERN, max_length=100)]


def _sealed_value(value: str) -> str:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("a sealed value is base64 text") from None
    return value


SealedValue = Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_sealed_value)]


def _naive(moment: dt.datetime) -> dt.datetime:
    """A time comparable with any other: an aware time in UTC without its zone, a naive one as is."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


class Site(Record):
    """A housing location or workplace that is inspected."""

    table: ClassVar[str] = "sites"

    name: SafeText = Field(min_length=1)
    """Name as known on site, e.g. "Vakantiepark De Wilgen"."""
    kind: SiteKind = SiteKind.HOUSING
    """Housing or workplace."""
    housing_type: SnfHousingType | None = None
    """SNF woonvorm a–e (a regular dwelling … e holiday park); None for workplaces."""
    akf_category: AkfCategory | None = None
    """AKF category: year-round or seasonal housing; None when AKF does not apply."""
    sector: Sector = Sector.OTHER
    """Sector the occupants or workers work in."""
    high_risk: bool = False
    """Occupants work in a high-risk sector (one bedroom per person, aanbeveling 2.2)."""
    country: str = "NL"
    """ISO country code; an address abroad (e.g. DE) skips the Dutch rules."""
    street: ShortText | None = None
    """Street name."""
    house_number: int | None = Field(default=None, ge=1, le=99999)
    """BAG house number, 1–99999."""
    house_letter: Text20 | None = None
    """Optional single house letter."""
    house_addition: Text20 | None = None
    """Optional house number addition of up to 4 letters or digits."""
    postcode: Text20 | None = None
    """Dutch postcode written "1234 AB" (free text for an address abroad)."""
    city: ShortText | None = None
    """Town or city (woonplaats)."""
    operator_name: ShortText | None = None
    """Housing provider or operator of the site."""
    operator_kvk: Kvk | None = None
    """KvK number of the operator."""
    employer_name: ShortText | None = None
    """Employer (hirer, inlener) of the workers."""
    employer_kvk: Kvk | None = None
    """KvK number of the employer."""
    agency_name: ShortText | None = None
    """Temporary work agency (uitzendbureau) placing the workers."""
    agency_kvk: Kvk | None = None
    """KvK number of the agency."""
    agency_sna_certified: bool | None = None
    """The agency holds the SNA keurmerk (aanbeveling 1.2 / 4.8)."""
    certification: Certification = Certification.NONE
    """Housing certification: SNF, AKF or none."""
    certification_number: ShortText | None = None
    """Register number of the certification."""
    certification_valid_until: Day | None = None
    """Last day the certification is valid."""
    notes: LongText | None = None
    """Free notes about the site."""

    _blank = field_validator(
        "street",
        "house_letter",
        "house_addition",
        "postcode",
        "city",
        "operator_name",
        "operator_kvk",
        "employer_name",
        "employer_kvk",
        "agency_name",
        "agency_kvk",
        "certification_number",
        "notes",
        mode="before",
    )(_blank_to_none)

    @field_validator("house_letter")
    @classmethod
    def _letter(cls, value: str | None) -> str | None:
        return None if value is None else check_house_letter(value)

    @field_validator("house_addition")
    @classmethod
    def _addition(cls, value: str | None) -> str | None:
        return None if value is None else check_addition(value)

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        return check_country(value)

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or info.data.get("country", "NL") != "NL":
            return value
        return normalise_postcode(value)

    def address_line(self) -> str:
        """Address written the Dutch way: "Straat 12A-2, 1234 AB PLAATS"."""
        number = ""
        if self.house_number is not None:
            number = f"{self.house_number}{self.house_letter or ''}"
            if self.house_addition:
                number += f"-{self.house_addition}"
        first = " ".join(p for p in (self.street, number) if p)
        second = "  ".join(p for p in (self.postcode, (self.city or "").upper()) if p)
        if self.country != "NL":
            second = f"{second} ({self.country})".strip()
        return ", ".join(p for p in (first, second) if p)


class Unit(Record):
    """A building, caravan, room or bedroom on a site, as written on site."""

    table: ClassVar[str] = "units"

    site_id: RecordId
    """The site this unit belongs to."""
    label: Text100 = Field(min_length=1)
    """Label as written on site: "Chalet 14", "Caravan 7", "Kamer 2"."""
    kind: UnitKind = UnitKind.BUILDING
    """Building, caravan, room or bedroom."""
    parent_id: RecordId | None = None
    """Enclosing unit (a bedroom inside a house); None at the top."""
    floor_area_m2: float | None = Field(default=None, ge=0, le=100000)
    """Floor area in m² (living area for a dwelling, floor area for a bedroom)."""
    beds: int | None = Field(default=None, ge=0, le=10000)
    """Number of beds."""
    registered_persons: int | None = Field(default=None, ge=0, le=10000)
    """Persons the provider's register lists for this unit (aanbeveling 1.1)."""
    toilets: int | None = Field(default=None, ge=0, le=1000)
    """Toilets in this unit."""
    showers: int | None = Field(default=None, ge=0, le=1000)
    """Showers in this unit."""
    notes: LongText | None = None
    """Free notes about the unit."""

    @model_validator(mode="after")
    def _not_own_parent(self) -> Unit:
        if self.parent_id is not None and self.parent_id == self.id:
            raise ValueError("parent_id: a unit cannot be inside itself")
        return self


SEALABLE_FIELDS = ("bsn", "date_of_birth", "phone", "email")
"""Occupant fields that travel encrypted to the central system when its key is set."""


class Occupant(Record):
    """A person found living in a unit."""

    table: ClassVar[str] = "occupants"

    unit_id: RecordId
    """The unit the person lives (sleeps) in."""
    name: SafeText = Field(min_length=1)
    """Full name as given."""
    bsn: Text20 | None = None
    """Burgerservicenummer; optional, must pass the 11-proef, always shown masked."""
    date_of_birth: dt.date | None = None
    """Date of birth."""
    nationality: Text20 | None = None
    """Nationality as ISO country code, e.g. PL."""
    employer: ShortText | None = None
    """Employer (hirer) the person works for."""
    agency: ShortText | None = None
    """Agency that placed the person."""
    phone: Text50 | None = None
    """Phone number."""
    email: SafeText | None = None
    """E-mail address."""
    brp_status: BrpStatus = BrpStatus.UNKNOWN
    """Registration in the BRP: resident, RNI, not registered or unknown (aanbeveling 1.3)."""
    written_rental_contract: bool | None = None
    """A written rental contract exists (aanbeveling 2.6)."""
    contract_separate: bool | None = None
    """The rental contract is a document separate from the employment contract (since 2023-07-01)."""
    zorgpas_in_own_possession: bool | None = None
    """The person holds their own health-insurance card (aanbeveling 5.2)."""
    couple_with: RecordId | None = None
    """Occupant id of the partner sharing the bedroom (a couple counts as one for 2.2)."""
    sealed: dict[str, SealedValue] | None = Field(default=None, max_length=len(SEALABLE_FIELDS))
    """Personal fields encrypted to the central system's key (sealed box, base64), by field name."""

    _blank = field_validator(
        "bsn",
        "nationality",
        "employer",
        "agency",
        "phone",
        "email",
        "couple_with",
        mode="before",
    )(_blank_to_none)

    @field_validator("bsn")
    @classmethod
    def _bsn(cls, value: str | None) -> str | None:
        return None if value is None else normalise_bsn(value)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return None if value is None else check_phone(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return None if value is None else check_email(value)

    @field_validator("nationality")
    @classmethod
    def _nationality(cls, value: str | None) -> str | None:
        return None if value is None else check_country(value)

    @field_validator("date_of_birth")
    @classmethod
    def _born(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not dt.date(1900, 1, 1) <= value <= dt.date.today():
            raise ValueError("a date of birth lies between 1900-01-01 and today")
        return value

    @field_validator("sealed")
    @classmethod
    def _sealed_fields(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is not None and not set(value) <= set(SEALABLE_FIELDS):
            raise ValueError(f"only {', '.join(SEALABLE_FIELDS)} can be sealed")
        return value or None

    @model_validator(mode="after")
    def _not_own_partner(self) -> Occupant:
        if self.couple_with is not None and self.couple_with == self.id:
            raise ValueError("couple_with: a person cannot be their own partner")
        return self


class Inspection(Record):
    """One visit to a site, walking one or more checklist templates."""

    table: ClassVar[str] = "inspections"

    site_id: RecordId
    """The inspected site."""
    templates: list[TemplateId] = Field(min_length=1, max_length=20)
    """Checklist template ids used, e.g. ["snf", "covid-2020"]."""
    inspector: Text100 = Field(min_length=1)
    """Name of the inspector."""
    started_at: Moment
    """When the inspection started (local time of the device)."""
    completed_at: Moment | None = None
    """When it was completed and signed; None while a draft."""
    status: InspectionStatus = InspectionStatus.DRAFT
    """Draft, completed, returned (sent back by the team lead) or approved."""
    signed_by: Text100 | None = None
    """Name of who signed the inspection off."""
    previous_id: RecordId | None = None
    """Earlier inspection of the same site whose open findings this one re-inspects."""
    notes: LongText | None = None
    """General notes."""

    @field_validator("templates")
    @classmethod
    def _unique_templates(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each checklist template is used once")
        return value

    @model_validator(mode="after")
    def _completed_after_start(self) -> Inspection:
        if self.completed_at is not None and _naive(self.completed_at) < _naive(self.started_at):
            raise ValueError("completed_at: an inspection is completed after it started")
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


class DeadlinePolicy(BaseModel):
    """Days allowed to fix a finding, per severity (configurable)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

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


class Attachment(Record):
    """A photo or document attached to a finding; the bytes are stored once by SHA-256."""

    table: ClassVar[str] = "attachments"

    finding_id: RecordId
    """The finding it documents."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the file's bytes (the blob's key)."""
    file_name: Text255 = Field(min_length=1)
    """Original file name (no path)."""
    media_type: Text100 = Field(min_length=3)
    """Media type, e.g. image/jpeg."""
    size: int = Field(ge=0, le=1024**3)
    """Size in bytes."""


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
    created_at: Moment
    """When the decision was made."""

    @model_validator(mode="after")
    def _reason_needed(self) -> Review:
        needs_reason = self.decision in (ReviewDecision.SEND_BACK, ReviewDecision.REOPEN)
        if needs_reason and not (self.reason and self.reason.strip()):
            raise ValueError(f"reason: a reason is required to {self.decision.value.replace('_', ' ')}")
        return self


RECORD_TYPES: tuple[type[Record], ...] = (
    Site,
    Unit,
    Occupant,
    Inspection,
    Answer,
    Finding,
    Attachment,
    Review,
)
"""Every synchronised record type, parents before children."""

MODEL_BY_TABLE: dict[str, type[Record]] = {m.table: m for m in RECORD_TYPES}
