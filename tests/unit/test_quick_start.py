"""What the read-only commands load and what stands in for what they no longer load: the quick
path imports no more than its answer needs (no typing, pathlib, zoneinfo, gettext or decimal
for an English answer; the Dutch catalog read as asked, not parsed whole), and every
light stand-in agrees with what it replaces."""

from __future__ import annotations

import datetime as dt
import gettext
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from inspect_tui import i18n
from inspect_tui.domain.named_tuple import NamedTuple
from inspect_tui.domain.printable import all_printable, forbidden, printable
from inspect_tui.i18n.catalog import Catalog
from inspect_tui.i18n.formatting import day_text, format_datetime
from inspect_tui.i18n.zone import zoned
from inspect_tui.quick import path_text, read_only_uri
from inspect_tui.reports import addresses
from inspect_tui.reports.md_table import md_escape
from inspect_tui.reports.plain_values import amsterdam_day, is_iso_day, is_plain_figure
from inspect_tui.store import open_db

ROOT = Path(__file__).resolve().parents[2]
NOT_NEEDED = ("typing", "pathlib", "zoneinfo", "gettext", "decimal", "urllib", "importlib.util")
"""Modules an English `findings`, `list` or `stats` answer does without (`list inspections` and
`list sites` show times in Amsterdam, told by ``i18n.summer_time`` for a stored moment)."""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("start") / "sample.db"
    shutil.copy(ROOT / "sample.db", path)
    open_db(path).close()  # brought up to date, as the app would
    return path


