"""The pure answer rules: stored form, verdict, computed answers (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from inspect_tui.checklists import load_template
from inspect_tui.domain.answers import (
    AnswerRejected,
    measurement_sources,
    normalise_value,
    rule_answer,
    stored_form_problem,
    verdict_for,
)
from inspect_tui.domain.checklist import AnswerType, Item
from inspect_tui.domain.enums import AnswerVerdict, SnfHousingType
from inspect_tui.domain.norms import Measurements, SiteContext, Verdict, evaluate


def _item(kind: AnswerType) -> Item:
    items = [*load_template("snf").items, *load_template("rie").items]  # rie has the date item
    return next(i for i in items if i.answer_type is kind and i.rule is None)


@pytest.mark.parametrize(
    ("kind", "given", "stored"),
    [
        (AnswerType.YES_NO_NA, " Ja ", "yes"),
        (AnswerType.YES_NO_NA, "n.v.t.", "n.a."),
        (AnswerType.NUMBER, "12,5", "12.5"),
        (AnswerType.NUMBER, "349,9999", "349.9999"),  # was 350: 3.499999 m²/p for 100 judged as 3.5
        (AnswerType.NUMBER, "1199.995", "1199.995"),  # was 1199.99
        (AnswerType.NUMBER, "1000000", "1000000"),
        (AnswerType.NUMBER, "0,000015", "0.000015"),
        (AnswerType.COUNT, "3.0", "3"),
        (AnswerType.YES_NO_NA, "   ", None),
    ],
)
def test_answers_get_their_stored_form(kind: AnswerType, given: str, stored: str | None) -> None:
    assert normalise_value(_item(kind), given) == stored


@pytest.mark.parametrize(
    ("kind", "given", "message"),
    [
        (AnswerType.YES_NO_NA, "misschien", "answer yes, no or n.a."),
        (AnswerType.NUMBER, "-1", "cannot be negative"),
        (AnswerType.NUMBER, "nan", "is not a number"),
        (AnswerType.NUMBER, "inf", "is not a number"),
        (AnswerType.NUMBER, "1e400", "is not a number"),  # beyond any float: infinite, never "negative"
        (AnswerType.NUMBER, "-Infinity", "is not a number"),
        (AnswerType.COUNT, "2,5", "whole number"),
        (AnswerType.NUMBER, "veel", "is not a number"),
    ],
)
def test_bad_answers_are_rejected_with_what_the_item_accepts(kind: AnswerType, given: str, message: str) -> None:
    item = _item(kind)
    with pytest.raises(AnswerRejected, match=message) as caught:
        normalise_value(item, given)
    assert str(caught.value).startswith(item.id) and "\n" not in str(caught.value)


@pytest.mark.parametrize("given", ["1.000", "12.500", "1.250.000", "+2.000"])
@pytest.mark.parametrize("kind", [AnswerType.NUMBER, AnswerType.COUNT])
def test_a_figure_with_a_dot_before_three_digits_is_refused_not_guessed(kind: AnswerType, given: str) -> None:
    """ "1.000" is a thousand in Dutch and one in English: it was stored as 1 (a count of 1,000
    persons as one person). Refused with both ways to write it."""
    whole, decimal = given.replace(".", ""), given.replace(".", ",")
    with pytest.raises(AnswerRejected, match="can be read two ways") as caught:
        normalise_value(_item(kind), given)
    assert f"write {whole} for the whole number, or {decimal} with a comma" in str(caught.value)


@pytest.mark.parametrize("given", ["9999999999999999", "9223372036854775807", "12,34567890123456789"])
@pytest.mark.parametrize("kind", [AnswerType.NUMBER, AnswerType.COUNT])
def test_a_figure_with_more_digits_than_it_keeps_is_refused(kind: AnswerType, given: str) -> None:
    """9999999999999999 was stored as 10000000000000000: not the figure typed."""
    if kind is AnswerType.COUNT and "," in given:
        return
    with pytest.raises(AnswerRejected, match="more digits than a figure keeps exactly"):
        normalise_value(_item(kind), given)


@pytest.mark.parametrize("given", ["999999999999999", "12,3456789012345", "0,000000000000001", "12,500000000000000"])
def test_fifteen_digits_are_kept_as_typed(given: str) -> None:
    stored = normalise_value(_item(AnswerType.NUMBER), given)
    assert stored is not None and float(stored) == float(given.replace(",", "."))


@pytest.mark.parametrize(
    ("given", "stored"),
    [("1000", "1000"), ("1,5", "1.5"), ("1.5", "1.5"), ("12.50", "12.5"), ("1.0000", "1"), ("1,000", "1")],
)
def test_figures_that_read_one_way_are_taken(given: str, stored: str) -> None:
    """A comma is the decimal sign (as Dutch inspectors type it); a dot is one too unless three digits follow."""
    assert normalise_value(_item(AnswerType.NUMBER), given) == stored


@pytest.mark.parametrize("given", ["1_5", "1e3", "1.5e1", "\u0661\u0665", "1,5,0", "0x10", "12 5", "½"])
@pytest.mark.parametrize("kind", [AnswerType.NUMBER, AnswerType.COUNT])
def test_a_figure_not_written_in_digits_is_refused_not_read_as_another(kind: AnswerType, given: str) -> None:
    """float() reads "1_5" as 15, "1e3" as 1000 and Arabic-Indic "١٥" as 15: a slip stored as another figure."""
    with pytest.raises(AnswerRejected, match="is not a number") as caught:
        normalise_value(_item(kind), given)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("given", "stored"), [(",5", "0.5"), ("7.", "7"), ("+3", "3"), (" 12,25 ", "12.25")])
def test_figures_written_with_one_decimal_sign_are_taken(given: str, stored: str) -> None:
    assert normalise_value(_item(AnswerType.NUMBER), given) == stored


def test_an_answer_against_expectation_fails() -> None:
    item = _item(AnswerType.YES_NO_NA)
    wrong = "no" if item.expected == "yes" else "yes"
    assert verdict_for(item, item.expected) is AnswerVerdict.PASS
    assert verdict_for(item, wrong) is AnswerVerdict.FAIL
    assert verdict_for(item, None) is AnswerVerdict.UNKNOWN
    assert verdict_for(item, "n.a.") is AnswerVerdict.NOT_APPLICABLE


def _verdict(applies: bool, passed: bool | None) -> Verdict:
    """A real verdict of an SNF rule, with whether a threshold applied and the outcome set."""
    context = SiteContext(on_date=dt.date(2026, 11, 16), housing_type=SnfHousingType.REGULAR_DWELLING)
    judged = [evaluate(i.rule, Measurements(), context) for i in load_template("snf").items if i.rule is not None]
    applying = next(v for v in judged if v.applies)
    return applying.model_copy(update={"source": applying.source if applies else None, "passed": passed})


def test_a_computed_answer_follows_the_rule() -> None:
    assert rule_answer(_verdict(False, None), answered_before=False) == ("n.a.", AnswerVerdict.NOT_APPLICABLE)
    assert rule_answer(_verdict(True, True), answered_before=False) == ("yes", AnswerVerdict.PASS)
    assert rule_answer(_verdict(True, False), answered_before=True) == ("no", AnswerVerdict.FAIL)
    # An unknown figure clears an earlier computed answer, and writes nothing when there was none.
    assert rule_answer(_verdict(True, None), answered_before=True) == (None, AnswerVerdict.UNKNOWN)
    assert rule_answer(_verdict(True, None), answered_before=False) is None


@pytest.mark.parametrize(
    ("kind", "typed"),
    [
        (AnswerType.NUMBER, "12,5"),
        (AnswerType.NUMBER, "1000000"),
        (AnswerType.NUMBER, "0,000015"),
        (AnswerType.COUNT, "7"),
        (AnswerType.YES_NO_NA, "nee"),
        (AnswerType.DATE, "03-12-2026"),
    ],
)
def test_every_value_the_app_stores_is_a_stored_form(kind: AnswerType, typed: str) -> None:
    """What normalise_value stores (and earlier releases' "1e+06", "1.5e-05") is taken when a bundle carries it."""
    item = _item(kind)
    assert stored_form_problem(item, normalise_value(item, typed)) is None


@pytest.mark.parametrize(
    ("kind", "carried"),
    [
        (AnswerType.NUMBER, "12,5"),
        (AnswerType.NUMBER, " 12"),
        (AnswerType.NUMBER, "inf"),
        (AnswerType.NUMBER, "1e999"),
        (AnswerType.COUNT, "\u0661\u0665"),
        (AnswerType.YES_NO_NA, "ja"),
        (AnswerType.DATE, "2026-02-30"),
        (AnswerType.DATE, "20261203"),
    ],
)
def test_a_value_no_form_stores_is_named(kind: AnswerType, carried: str) -> None:
    assert stored_form_problem(_item(kind), carried) is not None


def test_a_stored_value_that_is_no_number_gives_no_figure() -> None:
    """Held from before the rule on arrival: "abc" stopped the judge; "1_5" was judged as 15 m²."""
    snf = load_template("snf")
    area = next(i for i in snf.items if i.measure is not None and i.answer_type is AnswerType.NUMBER)
    for value in ("abc", "1_5", "nan"):
        assert measurement_sources(snf.items, {}, {area.id: value}) == {}
    assert area.measure is not None
    assert measurement_sources(snf.items, {}, {area.id: "11.5"}) == {area.measure.value: (11.5, "answer")}
