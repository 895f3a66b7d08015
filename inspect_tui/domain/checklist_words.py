"""The words of checklist data: confidence marks, answer types, what an item applies to, the
measurements and metrics a rule compares, and the comparators (re-exported by ``domain.checklist``)."""

from __future__ import annotations

from enum import StrEnum


class Confidence(StrEnum):
    """How sure we are of a requirement (see shared/domain/NORMS.md)."""

    VERIFIED = "V"
    SECONDARY = "S"
    UNVERIFIED = "U"


class AnswerType(StrEnum):
    """What kind of answer an item takes."""

    YES_NO_NA = "yes_no_na"
    NUMBER = "number"
    COUNT = "count"
    CHOICE = "choice"
    TEXT = "text"
    DATE = "date"


class AppliesTo(StrEnum):
    """Kind of site a template is meant for."""

    HOUSING = "housing"
    WORKPLACE = "workplace"
    BOTH = "both"


class MeasureKey(StrEnum):
    """Raw figures an inspector records on site; the fields of ``norms.Measurements``."""

    PERSONS = "persons"
    LIVING_AREA_M2 = "living_area_m2"
    BEDROOM_AREA_M2 = "bedroom_area_m2"
    BEDROOMS = "bedrooms"
    MAX_PERSONS_IN_A_BEDROOM = "max_persons_in_a_bedroom"
    TOILETS = "toilets"
    SHOWERS = "showers"
    BURNERS = "burners"
    FRIDGE_LITRES = "fridge_litres"
    SOCKETS = "sockets"
    WALKABLE_FLOOR_M2 = "walkable_floor_m2"


COUNT_MEASURES = frozenset(
    {
        MeasureKey.PERSONS,
        MeasureKey.BEDROOMS,
        MeasureKey.MAX_PERSONS_IN_A_BEDROOM,
        MeasureKey.TOILETS,
        MeasureKey.SHOWERS,
        MeasureKey.BURNERS,
        MeasureKey.SOCKETS,
    }
)
"""Measurements that are whole numbers; recorded by ``count`` items, the rest by ``number`` items."""


class Metric(StrEnum):
    """Figures computed from measurements that a rule can test."""

    LIVING_AREA_PER_PERSON = "living_area_per_person"
    BEDROOM_AREA_PER_PERSON = "bedroom_area_per_person"
    PERSONS_PER_BEDROOM = "persons_per_bedroom"
    PERSONS_PER_TOILET = "persons_per_toilet"
    PERSONS_PER_SHOWER = "persons_per_shower"
    BURNERS = "burners"
    FRIDGE_LITRES_PER_PERSON = "fridge_litres_per_person"
    SOCKETS_PER_RESIDENT = "sockets_per_resident"
    WALKABLE_FLOOR_PER_PERSON = "walkable_floor_per_person"


class Comparator(StrEnum):
    """How a figure must relate to its threshold to pass."""

    AT_LEAST = ">="
    AT_MOST = "<="

    @property
    def symbol(self) -> str:
        """The comparator as shown on screen."""
        return "≥" if self is Comparator.AT_LEAST else "≤"
