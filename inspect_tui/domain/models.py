"""The inspection domain: sites, units, occupants, inspections and what they record.

Every model refuses bad values with a message that names the field and the rule.
"""

from __future__ import annotations

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

Kvk = Annotated[str, AfterValidator(normalise_kvk)]
ShortText = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=4000)]


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


class Site(Record):
    """A housing location or workplace that is inspected."""

    table: ClassVar[str] = "sites"

    name: str = Field(min_length=1, max_length=200)
    """Name as known on site, e.g. "Vakantiepark De Wilgen"."""
    kind: SiteKind = SiteKind.HOUSING
    """Housing or workplace."""
    housing_type: SnfHousingType | None = None
    """SNF woonvorm a–e (a regular dwelling … e holiday park); None for workplaces."""
    akf_category: AkfCategory | None = None
    """AKF category: year-round or seasonal housing; None when AKF does not apply."""
    sector: Sector = Sector.OTHER
    """Sector the occupants or workers work in."""
    high_risk: bool | None = None
    """Override: occupants do (true) or do not (false) work in a high-risk sector (aanbeveling 2.2);
    empty follows the sector (the high-risk sector table in the COVID checklist data)."""
    zoned_residential: bool | None = None
    """The site is zoned for residential use ("wonen"), which makes SNF type d's 12 m² apply; empty: unknown."""
    country: str = "NL"
    """ISO country code; an address abroad (e.g. DE) skips the Dutch rules."""
    street: ShortText | None = None
    """Street name."""
    house_number: int | None = Field(default=None, ge=1, le=99999)
    """BAG house number, 1–99999."""
    house_letter: str | None = None
    """Optional single house letter."""
    house_addition: str | None = None
    """Optional house number addition of up to 4 letters or digits."""
    postcode: str | None = None
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
    """Housing certification: SNF, AKF, both (snf_akf) or none."""
    certification_number: ShortText | None = None
    """Register number of the certification."""
    certification_valid_until: dt.date | None = None
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

    site_id: str
    """The site this unit belongs to."""
    label: str = Field(min_length=1, max_length=100)
    """Label as written on site: "Chalet 14", "Caravan 7", "Kamer 2"."""
    kind: UnitKind = UnitKind.BUILDING
    """Building, caravan, room or bedroom."""
    parent_id: str | None = None
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


SEALABLE_FIELDS = (
    "bsn",
    "date_of_birth",
    "phone",
    "email",
    "abroad_street",
    "abroad_city",
    "health_insurer",
)
"""Occupant fields that travel encrypted to the central system when its key is set."""


