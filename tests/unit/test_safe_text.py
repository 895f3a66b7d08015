"""Safe text: the characters every text field refuses, and how older text is shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pydantic import ValidationError
from rich.text import Text

from inspect_tui.domain.base import describe_error
from inspect_tui.domain.limits import check_figure, check_record_id
from inspect_tui.domain.models import Finding, Inspection, Occupant, Review, Site, Unit
from inspect_tui.domain.text import STORED, check_safe_text, excerpt, printable, shown_record
from inspect_tui.tui.widgets.shown import shown_cell, shown_text

SITE = "0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c"

UNSAFE = [
    ("\x00", "U+0000"),
    ("\x07", "U+0007"),
    ("\x1b[2J", "U+001B"),
    ("\r", "U+000D"),
    ("\x7f", "U+007F"),
    ("\x85", "U+0085"),
    ("\x9b", "U+009B"),
    ("\u202a", "U+202A"),
    ("\u202e", "U+202E"),
    ("\u2066", "U+2066"),
    ("\u2069", "U+2069"),
    ("\u2028", "U+2028"),
]


@pytest.mark.parametrize(("char", "code"), UNSAFE)
@pytest.mark.parametrize("multiline", [False, True])
def test_control_and_bidi_characters_are_refused(char: str, code: str, multiline: bool) -> None:
    with pytest.raises(ValueError, match=re.escape(code)):
        check_safe_text(f"Safe{char}site", multiline=multiline)


@pytest.mark.parametrize("char", ["\n", "\t"])
def test_line_breaks_and_tabs_only_in_multi_line_fields(char: str) -> None:
    assert check_safe_text(f"a{char}b", multiline=True) == f"a{char}b"
    with pytest.raises(ValueError, match="one-line field"):
        check_safe_text(f"a{char}b")


def test_ordinary_text_passes() -> None:
    for text in ("Vakantiepark De Wilgen", "Łódź – Straße 3 €", "שלום", "日本語", "C:\\foto's"):
        assert check_safe_text(text) == text


@pytest.mark.parametrize(
    ("model", "fields", "field"),
    [
        (Site, {"name": "Safe\u202e\u0000\x1b[2J site"}, "name"),
        (Site, {"name": "x", "city": "Venlo\x1b]0;pwn\x07"}, "city"),
        (Site, {"name": "x", "notes": "ok\n\x1b[31mred"}, "notes"),
        (Unit, {"site_id": SITE, "label": "Kamer\u20662"}, "label"),
        (Occupant, {"unit_id": SITE, "name": "Jan\x00"}, "name"),
        (Occupant, {"unit_id": SITE, "name": "Jan", "email": "jan\u202e@example.nl"}, "email"),
        (
            Inspection,
            {"site_id": SITE, "templates": ["snf"], "inspector": "Eva\x9b", "started_at": dt.datetime(2025, 3, 3)},
            "inspector",
        ),
        (
            Finding,
            {
                "inspection_id": SITE,
                "severity": "major",
                "description": "Geen\u2028rookmelder",
                "deadline": dt.date(2025, 4, 1),
            },
            "description",
        ),
        (
            Review,
            {
                "inspection_id": SITE,
                "reviewer": "M",
                "decision": "send_back",
                "reason": "x\x7f",
                "created_at": dt.datetime(2025, 3, 4),
            },
            "reason",
        ),
    ],
)
def test_every_text_field_of_the_forms_refuses_unsafe_text(model: type, fields: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        model(**fields)
    assert describe_error(caught.value).startswith(f"{field}: ")


def test_multi_line_notes_keep_their_line_breaks() -> None:
    assert Site(name="x", notes="eerste regel\n\tinspringen").notes == "eerste regel\n\tinspringen"


def test_stored_text_is_read_but_not_accepted_as_input() -> None:
    data = {"id": SITE, "name": "Oud\x1b[2J"}
    assert Site.model_validate(data, context=STORED).name == "Oud\x1b[2J"
    with pytest.raises(ValidationError):
        Site.model_validate(data)


def test_printable_escapes_what_a_terminal_would_run() -> None:
    assert printable("Safe\u202e\x00\x1b[2J site") == "Safe\\u202e\\x00\\x1b[2J site"
    assert printable("a\nb") == "a\\x0ab"
    assert printable("a\nb", multiline=True) == "a\nb"
    assert printable("C:\\map") == "C:\\map"  # nothing to escape: shown as typed
    assert printable("C:\\map\x1b") == "C:\\\\map\\x1b"  # escaped text stays unambiguous
    assert printable("\x9b\u2066") == "\\x9b\\u2066"


def test_shown_record_escapes_older_text_only() -> None:
    site = Site.model_validate({"id": SITE, "name": "Oud\x1b[2J", "notes": "a\nb\x07"}, context=STORED)
    shown = shown_record(site)
    assert shown.name == "Oud\\x1b[2J" and shown.notes == "a\nb\\x07"
    clean = Site(name="Nieuw")
    assert shown_record(clean) is clean


def test_screen_cells_are_never_markup_and_never_control_characters() -> None:
    cell = shown_cell("[red]Huize[/red] \x1b[2J")
    assert isinstance(cell, Text)
    assert cell.plain == "[red]Huize[/red] \\x1b[2J" and not cell.spans
    assert shown_text("\u202eAB").plain == "\\u202eAB"
    styled = Text("x\x1b", style="bold")
    cell = shown_cell(styled)
    assert isinstance(cell, Text) and cell.plain == "x\\x1b"


def test_excerpt_is_short_and_escaped() -> None:
    assert excerpt(b"\xff\x00" * 100, 4) == "\\xff\\x00\\xff\\x00…"
    assert excerpt("\x1b" * 3) == "\\x1b\\x1b\\x1b"


@pytest.mark.parametrize(
    "value",
    ["S1", SITE.upper(), SITE + "\x00", "\u202e" + SITE[1:], "00000000-0000-0000-0000-000000000000", "x" * 200_000],
)
def test_record_ids_are_lower_case_canonical_uuids(value: str) -> None:
    with pytest.raises(ValueError, match="id"):
        check_record_id(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), 1e308, -2e9])
def test_figures_are_finite_and_plausible(value: float) -> None:
    with pytest.raises(ValueError, match="figure"):
        check_figure(value)


def test_dates_are_in_range_and_in_order() -> None:
    started = dt.datetime(2025, 3, 3, 9)
    with pytest.raises(ValidationError, match="completed after it started"):
        Inspection(
            site_id=SITE,
            templates=["snf"],
            inspector="E",
            started_at=started,
            completed_at=started - dt.timedelta(hours=1),
        )
    aware = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
    assert Inspection(site_id=SITE, templates=["snf"], inspector="E", started_at=started, completed_at=aware)
    with pytest.raises(ValidationError, match="between 01-01-2000 and 31-12-2100"):
        Review(inspection_id=SITE, reviewer="M", decision="approve", created_at=dt.datetime(9999, 12, 31))
    with pytest.raises(ValidationError, match="between 01-01-2000 and 31-12-2100"):
        Finding(inspection_id=SITE, severity="minor", description="x", deadline=dt.date(1999, 12, 31))
