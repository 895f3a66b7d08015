"""Refusals in Dutch: hostile bundles through `inspect-tui --lang nl import` and `verify`.

Each case is a bundle the checks refuse. In Dutch the refusal is still one line naming the
bundle (and member and line), and its reason holds none of a list of English words; the
receiving database is left exactly as it was. The English run of the same bundle shows the
English text, so a case that stopped being refused (or a check that moved) fails here too.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import stat
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from nacl.public import PrivateKey
from nacl.signing import SigningKey

from inspect_tui import i18n
from inspect_tui.domain.enums import ReviewDecision
from inspect_tui.domain.models import Review
from inspect_tui.store import open_db, save
from inspect_tui.sync.errors import MAX_MESSAGE_CHARS
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.importer import import_bundles
from inspect_tui.sync.keys import set_central_key
from tests.helpers.bundles import (
    edit_line,
    file_hash,
    full_dump,
    make_device,
    members,
    populate,
    rebag,
    rezip,
    run,
    settle,
)
from tests.sync.test_trust import Team, _inspection, team

__all__ = ["team"]

ENGLISH = (
    "the",
    "not",
    "only",
    "is missing",
    "missing",
    "signer",
    "device",
    "roster",
    "bundle",
    "revision",
    "refusing",
    "line",
    "lines",
    "does",
    "which",
    "cannot",
    "team lead",
    "signature",
    "expands",
    "damaged",
    "entries",
    "file",
    "empty",
    "leaves",
    "twice",
    "unknown",
    "field",
    "supported",
    "future",
    "writes",
)
"""Words of the English refusals that no Dutch refusal holds (outside names of files and fields)."""

_NAMES = re.compile(
    r"(\S+\.(?:txt|pub|ed25519|jsonl|zip|sh)\b|data/\S+|\b[A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)+\b|keys roster \w+|--[\w-]+)"
)
"""Member and file names, bag-info.txt labels (Bundle-Format-Version), commands and options: the same
in every language."""


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    yield
    i18n.set_language("en")


def english_words(reason: str) -> list[str]:
    """The words of ENGLISH that occur in a refusal's reason (names of files and labels left out)."""
    text = _NAMES.sub(" ", reason).lower()
    return [word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


def test_the_word_check_would_see_english() -> None:
    english = "data/sites.jsonl line 3: the signer is not on the pinned roster"
    assert english_words(english) == ["the", "not", "signer", "roster", "line"]
    assert english_words("data/sites.jsonl regel 3: ondertekenaar staat niet op het rooster") == []


@dataclass
class Lead:
    """A team lead's database holding one imported bundle, and that bundle to forge from."""

    db_path: Path
    good: Path
    key: SigningKey
    folder: Path

    def write(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def forge(self, **kwargs: object) -> bytes:
        """The good bundle changed and re-signed by its own key, under a new bundle id."""
        info = {"Bundle-Id": str(uuid.uuid4()), **kwargs.pop("info", {})}  # type: ignore[dict-item]
        return rebag(self.good, self.key, info=info, **kwargs)  # type: ignore[arg-type]

    def state(self) -> tuple[str, str]:
        db = open_db(self.db_path)
        try:
            rows = full_dump(db)
        finally:
            db.conn.close()
        settle(self.db_path)
        return file_hash(self.db_path), rows


@pytest.fixture(scope="module")
def stock(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, SigningKey]:
    folder = tmp_path_factory.mktemp("stock")
    source = make_device(folder / "source.db")
    populate(source.db)
    result = export_bundle(source.db, folder / "good.zip", source.key, everything=True)
    assert result is not None
    lead = make_device(folder / "lead.db")
    import_bundles(lead.db, [result.path], trust_new=True, trust_role="lead")
    lead.db.conn.close()
    source.db.conn.close()
    settle(lead.db_path)
    return lead.db_path, result.path, source.key


@pytest.fixture
def lead(tmp_path: Path, stock: tuple[Path, Path, SigningKey]) -> Lead:
    db_path, good, key = stock
    shutil.copyfile(db_path, tmp_path / "lead.db")
    shutil.copyfile(db_path.with_name("lead.db.signing-key"), tmp_path / "lead.db.signing-key")
    shutil.copyfile(good, tmp_path / "good.zip")
    return Lead(tmp_path / "lead.db", tmp_path / "good.zip", key, tmp_path)


def _entries(lead: Lead, *extra: tuple[str | zipfile.ZipInfo, bytes], drop: str | None = None) -> bytes:
    kept: list[tuple[str | zipfile.ZipInfo, bytes]] = [(n, b) for n, b in members(lead.good).items() if n != drop]
    return rezip([*kept, *extra])


def _flipped(lead: Lead, name: str) -> bytes:
    parts = members(lead.good)
    body = parts[name]
    parts[name] = body[:10] + bytes([body[10] ^ 0x01]) + body[11:]
    return rezip(list(parts.items()))


def _link(lead: Lead) -> bytes:
    link = zipfile.ZipInfo("data/reviews.jsonl")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _entries(lead, (link, b"/etc/passwd"), drop="data/reviews.jsonl")


def _line(name: str, change: Callable[[bytes], bytes]) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    def payload(data: dict[str, bytes]) -> dict[str, bytes]:
        data[name] = change(data[name])
        return data

    return payload


def _set(field: str, value: object) -> Callable[[bytes], bytes]:
    return lambda text: edit_line(text, 1, lambda envelope: envelope.update({field: value}))


def _record(field: str, value: object) -> Callable[[bytes], bytes]:
    return lambda text: edit_line(text, 1, lambda envelope: envelope["record"].update({field: value}))


FUTURE = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat(timespec="seconds")

CASES: dict[str, tuple[Callable[[Lead], bytes], str, str]] = {
    # name: (the hostile bundle, a fragment of the Dutch refusal, the same fragment in English)
    "truncated": (
        lambda lead: lead.good.read_bytes()[: lead.good.stat().st_size // 2],
        "geen zipbestand",
        "not a zip file",
    ),
    "empty": (lambda lead: b"", "het bestand is leeg", "the file is empty"),
    "path leaves": (
        lambda lead: _entries(lead, ("../evil.sh", b"#!/bin/sh\n")),
        "een pad dat buiten de bundel wijst (..)",
        "a path that leaves the bundle (..)",
    ),
    "outside layout": (
        lambda lead: _entries(lead, ("data/evil.sh", b"x")),
        "hoort niet bij de opbouw van een bundel",
        "not part of the bundle layout",
    ),
    "symbolic link": (_link, "een symbolische koppeling", "a symbolic link"),
    "no signature": (
        lambda lead: _entries(lead, drop="signature.ed25519"),
        "ontbreekt; dit is geen volledige bundel",
        "is missing; this is not a complete bundle",
    ),
    "flipped data": (
        lambda lead: _flipped(lead, "data/sites.jsonl"),
        "klopt niet met de SHA-256 in manifest-sha256.txt",
        "does not match its SHA-256 in manifest-sha256.txt",
    ),
    "format version": (
        lambda lead: lead.forge(info={"Bundle-Format-Version": "99"}),
        "formaatversie 99 wordt niet ondersteund",
        "format version 99 is not supported",
    ),
    "from the future": (
        lambda lead: lead.forge(info={"Created": FUTURE}),
        "ligt meer dan een dag in de toekomst",
        "is more than a day in the future",
    ),
    "seq from zero": (
        lambda lead: lead.forge(info={"Seq-From": "0"}),
        "een apparaat nummert zijn wijzigingen vanaf 1",
        "a device numbers its changes from 1",
    ),
    "nil id": (
        lambda lead: rebag(lead.good, lead.key, info={"Bundle-Id": str(uuid.UUID(int=0))}),
        "is de nul-UUID",
        "is the nil UUID",
    ),
    "wrong count": (
        lambda lead: lead.forge(info={"Count-Sites": "7"}),
        "maar bag-info.txt telt er 7",
        "but bag-info.txt counts 7",
    ),
    "generation": (
        lambda lead: lead.forge(payload=_line("data/sites.jsonl", _set("gen", 7))),
        "gen: klopt niet met de generatie in rev",
        "gen: does not match the generation in rev",
    ),
    "unknown field": (
        lambda lead: lead.forge(payload=_line("data/sites.jsonl", _set("colour", "red"))),
        "onbekend veld",
        "unknown field",
    ),
    "malformed JSON": (  # the parser's own words said again in Dutch, with where it stopped
        lambda lead: lead.forge(payload=_line("data/sites.jsonl", lambda text: b'{"rev" 1}\n' + text)),
        "ongeldige JSON (`:` verwacht op regel 1, kolom 8)",
        "malformed JSON (expected `:` at line 1 column 8)",
    ),
    "empty line": (
        lambda lead: lead.forge(payload=_line("data/sites.jsonl", lambda text: b"\n" + text)),
        "lege regel",
        "empty line",
    ),
    "sealed label, plain data": (
        lambda lead: lead.forge(info={"Personal-Data": "sealed"}),
        "zegt Personal-Data: sealed, maar bewoner",
        "says Personal-Data: sealed, but occupant",
    ),
    "forged content": (
        lambda lead: lead.forge(payload=_line("data/findings.jsonl", _record("description", "Alles in orde"))),
        "is niet de hash van de inhoud",
        "is not the hash of its content",
    ),
}

VERIFIED = ("truncated", "path leaves", "no signature", "flipped data", "format version", "generation", "empty line")
"""Cases that `verify` (no database) refuses as well."""


def _one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert len(lines[0]) <= MAX_MESSAGE_CHARS + len("Error: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_refuses_in_dutch_and_changes_nothing(lead: Lead, case: str) -> None:
    build, dutch, english = CASES[case]
    bundle = lead.write("hostile.zip", build(lead))
    before = lead.state()
    cli = CliRunner()
    code, output = run(cli, "--lang", "nl", "--db", str(lead.db_path), "import", "--trust-new", str(bundle))
    line = _one_line(output)
    assert code == 1 and dutch in line and str(bundle) in line, line
    reason = line.replace(str(bundle), "")
    assert english_words(reason) == [], line
    assert lead.state() == before
    code, output = run(cli, "--lang", "en", "--db", str(lead.db_path), "import", "--trust-new", str(bundle))
    assert code == 1 and english in _one_line(output), output
    assert lead.state() == before


@pytest.mark.parametrize("case", VERIFIED)
def test_verify_refuses_in_dutch(lead: Lead, case: str) -> None:
    build, dutch, _english = CASES[case]
    bundle = lead.write("hostile.zip", build(lead))
    code, output = run(CliRunner(), "--lang", "nl", "verify", str(bundle))
    line = _one_line(output)
    assert code == 1 and dutch in line, line
    assert english_words(line.replace(str(bundle), "")) == [], line


def test_a_refusal_names_member_and_line_in_dutch(lead: Lead) -> None:
    bundle = lead.write("hostile.zip", CASES["generation"][0](lead))
    code, output = run(CliRunner(), "--lang", "nl", "--db", str(lead.db_path), "import", str(bundle))
    assert code == 1 and f"{bundle}: data/sites.jsonl regel 1: gen:" in _one_line(output), output


def test_new_signer_in_dutch(lead: Lead) -> None:
    stranger = rebag(lead.good, SigningKey.generate(), info={"Bundle-Id": str(uuid.uuid4())})
    bundle = lead.write("stranger.zip", stranger)
    before = lead.state()
    code, output = run(CliRunner(), "--lang", "nl", "--db", str(lead.db_path), "import", str(bundle))
    line = _one_line(output)
    assert code == 1 and "is hier nieuw" in line, line
    assert english_words(line.replace(str(bundle), "")) == [], line
    assert lead.state() == before


def test_the_warning_after_an_import_is_dutch(tmp_path: Path, stock: tuple[Path, Path, SigningKey]) -> None:
    db = open_db(tmp_path / "central.db", create=True)
    with db.atomic():
        set_central_key(db, bytes(PrivateKey.generate().public_key).hex())
    db.conn.close()
    code, output = run(
        CliRunner(),
        "--lang",
        "nl",
        "--db",
        str(tmp_path / "central.db"),
        "import",
        "--trust-new",
        "--trust-role",
        "lead",
        str(stock[1]),
    )
    assert code == 0, output
    warning = next(line for line in output.splitlines() if "LET OP:" in line)
    assert "ONVERSLEUTELD, hoewel deze database een centrale sleutel heeft" in warning, warning
    assert english_words(warning) == [], warning


# -- the roster and the rights of a role -----------------------------------------------------------------


def _team_refusal(team: Team, bundle: Path, dutch: str) -> str:
    before = full_dump(team.receiver.db)
    code, output = run(CliRunner(), "--lang", "nl", "--db", str(team.folder / "r.db"), "import", str(bundle))
    line = _one_line(output)
    assert code == 1 and dutch in line, line
    assert english_words(line.replace(str(bundle), "")) == [], line
    assert full_dump(team.receiver.db) == before
    return line


def test_a_signer_off_the_roster_is_refused_in_dutch(team: Team) -> None:
    _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    stranger = team.write("stranger.zip", rebag(genuine, SigningKey.generate(), info={"Bundle-Id": str(uuid.uuid4())}))
    _team_refusal(team, stranger, "staat niet op het vastgezette rooster")


def test_only_a_lead_writes_reviews_in_dutch(team: Team) -> None:
    _, inspection, _ = _inspection(team.a)
    import_bundles(team.receiver.db, [team.bundle(team.a, "genuine")])
    review = Review(
        inspection_id=inspection.id, reviewer="Eva", decision=ReviewDecision.APPROVE, created_at=dt.datetime(2025, 3, 4)
    )
    save(team.a.db, review)
    line = _team_refusal(team, team.bundle(team.a, "own-review"), "alleen een teamleider schrijft beoordelingen")
    assert "apparaat inspector-a (inspecteur)" in line