class Occupant(Record):
    """A person found living in a unit."""

    table: ClassVar[str] = "occupants"

    unit_id: str
    """The unit the person lives (sleeps) in."""
    name: str = Field(min_length=1, max_length=200)
    """Full name as given."""
    bsn: str | None = None
    """Burgerservicenummer; optional, must pass the 11-proef, always shown masked."""
    date_of_birth: dt.date | None = None
    """Date of birth."""
    nationality: str | None = None
    """Nationality as ISO country code, e.g. PL."""
    employer: ShortText | None = None
    """Employer (hirer) the person works for."""
    agency: ShortText | None = None
    """Agency that placed the person."""
    phone: str | None = None
    """Phone number."""
    email: str | None = None
    """E-mail address."""
    brp_status: BrpStatus = BrpStatus.UNKNOWN
    """Registration in the BRP: resident, RNI, not registered or unknown (aanbeveling 1.3)."""
    written_rental_contract: bool | None = None
    """A written rental contract exists (aanbeveling 2.6)."""
    contract_separate: bool | None = None
    """The rental contract is a document separate from the employment contract (since 2023-07-01)."""
    zorgpas_in_own_possession: bool | None = None
    """The person holds their own health-insurance card (aanbeveling 5.2)."""
    couple_with: str | None = None
    """Occupant id of the partner sharing the bedroom (a couple counts as one for 2.2)."""
    abroad_country: str | None = None
    """Country of the home address abroad, ISO code (aanbeveling 1.1)."""
    abroad_city: ShortText | None = None
    """City of the home address abroad."""
    abroad_street: ShortText | None = None
    """Street and number of the home address abroad."""
    arrived_in_nl: dt.date | None = None
    """Date of arrival in the Netherlands (aanbeveling 1.3)."""
    expected_stay_until: dt.date | None = None
    """Expected last day of the stay; more than four months within six means BRP, shorter RNI."""
    in_unit_since: dt.date | None = None
    """Living in this unit since (a stable group of 2+ weeks may travel together, aanbeveling 3.3)."""
    health_insured: bool | None = None
    """Has Dutch health insurance (aanbeveling 5.3/5.4)."""
    health_insurer: ShortText | None = None
    """Name of the health insurer."""
    insured_until: dt.date | None = None
    """Last day of the insurance, if known (it should not end at once with the job)."""
    sealed: dict[str, str] | None = None
    """Personal fields encrypted to the central system's key (sealed box, base64), by field name."""

    _blank = field_validator(
        "bsn",
        "nationality",
        "employer",
        "agency",
        "phone",
        "email",
        "couple_with",
        "abroad_country",
        "abroad_city",
        "abroad_street",
        "health_insurer",
        mode="before",
    )(_blank_to_none)

    @field_validator("abroad_country")
    @classmethod
    def _abroad_country(cls, value: str | None) -> str | None:
        return None if value is None else check_country(value)

    @model_validator(mode="after")
    def _stay_in_order(self) -> Occupant:
        if self.arrived_in_nl and self.expected_stay_until and self.expected_stay_until < self.arrived_in_nl:
            raise ValueError("expected_stay_until: the stay cannot end before the arrival in the Netherlands")
        return self

    def expected_registration(self) -> str | None:
        """``ingezetene`` (BRP) for an expected stay of more than four months, ``rni`` for a shorter one
        (aanbeveling 1.3: more than 4 months within 6); ``None`` while the dates are unknown."""
        if self.arrived_in_nl is None or self.expected_stay_until is None:
            return None
        start = self.arrived_in_nl
        month = start.month + 4
        year = start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = min(start.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
        four_months = dt.date(year, month, day)
        return "ingezetene" if self.expected_stay_until > four_months else "rni"

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

    site_id: str
    """The inspected site."""
    templates: list[str] = Field(min_length=1)
    """Checklist template ids used, e.g. ["snf", "covid-2020"]."""
    inspector: str = Field(min_length=1, max_length=100)
    """Name of the inspector."""
    started_at: dt.datetime
    """When the inspection started (local time of the device)."""
    completed_at: dt.datetime | None = None
    """When it was completed and signed; None while a draft."""
    status: InspectionStatus = InspectionStatus.DRAFT
    """Draft, completed, returned (sent back by the team lead) or approved."""
    signed_by: str | None = Field(default=None, max_length=100)
    """Name of who signed the inspection off."""
    previous_id: str | None = None
    """Earlier inspection of the same site whose open findings this one re-inspects."""
    notes: LongText | None = None
    """General notes."""

    @field_validator("templates")
    @classmethod
    def _unique_templates(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each checklist template is used once")
        return value

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

    inspection_id: str
    """The inspection."""
    item_id: str = Field(min_length=1, max_length=100)
    """Stable checklist item id, e.g. "snf.space.living_area_pp"."""
    value: str | None = Field(default=None, max_length=4000)
    """The answer as text: yes / no / n.a., a number, a choice, text or an ISO date."""
    verdict: AnswerVerdict = AnswerVerdict.UNKNOWN
    """Computed verdict: pass, fail, n.a. or unknown."""
    figure: float | None = None
    """Computed figure for a measured criterion, e.g. 11.1 (m² per person)."""
    note: LongText | None = None
    """Inspector's note."""
    computed: bool = False
    """The value was derived from the measurements by the item's rule, not entered by the inspector."""
    units: str | None = Field(default=None, max_length=20000)
    """Failing (then undecided) dwellings or bedrooms of a computed verdict, one per line,
    e.g. "Slaapkamer 3: 2.7 m²/p < 3.5"; "site-level" when judged on typed site figures."""
    judged_by: str | None = Field(default=None, max_length=200)
    """Checklist version and threshold that produced a computed verdict, e.g. "snf 2021.2: SNF, … [V]"."""


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

    inspection_id: str
    """The inspection that found it."""
    item_id: str | None = Field(default=None, max_length=100)
    """Checklist item it follows from; None for an occupancy or free finding."""
    unit_id: str | None = None
    """Unit concerned, when it is about one unit."""
    severity: Severity
    """Critical, major or minor."""
    description: str = Field(min_length=1, max_length=4000)
    """What is wrong, in the inspector's words."""
    deadline: dt.date
    """Date by which it must be fixed (default from severity)."""
    status: FindingStatus = FindingStatus.OPEN
    """Open or resolved."""
    partner: str | None = Field(default=None, max_length=50)
    """Partner regulator it is shared with (GGD, NVWA, gemeente, Arbeidsinspectie)."""
    origin_id: str | None = None
    """Earlier finding this re-inspects (confirmed resolved or still open)."""


class Attachment(Record):
    """A photo or document attached to a finding; the bytes are stored once by SHA-256."""

    table: ClassVar[str] = "attachments"

    finding_id: str
    """The finding it documents."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the file's bytes (the blob's key)."""
    file_name: str = Field(min_length=1, max_length=255)
    """Original file name (no path)."""
    media_type: str = Field(min_length=3, max_length=100)
    """Media type, e.g. image/jpeg."""
    size: int = Field(ge=0)
    """Size in bytes."""


class Review(Record):
    """A team lead's (or inspector's) decision on an inspection."""

    table: ClassVar[str] = "reviews"

    inspection_id: str
    """The reviewed inspection."""
    reviewer: str = Field(min_length=1, max_length=100)
    """Who decided."""
    decision: ReviewDecision
    """Approve, send back, comment or reopen."""
    reason: str | None = Field(default=None, max_length=4000)
    """Why; required when sending back or reopening."""
    created_at: dt.datetime
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
