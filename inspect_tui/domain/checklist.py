"""Checklist templates as data: sections, items, their sources and the norm rules behind them.

A template is a human-edited JSON file (see ``inspect_tui/checklists``). Every threshold lives in
the data with its own source, confidence and dates, so an inspector can see which number of
which norm version produced a verdict. The evaluation itself lives in ``inspect_tui.domain.norms``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from inspect_tui.domain.checklist_words import COUNT_MEASURES
from inspect_tui.domain.checklist_words import AnswerType as AnswerType
from inspect_tui.domain.checklist_words import AppliesTo as AppliesTo
from inspect_tui.domain.checklist_words import Comparator as Comparator
from inspect_tui.domain.checklist_words import Confidence as Confidence
from inspect_tui.domain.checklist_words import MeasureKey as MeasureKey
from inspect_tui.domain.checklist_words import Metric as Metric
from inspect_tui.domain.enums import AkfCategory, Sector, Severity
from inspect_tui.domain.enums import RuleKind as RuleKind  # re-exported with the checklist data
from inspect_tui.domain.enums import SnfHousingType as HousingType
from inspect_tui.i18n import _

ITEM_ID_PATTERN = r"^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9_]*){2,}$"
"""``<template id>.<group>.<name>``, e.g. ``snf.space.living_area_pp``."""

TEMPLATE_ID_PATTERN = r"^[a-z][a-z0-9-]*$"
SECTION_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
CHOICE_VALUE_PATTERN = r"^[a-z0-9][a-z0-9_]*$"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
"""A day written yyyy-mm-dd in a template's text."""


def shown_days(text: str) -> str:
    """text with every day written yyyy-mm-dd as every date is shown, dd-mm-yyyy (a norm's name in
    a citation: ``Kamerbrief 2020-07-03`` → ``Kamerbrief 03-07-2020``; also in citations stored
    before they were written so)."""
    return _ISO_DAY.sub(lambda m: f"{m[3]}-{m[2]}-{m[1]}", text)


class Source(_Data):
    """Where a requirement comes from, how sure we are of it and when it applies."""

    norm: str = Field(min_length=1)
    """Norm or law, e.g. ``SNF 2021``, ``AKF 2024``, ``Arbowet``, ``Kamerbrief 2020-07-03``."""
    clause: str = Field(min_length=1)
    """Part of the norm, e.g. ``ruimte en privacy``, ``art. 5 lid 5``, ``aanbeveling 2.2``."""
    confidence: Confidence
    """V: read in a primary source; S: secondary source; U: unverified best-known value."""
    effective_from: dt.date
    """First day on which the requirement applies."""
    effective_until: dt.date | None = None
    """Last day on which the requirement applies (inclusive); empty while it still applies."""
    note: str | None = None
    """Anything an inspector should know about this source or value."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.effective_until is not None and self.effective_until < self.effective_from:
            raise ValueError(
                _("effective_until {until} is before effective_from {start}").format(
                    until=self.effective_until, start=self.effective_from
                )
            )
        return self

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the requirement applies on ``day``."""
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)

    def covers_period_of(self, other: Source) -> bool:
        """Whether this source is in force on every day ``other`` is."""
        if self.effective_from > other.effective_from:
            return False
        if self.effective_until is None:
            return True
        return other.effective_until is not None and other.effective_until <= self.effective_until

    @property
    def label(self) -> str:
        """Short citation, e.g. ``SNF 2021, ruimte en privacy [V]``; a date in the norm's name as
        every date is shown (``Kamerbrief 03-07-2020``, written ``2020-07-03`` in the template)."""
        return f"{shown_days(self.norm)}, {self.clause} [{self.confidence}]"


