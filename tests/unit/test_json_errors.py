"""The JSON parsers' complaints in the interface language: every phrase both parsers give for a
broken text is known and said in Dutch; an unknown one is shown as written."""

from __future__ import annotations

import json
import re

import pytest
from pydantic import BaseModel, ValidationError

from inspect_tui.checklists import ChecklistError, parse_template
from inspect_tui.i18n import using
from inspect_tui.i18n.json_errors import PHRASES, json_phrase, json_problem
from inspect_tui.sync.errors import KeyProblem
from inspect_tui.sync.roster import parse_roster

BROKEN = [
    "", "{", '{"a"', '{"a":', '{"a":1', '{"a":1,', "{a:1}", "[1", "[1,", '{"a":1}x', '{"a":"\\q"}',
    '{"a":"\x01"}', '{"a":"\\ud800"}', '{"a":"\\u12"}', '{"a":-}', "nul", '{"a" 1}', "[1 2]", '"abc',
    '{"a":01}', "\ufeff{}", "{,}", '{"a":1,}', "[1,]", '{"a":.5}', "[" * 300,
]  # fmt: skip


class _Line(BaseModel):
    a: int = 0


def _pydantic_details() -> set[str]:
    found: set[str] = set()
    for text in BROKEN:
        try:
            _Line.model_validate_json(text)
        except ValidationError as exc:
            found.update(str((e.get("ctx") or {}).get("error")) for e in exc.errors() if e["type"] == "json_invalid")
    return found


def _json_phrases() -> set[str]:
    found: set[str] = set()
    for text in BROKEN:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            found.add(exc.msg)
        except RecursionError:
            pass
    return found


def test_every_phrase_the_parsers_give_is_known_and_dutch() -> None:
    details = _pydantic_details()
    phrases = {re.sub(r" at line \d+ column \d+$", "", d) for d in details} | _json_phrases()
    assert len(phrases) >= 20  # the broken texts reach most of what the parsers say
    assert phrases - set(PHRASES) == set(), "a parser phrase the catalog does not hold"
    with using("nl"):
        for phrase in phrases:
            assert json_phrase(phrase) != phrase, phrase
        for detail in details:
            assert re.search(r" op regel \d+, kolom \d+$", json_problem(detail)), detail


def test_english_is_the_parsers_own_and_an_unknown_phrase_stays_as_written() -> None:
    with using("en"):
        assert json_problem("expected `,` or `}` at line 1 column 30") == "expected `,` or `}` at line 1 column 30"
    with using("nl"):
        assert json_problem("expected `,` or `}` at line 1 column 30") == "`,` of `}` verwacht op regel 1, kolom 30"
        assert json_problem("a newer parser's words at line 2 column 1") == (
            "a newer parser's words op regel 2, kolom 1"
        )


def test_a_checklist_template_and_a_roster_say_it_in_dutch() -> None:
    with using("nl"), pytest.raises(ChecklistError, match=r"ongeldige JSON op regel 1, kolom 2: veldnaam tussen"):
        parse_template("{x}", "eigen.json")
    with (
        using("nl"),
        pytest.raises(KeyProblem, match=r"geen geldig rooster: ongeldige JSON op regel 1, kolom 1: waarde"),
    ):
        parse_roster("nee")
