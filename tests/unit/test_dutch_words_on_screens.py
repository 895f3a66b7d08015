"""Words a Dutch screen showed in English: the AKF category, a finding's field, a file's size."""

from __future__ import annotations

from inspect_tui.checklists.verdict_words import shown_line
from inspect_tui.domain.enums import AkfCategory, SnfHousingType
from inspect_tui.domain.models import Site
from inspect_tui.i18n import using
from inspect_tui.tui.screens.finding_editor import _field_named
from inspect_tui.tui.screens.review_export import _size
from inspect_tui.tui.screens.site_labels import describe_site


def test_the_site_header_says_the_akf_category_in_dutch() -> None:
    site = Site(name="Huis", housing_type=SnfHousingType.REGULAR_DWELLING, akf_category=AkfCategory.YEAR_ROUND)
    with using("nl"):
        assert "AKF jaarrond" in describe_site(site).plain
    assert "AKF year-round" in describe_site(site).plain


def test_a_rule_s_site_facts_say_the_akf_category_in_dutch() -> None:
    line = "no threshold of this rule applies to housing type a, AKF category year_round, no high-risk sector on 2026-11-16"
    with using("nl"):
        shown = shown_line(line)
    assert "year_round" not in shown and "jaarrond" in shown, shown


def test_a_finding_s_refusal_names_the_field_by_its_label() -> None:
    with using("nl"):
        assert _field_named("description: 5.141 tekens; hoogstens 4.000 — maak het korter").startswith("Omschrijving: ")
    assert _field_named("Describe what is wrong.") == "Describe what is wrong."


def test_a_file_s_size_is_written_as_the_language_writes_a_number() -> None:
    with using("nl"):
        assert _size(b"x" * 20_912) == "20,9 kB"
    assert _size(b"x" * 20_912) == "20.9 kB"
