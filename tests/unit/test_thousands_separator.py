"""Counts in the interface language: a Dutch reader takes ``100,000`` for a hundred, so no text
formats a count with Python's ``{n:,}`` (always a comma) and every count is written for the language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspect_tui import i18n
from inspect_tui.i18n import counts, format_number

LOCALE = Path(i18n.__file__).parent / "locale"
NUMBERS = (0, 1, 7, 999, 1_000, 1_250, 99_999, 100_000, 1_234_567, 2_453_270)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_count_has_the_separator_babel_gives_the_language(lang: str) -> None:
    with i18n.using(lang):
        for n in NUMBERS:
            assert counts.count_text(n) == format_number(n, 0), (lang, n)


def test_dutch_counts_group_thousands_with_a_dot() -> None:
    with i18n.using("nl"):
        assert counts.records_and_revisions("sites", 1_250, 100_000) == "1.250 locaties (100.000 revisies)"
        assert counts.kind_count("inspections", 100_000) == "100.000 inspecties"
        assert counts.occupancy_counts(1_200, 2, 3_000, registered=2_000) == (
            "1.200 personen in 2 eenheden · 2.000 in het register · 3.000 gesignaleerd"
        )
    with i18n.using("en"):
        assert counts.records_and_revisions("sites", 1_250, 100_000) == "1,250 sites (100,000 revisions)"


def test_no_text_to_translate_formats_a_count_with_a_comma() -> None:
    spec = re.compile(r"\{\w*:[^}]*,[^}]*\}")
    for catalog in (LOCALE / "inspect_tui.pot", LOCALE / "nl" / "LC_MESSAGES" / "inspect_tui.po"):
        live = [line for line in catalog.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        found = [line for line in live if spec.search(line)]
        assert not found, f"{catalog.name}: {found[:3]}"