class Condition(_Data):
    """Site context a threshold is limited to; an empty condition applies everywhere."""

    housing_types: tuple[HousingType, ...] | None = Field(default=None, min_length=1)
    """SNF housing types (``a``–``e``) the threshold applies to."""
    akf_categories: tuple[AkfCategory, ...] | None = Field(default=None, min_length=1)
    """AKF categories the threshold applies to."""
    high_risk: bool | None = None
    """Only for sites whose occupants do (true) or do not (false) work in a high-risk sector."""
    zoned_residential: bool | None = None
    """Only for sites zoned (true) or not zoned (false) for residential use ("wonen")."""
    max_persons: int | None = Field(default=None, ge=1)
    """Only for a unit (dwelling or bedroom) where at most this many persons sleep."""

    def covers(self, other: Condition) -> bool:
        """Whether this condition holds for every site context ``other`` holds for."""
        for mine, theirs in (
            (self.housing_types, other.housing_types),
            (self.akf_categories, other.akf_categories),
        ):
            if mine is not None and (theirs is None or not set(theirs) <= set(mine)):
                return False
        for flag, other_flag in (
            (self.high_risk, other.high_risk),
            (self.zoned_residential, other.zoned_residential),
        ):
            if flag is not None and flag != other_flag:
                return False
        return self.max_persons is None or (other.max_persons is not None and other.max_persons <= self.max_persons)


