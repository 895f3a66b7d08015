"""The inspection domain: sites, units, occupants, inspections and what they record.

Every model refuses bad values with a message that names the field and the rule.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from inspect_tui.domain.base import Record
from inspect_tui.domain.enums import (
    AkfCategory,
    BrpStatus,
    Certification,
    Sector,
    SiteKind,
    SnfHousingType,
    UnitKind,
)
from inspect_tui.domain.fields import (  # noqa: F401 - re-exported
    ItemId,
    Kvk,
    LongText,
    SealedValue,
    ShortText,
    TemplateId,
    Text20,
    Text50,
    Text100,
    Text255,
    _blank_to_none,
    _naive,
)
from inspect_tui.domain.identifiers import (
    check_addition,
    check_country,
    check_email,
    check_house_letter,
    check_phone,
    normalise_bsn,
    normalise_postcode,
)
from inspect_tui.domain.limits import Day, RecordId
from inspect_tui.domain.text import SafeText
from inspect_tui.domain.visit_records import (
    Answer as Answer,
)
from inspect_tui.domain.visit_records import (
    Attachment as Attachment,
)
from inspect_tui.domain.visit_records import (
    DeadlineExtension as DeadlineExtension,
)
from inspect_tui.domain.visit_records import (
    DeadlinePolicy as DeadlinePolicy,
)
from inspect_tui.domain.visit_records import (
    Finding as Finding,
)
from inspect_tui.domain.visit_records import (
    Inspection as Inspection,
)
from inspect_tui.domain.visit_records import (
    Review as Review,
)
from inspect_tui.domain.visit_records import (
    answer_id as answer_id,
)
from inspect_tui.i18n import _, format_date


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
    """Housing certification: SNF, AKF, both (snf_akf) or none."""
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
        from inspect_tui.domain.address import address_line

        return address_line(
            self.street,
            self.house_number,
            self.house_letter,
            self.house_addition,
            self.postcode,
            self.city,
            self.country,
        )


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
    burners: int | None = Field(default=None, ge=0, le=1000)
    """Cooking burners (kookpitten) in this unit."""
    fridge_litres: float | None = Field(default=None, ge=0, le=100000)
    """Fridge and freezer capacity in this unit, in litres (all of them together)."""
    sockets: int | None = Field(default=None, ge=0, le=10000)
    """Wall sockets (stopcontacten) in this unit."""
    notes: LongText | None = None
    """Free notes about the unit."""

    @model_validator(mode="after")
    def _not_own_parent(self) -> Unit:
        if self.parent_id is not None and self.parent_id == self.id:
            raise ValueError("parent_id: " + _("a unit cannot be inside itself"))
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
    abroad_country: Text20 | None = None
    """Country of the home address abroad, ISO code (aanbeveling 1.1)."""
    abroad_city: ShortText | None = None
    """City of the home address abroad."""
    abroad_street: ShortText | None = None
    """Street and number of the home address abroad."""
    arrived_in_nl: Day | None = None
    """Date of arrival in the Netherlands (aanbeveling 1.3)."""
    expected_stay_until: Day | None = None
    """Expected last day of the stay; more than four months within six means BRP, shorter RNI."""
    in_unit_since: Day | None = None
    """Living in this unit since (a stable group of 2+ weeks may travel together, aanbeveling 3.3)."""
    health_insured: bool | None = None
    """Has Dutch health insurance (aanbeveling 5.3/5.4)."""
    health_insurer: ShortText | None = None
    """Name of the health insurer."""
    insured_until: Day | None = None
    """Last day of the insurance, if known (it should not end at once with the job)."""
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
            raise ValueError("expected_stay_until: " + _("the stay cannot end before the arrival in the Netherlands"))
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
        from inspect_tui.i18n.zone import today  # zoneinfo only when a date of birth is given

        if value is not None and not dt.date(1900, 1, 1) <= value <= today():
            raise ValueError(
                _("a date of birth lies between {first} and today").format(first=format_date(dt.date(1900, 1, 1)))
            )
        return value

    @field_validator("sealed")
    @classmethod
    def _sealed_fields(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is not None and not set(value) <= set(SEALABLE_FIELDS):
            raise ValueError(_("only {fields} can be sealed").format(fields=", ".join(SEALABLE_FIELDS)))
        return value or None

    @model_validator(mode="after")
    def _not_own_partner(self) -> Occupant:
        if self.couple_with is not None and self.couple_with == self.id:
            raise ValueError("couple_with: " + _("a person cannot be their own partner"))
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
