"""Field names and stored values as the history and conflicts screens show them, in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inspect_tui.domain.models import RECORD_TYPES
from inspect_tui.store.queries import device_name
from inspect_tui.store.queries.history import FieldChange, HistoryEntry
from inspect_tui.tui import i18n
from inspect_tui.tui.record_words import FIELD_WORDS, field_word, shown, value_text
from inspect_tui.tui.screens.history import change_lines, change_summary, when_text


@pytest.fixture
def dutch() -> Iterator[None]:
    i18n.set_language("nl")
    yield
    i18n.set_language("en")


def _entry(**changes: object) -> HistoryEntry:
    values: dict[str, object] = {
        "rev": "2-" + "a" * 32,
        "gen": 2,
        "made_at": None,
        "person": None,
        "origin": "5f0c1d2e-aaaa-bbbb-cccc-000000000000",
        "here": False,
        "deleted": False,
        "merges": 0,
        "in_effect": True,
        "changes": (FieldChange("verdict", "pass", "fail"), FieldChange("computed", True, False)),
        "first": False,
    }
    values.update(changes)
    return HistoryEntry(**values)  # type: ignore[arg-type]


def test_every_field_of_every_record_has_a_name() -> None:
    missing = {
        f"{m.table}.{f}"
        for m in RECORD_TYPES
        for f in m.model_fields
        if f not in FIELD_WORDS and f not in ("id", "sealed")
    }
    assert missing == set()


def test_dutch_names_and_values_never_raw(dutch: None) -> None:
    assert field_word("value") == "Antwoord"
    assert field_word("verdict") == "Beoordeling"
    assert shown("answers", "verdict", "fail") == "afgekeurd"
    assert shown("answers", "value", "yes") == "Ja"
    assert shown("sites", "high_risk", False) == "Nee"
    assert shown("findings", "severity", "critical") == "kritiek"
    assert shown("findings", "deadline", "2026-12-07") == "07-12-2026"
    assert shown("units", "floor_area_m2", 12.5) == "12,5"
    assert shown("sites", "notes", None) == "—"
    assert value_text("occupants", "bsn", {"bsn": "123456782"}) == "●●●●●●782"
    assert value_text("occupants", "phone", {"phone": "x", "sealed": {"phone": "c2VhbGVk"}}) == "versleuteld"
    text = change_lines("answers", _entry()).plain
    assert "Beoordeling: goedgekeurd → afgekeurd" in text and "Berekend: Ja → Nee" in text
    for raw in ("verdict", "computed", "True", "False", "pass", "fail"):
        assert raw not in text, raw


def test_a_revision_without_time_or_person_says_so(dutch: None) -> None:
    entry = _entry()
    assert when_text(entry) == "onbekend tijdstip"
    assert "onbekende persoon" in change_lines("answers", entry).plain
    i18n.set_language("en")
    assert when_text(entry) == "unknown time"
    assert change_summary(entry) == "changed: Judgement, Computed"
    assert change_summary(_entry(deleted=True)) == "deleted"
    assert change_summary(_entry(first=True)) == "created"
    assert change_summary(_entry(merges=1, changes=())) == "resolved a conflict of 2 versions"


def test_devices_by_name_and_long_ids_by_their_start() -> None:
    assert device_name("laptop-eva", "laptop-lead") == "laptop-eva"
    assert device_name("5f0c1d2e-aaaa-bbbb-cccc-000000000000", "x") == "5f0c1d2e…"
    assert device_name("here", "here") == "this device"


def test_a_value_that_reads_the_same_either_way_says_only_that_it_changed(dutch: None) -> None:
    entry = _entry(
        changes=(
            FieldChange("frozen", {"persons": 10}, {"persons": 9}),
            FieldChange("deadline", "2026-11-24", "2026-12-07"),
        )
    )
    lines = change_lines("inspections", entry).plain.splitlines()
    assert "Cijfers bij ondertekening: gewijzigd" in lines
    assert "Termijn: 24-11-2026 → 07-12-2026" in lines