class Step(_Data):
    """One band of a requirement that grows with the number of persons."""

    min_persons: int = Field(ge=0)
    """Smallest number of persons in this band."""
    max_persons: int | None = Field(default=None, ge=0)
    """Largest number of persons in this band; empty for the last, open-ended band."""
    fixed: int | None = Field(default=None, ge=0)
    """Required amount for every number of persons in this band."""
    per_persons: int | None = Field(default=None, ge=1)
    """One unit required per this many persons, rounded up."""

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if (self.fixed is None) == (self.per_persons is None):
            raise ValueError(_("a step needs exactly one of fixed or per_persons"))
        if self.max_persons is not None and self.max_persons < self.min_persons:
            raise ValueError(
                _("max_persons {most} is below min_persons {least}").format(
                    most=self.max_persons, least=self.min_persons
                )
            )
        return self

    def requirement(self, persons: int) -> int:
        """Required amount for ``persons`` persons in this band."""
        if self.fixed is not None:
            return self.fixed
        assert self.per_persons is not None  # guaranteed by _one_kind
        return -(-persons // self.per_persons)


class Threshold(_Data):
    """A limit with its source; either one value or a step function over persons."""

    value: float | None = Field(default=None, ge=0)
    """The limit the figure is compared with."""
    steps: tuple[Step, ...] | None = Field(default=None, min_length=1)
    """Bands over the number of persons, from 0 up without gaps; the last is open-ended."""
    condition: Condition | None = None
    """Site context this threshold is limited to; empty means every site."""
    source: Source
    """Where this number comes from and when it applies."""

    @model_validator(mode="after")
    def _value_or_steps(self) -> Self:
        if (self.value is None) == (self.steps is None):
            raise ValueError(_("a threshold needs exactly one of value or steps"))
        if self.steps is not None:
            expected_min = 0
            for index, step in enumerate(self.steps):
                if step.min_persons != expected_min:
                    raise ValueError(
                        _("steps[{index}] starts at {start}, expected {expected}").format(
                            index=index, start=step.min_persons, expected=expected_min
                        )
                    )
                is_last = index == len(self.steps) - 1
                if (step.max_persons is None) != is_last:
                    raise ValueError(_("only the last step is open-ended (no max_persons)"))
                expected_min = (step.max_persons or 0) + 1
        return self

    def limit(self, persons: int | None) -> float | None:
        """The limit for ``persons`` persons; ``None`` if it depends on an unknown number of persons."""
        if self.value is not None:
            return self.value
        if persons is None or self.steps is None:
            return None
        for step in self.steps:
            if step.max_persons is None or persons <= step.max_persons:
                return float(step.requirement(persons))
        raise AssertionError("the last step is open-ended")  # guaranteed by _value_or_steps

    def shadows(self, later: Threshold) -> bool:
        """Whether this threshold, listed first, applies wherever and whenever ``later`` does."""
        mine = self.condition or Condition()
        return mine.covers(later.condition or Condition()) and self.source.covers_period_of(later.source)


class Rule(_Data):
    """A test of one computed figure against thresholds; the first threshold that applies is used."""

    metric: Metric
    """The figure computed from the measurements."""
    comparator: Comparator
    """``>=``: the figure must reach the threshold; ``<=``: it must not exceed it."""
    thresholds: tuple[Threshold, ...] = Field(min_length=1)
    """Candidate limits in order; put specific conditions and newer dates before general ones."""

    @model_validator(mode="after")
    def _thresholds_reachable(self) -> Self:
        for index, threshold in enumerate(self.thresholds):
            if threshold.steps is not None and self.metric is not Metric.BURNERS:
                raise ValueError(f"thresholds[{index}]: " + _("steps are only supported for the burners metric"))
            for earlier_index, earlier in enumerate(self.thresholds[:index]):
                if earlier.shadows(threshold):
                    raise ValueError(
                        _(
                            "thresholds[{index}] is never used: thresholds[{earlier}] comes first "
                            "and applies to the same sites on the same dates"
                        ).format(index=index, earlier=earlier_index)
                    )
        return self


class Choice(_Data):
    """One option of a ``choice`` item."""

    value: str = Field(pattern=CHOICE_VALUE_PATTERN)
    """Stored code of the option, e.g. ``rni``."""
    text_nl: str = Field(min_length=1)
    """Label in Dutch."""
    text_en: str = Field(min_length=1)
    """Label in English."""


class Item(_Data):
    """One check or measurement on a checklist."""

    id: str = Field(pattern=ITEM_ID_PATTERN)
    """Stable id ``<template>.<group>.<name>``; answers are stored under it, so never rename it."""
    section: str
    """Id of the section the item is shown in."""
    text_nl: str = Field(min_length=1)
    """Short Dutch paraphrase of the requirement (never copied norm text)."""
    text_en: str = Field(min_length=1)
    """Short English paraphrase of the requirement."""
    answer_type: AnswerType
    """Kind of answer the item takes."""
    unit: str | None = None
    """Unit of a ``number`` or ``count`` answer, e.g. ``m²`` or ``toilets``."""
    choices: tuple[Choice, ...] | None = None
    """Options of a ``choice`` item."""
    required: bool = True
    """Whether the inspection is incomplete without an answer."""
    severity_if_failed: Severity
    """Weight of the finding when the item fails."""
    source: Source
    """The norm this item checks."""
    measure: MeasureKey | None = None
    """Measurement this ``number``/``count`` item records, e.g. ``toilets``."""
    rule: Rule | None = None
    """Computed check that suggests the answer of this ``yes_no_na`` item."""
    expected: Literal["yes", "no"] = "yes"
    """Answer of a ``yes_no_na`` item that passes."""
    rule_kind: RuleKind | None = None
    """Law, certification norm or recommendation; empty takes the template's ``rule_kind``."""

    @model_validator(mode="after")
    def _consistent_with_answer_type(self) -> Self:
        problems = self._answer_type_problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _answer_type_problems(self) -> list[str]:
        kind = self.answer_type
        numeric = kind in (AnswerType.NUMBER, AnswerType.COUNT)
        problems: list[str] = []
        if numeric and not self.unit:
            problems.append(_("a {kind} item needs a unit").format(kind=kind))
        if not numeric and self.unit is not None:
            problems.append(_("unit is only for number and count items, not {kind}").format(kind=kind))
        if kind is AnswerType.CHOICE:
            values = [choice.value for choice in self.choices or ()]
            if len(values) < 2:
                problems.append(_("a choice item needs at least two choices"))
            if len(set(values)) != len(values):
                problems.append(_("choice values must be unique"))
        elif self.choices is not None:
            problems.append(_("choices are only for choice items, not {kind}").format(kind=kind))
        if self.measure is not None:
            wanted = AnswerType.COUNT if self.measure in COUNT_MEASURES else AnswerType.NUMBER
            if kind is not wanted:
                problems.append(
                    _("measure {measure} is recorded by a {wanted} item, not {kind}").format(
                        measure=self.measure, wanted=wanted, kind=kind
                    )
                )
        if self.rule is not None:
            if kind is not AnswerType.YES_NO_NA:
                problems.append(_("a rule belongs on a yes_no_na item, not {kind}").format(kind=kind))
            if self.expected != "yes":
                problems.append(_("an item with a rule passes on 'yes'; expected must be 'yes'"))
        if self.expected != "yes" and kind is not AnswerType.YES_NO_NA:
            problems.append(_("expected is only for yes_no_na items, not {kind}").format(kind=kind))
        return problems


class Section(_Data):
    """A group of items, shown in template order."""

    id: str = Field(pattern=SECTION_ID_PATTERN)
    """Id items refer to, e.g. ``space``."""
    title_nl: str = Field(min_length=1)
    """Title in Dutch."""
    title_en: str = Field(min_length=1)
    """Title in English."""


class SectorRisk(_Data):
    """A sector whose occupants count as high-risk unless the site records otherwise."""

    sector: Sector
    """The sector, e.g. ``meat_processing``."""
    source: Source
    """Where the sector is named as high-risk."""


def _item_error(item_id: str, problem: str) -> PydanticCustomError:
    # The item id travels in the error context so loaders can name the item.
    return PydanticCustomError("checklist_item", "{problem}", {"item_id": item_id, "problem": problem})


class ChecklistTemplate(_Data):
    """A checklist: ordered sections and the items in them."""

    id: str = Field(pattern=TEMPLATE_ID_PATTERN)
    """Template id, e.g. ``snf``, ``akf``, ``rie``, ``covid-2020``; also the prefix of its item ids."""
    version: str = Field(min_length=1)
    """Version of this template's content."""
    title_nl: str = Field(min_length=1)
    """Title in Dutch."""
    title_en: str = Field(min_length=1)
    """Title in English."""
    applies_to: AppliesTo
    """Kind of site the template is for."""
    description: str
    """What the template covers and what it leaves out."""
    rule_kind: RuleKind
    """Kind of rule of the template's items unless an item says otherwise."""
    sections: tuple[Section, ...] = Field(min_length=1)
    """Sections in display order."""
    items: tuple[Item, ...] = Field(min_length=1)
    """Items in display order within their sections."""
    high_risk_sectors: tuple[SectorRisk, ...] = ()
    """Sectors whose occupants count as high-risk by default, each with its source."""

    def kind_of(self, item: Item) -> RuleKind:
        """The item's kind of rule: its own, else the template's."""
        return item.rule_kind or self.rule_kind

    @model_validator(mode="after")
    def _structure(self) -> Self:
        section_ids = [section.id for section in self.sections]
        for index, section_id in enumerate(section_ids):
            if section_id in section_ids[:index]:
                raise ValueError(_("section id {id} is used twice").format(id=repr(section_id)))
        first_index: dict[str, int] = {}
        ruled: dict[Metric, str] = {}
        for index, item in enumerate(self.items):
            if item.id.split(".", 1)[0] != self.id:
                raise _item_error(item.id, _("item ids in this template start with '{prefix}.'").format(prefix=self.id))
            if item.id in first_index:
                raise _item_error(
                    item.id,
                    _("id is used twice (items[{first}] and items[{second}])").format(
                        first=first_index[item.id], second=index
                    ),
                )
            first_index[item.id] = index
            if item.section not in section_ids:
                raise _item_error(
                    item.id,
                    _("unknown section {section}; sections: {sections}").format(
                        section=repr(item.section), sections=", ".join(section_ids)
                    ),
                )
            if self.kind_of(item) is RuleKind.RECOMMENDATION and item.severity_if_failed is Severity.CRITICAL:
                raise _item_error(item.id, _("a recommendation is advice when failed; it cannot be critical"))
            if item.rule is not None:
                metric = item.rule.metric
                if metric in ruled:
                    raise _item_error(
                        item.id,
                        _("metric {metric} already has a rule in item {item}").format(
                            metric=metric, item=repr(ruled[metric])
                        ),
                    )
                ruled[metric] = item.id
        return self

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id``; ``KeyError`` if there is none."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def items_in(self, section_id: str) -> tuple[Item, ...]:
        """Items of one section in display order."""
        return tuple(item for item in self.items if item.section == section_id)

    def rule_item(self, metric: Metric) -> Item | None:
        """The item whose rule tests ``metric``, if any."""
        return next((item for item in self.items if item.rule and item.rule.metric is metric), None)