def _loaded(code: str, *args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INSPECT_TUI", "LC_", "LANG"))}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


@pytest.mark.parametrize(
    ("script", "not_needed"),
    [
        ("import re, sys", NOT_NEEDED),  # what pip's generated script imports before calling inspect-tui
        ("import sys", (*NOT_NEEDED, "re", "enum")),  # uv's script: without JSON (json loads re) no re either
    ],
)
def test_an_english_answer_loads_only_what_it_needs(sample: Path, script: str, not_needed: tuple[str, ...]) -> None:
    report = "print(*sys.modules, file=sys.stderr)"
    # What the interpreter and the installed command's own script load anyway.
    before = _loaded(f"{script}; {report}")
    probe = f"{script}; from inspect_tui import launch; launch.main(); {report}"
    day = sqlite3.connect(sample).execute("SELECT substr(MIN(started_at), 1, 10) FROM inspections").fetchone()[0]
    forms = (
        ["findings", "--date", day],
        ["list", "findings", "--json"],
        ["list", "findings"],
        ["list", "inspections"],
        ["list", "sites", "--json"],
        ["stats"],
    )
    for form in forms:
        extra = _loaded(probe, "--db", str(sample), "--lang", "en", *form) - before
        unwanted = NOT_NEEDED if "--json" in form else not_needed
        assert not {m for m in extra if m.split(".")[0] in unwanted or m in unwanted}, form


def test_the_light_named_tuple_makes_what_typing_makes() -> None:
    class Light(NamedTuple):
        """A row."""

        name: str
        size: int = 0
        """How big."""
        tags: tuple[str, ...] = ()

        def label(self) -> str:
            return f"{self.name}:{self.size}"

    class Typed(typing.NamedTuple):
        """A row."""

        name: str
        size: int = 0
        tags: tuple[str, ...] = ()

        def label(self) -> str:
            return f"{self.name}:{self.size}"

    for made in (Light, Typed):
        row = made("a", 2)
        assert tuple(row) == ("a", 2, ())
        assert made._fields == ("name", "size", "tags")
        assert made._field_defaults == {"size": 0, "tags": ()}
        assert row._replace(size=3).label() == "a:3"
        assert row._asdict() == {"name": "a", "size": 2, "tags": ()}
        assert made.__doc__ == "A row."
        assert list(made.__annotations__) == ["name", "size", "tags"]
        assert issubclass(made, tuple) and made.__module__ == __name__
        assert repr(row) == f"{made.__name__}(name='a', size=2, tags=())"
        with pytest.raises(TypeError):
            made()  # type: ignore[call-arg]


def test_a_day_in_amsterdam_without_zoneinfo_is_the_one_zoneinfo_gives() -> None:
    rng = random.Random(15)
    zones = ["", "Z", "+00:00", "+01:00", "+02:00", "+03:00", "-05:00", "+01:30"]
    moments = []
    for year in (1960, 1977, 1995, 1996, 2020, 2024, 2025, dt.date.today().year, dt.date.today().year + 1):
        for month, day in ((1, 1), (3, 30), (3, 31), (6, 15), (10, 26), (10, 27), (12, 31)):
            for hour in (0, 1, 2, 3, 12, 21, 22, 23):
                minute = rng.choice((0, 1, 30, 59))
                moments += [f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{zone}" for zone in zones]
    moments += ["2025-04-18 09:30", "2025-04-18T09:30:00.123456+02:00", "20250418T093000+0200"]
    for text in moments:
        assert amsterdam_day(text) == zoned(dt.datetime.fromisoformat(text)).date(), text


def test_the_plain_value_checks_are_their_patterns() -> None:
    rng = random.Random(5)
    alphabet = "0129-. a١"
    texts = ["2025-04-18", "2025-4-18", "٢٠٢٥-04-18", "10", "-1.5", "1.25", "1.", ".5", "-", "1" * 15, "1" * 16]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    for check, pattern in (
        (is_iso_day, r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
        (is_plain_figure, r"-?[0-9]{1,15}(\.[0-9]{1,2})?"),
    ):
        compiled = re.compile(pattern)
        assert [t for t in texts if check(t) != bool(compiled.fullmatch(t))] == [], pattern


def test_the_address_checks_are_their_patterns() -> None:
    rng = random.Random(7)
    alphabet = "AZaz09 19\n-ÄΑ１"
    texts = ["1234 AB", "0234 AB", "1234 ab", "1234AB", "1234 ABC", "A", "AB", "Z9", "ABCDE", "", "１", "Ä", "A\n"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(20_000)]
    checks = {
        addresses._is_postcode: r"[1-9][0-9]{3} [A-Z]{2}",
        addresses._is_letter: r"[A-Z]",
        addresses._is_addition: r"[A-Z0-9]{1,4}",
        addresses._is_country: r"[A-Z]{2}",
    }
    for check, pattern in checks.items():
        compiled = re.compile(pattern)
        assert [t for t in texts if check(t) != bool(compiled.fullmatch(t))] == [], pattern


def test_text_told_printable_without_a_pattern_is_what_the_pattern_says() -> None:
    rng = random.Random(3)
    alphabet = "ab é²–\u00a0\t\n\r\x1b\x7f\x85\u200b\u202e\u2028\u2066\\"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(20_000)]
    for multiline in (False, True):
        pattern = forbidden(multiline)
        for text in texts:
            assert all_printable([text], multiline=multiline) == (pattern.search(text) is None), repr(text)
            if pattern.search(text) is None:
                assert printable(text, multiline=multiline) == text
            else:
                assert printable(text, multiline=multiline) != text
    assert printable("a\x1bb\\c") == "a\\x1bb\\\\c"
    assert printable("x\ty\r", multiline=True) == "x\ty\\x0d"


def test_a_cell_told_plain_without_a_pattern_is_what_the_pattern_says() -> None:
    special = re.compile(r"([\\`*_\[\]<>|#])")
    line_ends = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
    for char in map(chr, range(0x3000)):
        text = f" a{char}b "
        plain = special.search(text) is None and line_ends.search(text) is None
        assert (md_escape(text) == text.strip()) if plain else (md_escape(text) != text.strip()), repr(char)


@pytest.mark.parametrize("name", ["plain.db", "with space.db", "per%cent.db", "what?.db", "hash#1.db", "één.db"])
def test_the_read_only_uri_opens_the_file_pathlib_names(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    connection = sqlite3.connect(read_only_uri(str(path)), uri=True)
    by_pathlib = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
        with pytest.raises(sqlite3.OperationalError):
            connection.execute("INSERT INTO t VALUES (1)")
        opened = connection.execute("PRAGMA database_list").fetchone()[2]
        assert opened == by_pathlib.execute("PRAGMA database_list").fetchone()[2] == str(path.resolve())
    finally:
        connection.close()
        by_pathlib.close()


@pytest.mark.parametrize("db", ["a.db", "/tmp/a.db", "./a.db", "a//b.db", "a/./b.db", "a/", "/", "//x/a.db", "../a.db"])
def test_the_database_name_is_printed_as_pathlib_writes_it(db: str) -> None:
    assert path_text(db) == str(Path(db))


def test_the_catalog_read_as_asked_answers_as_gettext_does() -> None:
    path = Path(i18n.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "inspect_tui.mo"
    with path.open("rb") as handle:
        whole = gettext.GNUTranslations(handle)
    read = Catalog(str(path))
    assert read.info() == whole.info() and read.charset() == whole.charset()
    singulars = {key[0] for key in whole._catalog if isinstance(key, tuple)}  # type: ignore[attr-defined]
    plains = {key for key in whole._catalog if isinstance(key, str)}  # type: ignore[attr-defined]
    assert len(singulars) > 10 and len(plains) > 1000
    for message in [*sorted(plains | singulars), "not in the catalog", "", "nul\0byte", "\ud800"]:
        assert read.gettext(message) == whole.gettext(message), message
        for n in (0, 1, 2, 5):
            assert read.ngettext(message, message + "s", n) == whole.ngettext(message, message + "s", n), message
    assert read._catalog == whole._catalog  # type: ignore[attr-defined]
    assert i18n.translations("nl").gettext("Cancel") == "Annuleren"


def test_a_day_is_written_as_strftime_writes_it() -> None:
    years = [*range(1, 21), *range(990, 1011), *range(1900, 2101), *range(9990, 10000)]
    for year in years:
        day = dt.date(year, 1, 1)
        while day.year == year:
            assert day_text(day) == day.strftime("%d-%m-%Y")
            moment = dt.datetime.combine(day, dt.time(day.day % 24, day.month * 4), dt.UTC)
            assert format_datetime(moment) == zoned(moment).strftime("%d-%m-%Y %H:%M")
            if day == dt.date.max:
                break
            day += dt.timedelta(days=1)
