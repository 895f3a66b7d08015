"""What an inspection was judged on, frozen when it is signed.

A completed or approved inspection is read from this snapshot, never from today's units and
occupants: a report printed later shows what was signed, the persons found on site included
(who, in which unit, registered how; no other personal data is copied here).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from inspect_tui.domain.enums import BrpStatus
from inspect_tui.domain.fields import TemplateId, Text50, Text100
from inspect_tui.domain.limits import Day, RecordId
from inspect_tui.domain.norms import SiteContext

MAX_FROZEN_UNITS = 5000
"""Most units one signed snapshot keeps (a large park with its bedrooms)."""
MAX_FROZEN_OCCUPANTS = 20000
"""Most persons one signed snapshot names (four to a unit of the largest park)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FrozenUnit(_Strict):
    """Occupancy of one unit when the inspection was signed."""

    unit_id: RecordId
    label: Text100
    kind: Text50
    parent_id: RecordId | None = None
    persons: int = Field(ge=0, le=100000)
    """Persons sleeping in this unit and every unit inside it."""
    own_persons: int = Field(default=0, ge=0, le=100000)
    beds: int | None = Field(default=None, ge=0, le=100000)
    registered: int | None = Field(default=None, ge=0, le=100000)
    floor_area_m2: float | None = Field(default=None, ge=0, le=1000000)
    couples_only: bool = False
    toilets: int | None = Field(default=None, ge=0, le=100000)
    showers: int | None = Field(default=None, ge=0, le=100000)
    flags: list[Text50] = Field(default_factory=list, max_length=20)
    """overcrowded, bedroom_shared_high_risk, register_mismatch."""


class FrozenOccupant(_Strict):
    """A person recorded on site when the inspection was signed: where, and how registered then."""

    occupant_id: RecordId
    unit_id: RecordId
    brp_status: BrpStatus


class FrozenFigure(_Strict):
    """One measurement the verdicts used, and where it came from ("site" or "answer")."""

    key: Text50
    value: float = Field(ge=-1e12, le=1e12)
    source: Text50


class SignedFreeze(_Strict):
    """Occupancy, figures, site context and rule versions an inspection was signed with."""

    units: list[FrozenUnit] = Field(default_factory=list, max_length=MAX_FROZEN_UNITS)
    figures: list[FrozenFigure] = Field(default_factory=list, max_length=100)
    context: SiteContext
    """Housing type, AKF category, high risk and zoning on the inspection's date."""
    sector: Text50
    """The site's sector when signed."""
    rule_versions: dict[TemplateId, Text50] = Field(default_factory=dict, max_length=20)
    """Checklist template id → version whose thresholds judged the answers."""
    signed_on: Day
    """The day the snapshot was taken (the signing day)."""
    occupants: list[FrozenOccupant] | None = Field(default=None, max_length=MAX_FROZEN_OCCUPANTS)
    """The persons recorded on site when signed; None for an inspection signed before they were kept."""

    def sources(self) -> dict[str, tuple[float, str]]:
        """The figures as ``measurement_sources`` gives them."""
        return {f.key: (f.value, f.source) for f in self.figures}
