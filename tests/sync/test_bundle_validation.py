"""Every record valid on arrival: one bundle per rule, validly signed, refused with its message.

Each case forges the good bundle (re-signed by its own, accepted key under a new bundle id) so
that the deeper checks are reached, imports it through the CLI into a database that already
holds the good bundle, and checks: exit 1, one line of at most about 300 characters naming the
bundle, the member and the line, the expected reason, and the database byte-for-byte unchanged.
"""

from __future__ import annotations

import json
import shutil
import struct
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from nacl.signing import SigningKey

from inspect_tui.domain.models import answer_id
from inspect_tui.store import open_db
from inspect_tui.sync.errors import MAX_MESSAGE_CHARS
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import (
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
from tests.helpers.bundles import trusting_import as import_bundles

Envelope = dict[str, Any]
Payload = dict[str, bytes]


@dataclass
class Lead:
    db_path: Path
    good: Path
    key: SigningKey
    ids: dict[str, str]
    folder: Path
    before_file: str
    before_rows: str

    def write(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def unchanged(self) -> None:
        assert file_hash(self.db_path) == self.before_file, "the database file changed"
        db = open_db(self.db_path)
        try:
            assert full_dump(db) == self.before_rows, "a row changed"
        finally:
            db.conn.close()
        assert file_hash(self.db_path) == self.before_file


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, SigningKey, dict[str, str]]:
    folder = tmp_path_factory.mktemp("validation")
    source = make_device(folder / "source.db")
    ids = populate(source.db)
    result = export_bundle(source.db, folder / "good.zip", source.key, everything=True)
    assert result is not None
    lead = make_device(folder / "lead.db")
    import_bundles(lead.db, [result.path])
    lead.db.conn.close()
    source.db.conn.close()
    settle(lead.db_path)
    return lead.db_path, result.path, source.key, ids


@pytest.fixture
def lead(tmp_path: Path, made: tuple[Path, Path, SigningKey, dict[str, str]]) -> Lead:
    db_src, good_src, key, ids = made
    db_path, good = tmp_path / "lead.db", tmp_path / "good.zip"
    shutil.copyfile(db_src, db_path)
    shutil.copyfile(db_src.with_name("lead.db.signing-key"), tmp_path / "lead.db.signing-key")
    shutil.copyfile(good_src, good)
    db = open_db(db_path)
    rows = full_dump(db)
    db.conn.close()
    settle(db_path)
    return Lead(db_path, good, key, ids, tmp_path, file_hash(db_path), rows)


def refused(cli: CliRunner, lead: Lead, bundle: Path, expected: str) -> str:
    code, output = run(cli, "--db", str(lead.db_path), "import", "--trust-new", "--trust-role", "lead", str(bundle))
    assert code == 1, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    message = lines[0].removeprefix("Error: ")
    assert expected in message, message
    assert message.startswith(f"{bundle}: "), message
    assert len(message) <= MAX_MESSAGE_CHARS, f"{len(message)} characters: {message}"
    assert message.isprintable(), message
    lead.unchanged()
    return message


# -- bundle surgery ------------------------------------------------------------------------------


def _envelopes(text: bytes) -> list[Envelope]:
    return [json.loads(line) for line in text.decode().splitlines() if line.strip()]


def _dump(envelopes: list[Envelope]) -> bytes:
    return "".join(json.dumps(e, separators=(",", ":"), ensure_ascii=False) + "\n" for e in envelopes).encode()


def _fresh(envelope: Envelope, **record: object) -> Envelope:
    """A first version of a new record made from envelope (a new id and revision unless given)."""
    copy = json.loads(json.dumps(envelope))
    copy.update(rev=f"1-{uuid.uuid4().hex}", gen=1, base_rev=None, ancestors=[], merged=[], deleted=False)
    copy["record"].update({"id": str(uuid.uuid4()), **record})
    return copy


Change = Callable[[Payload, dict[str, str]], tuple[Payload, dict[str, str]]]


def records(kind: str, role: str | None, **fields: object) -> Change:
    """Set fields in every line of kind (or only in the record with ids[role])."""

    def change(data: Payload, ids: dict[str, str]) -> tuple[Payload, dict[str, str]]:
        member = f"data/{kind}.jsonl"
        envelopes = _envelopes(data[member])
        for envelope in envelopes:
            if role is None or envelope["record"]["id"] == ids[role]:
                envelope["record"].update(
                    {k: (ids[v[1:]] if isinstance(v, str) and v.startswith("@") else v) for k, v in fields.items()}
                )
        data[member] = _dump(envelopes)
        return data, {}

    return change


def added(kind: str, like_role: str | None, extra: Callable[[dict[str, str]], list[dict[str, object]]]) -> Change:
    """Append new records of kind, each a copy of a record (ids[like_role], or the first) with fields set."""

    def change(data: Payload, ids: dict[str, str]) -> tuple[Payload, dict[str, str]]:
        member = f"data/{kind}.jsonl"
        envelopes = _envelopes(data[member])
        model = next(e for e in envelopes if like_role is None or e["record"]["id"] == ids[like_role])
        for fields in extra(ids):
            envelopes.append(_fresh(model, **fields))
        data[member] = _dump(envelopes)
        return data, {f"Count-{kind.capitalize()}": str(len(envelopes))}

    return change


def both(*changes: Change) -> Change:
    def change(data: Payload, ids: dict[str, str]) -> tuple[Payload, dict[str, str]]:
        info: dict[str, str] = {}
        for one in changes:
            data, more = one(data, ids)
            info.update(more)
        return data, info

    return change


def only_removal(kind: str, role: str) -> Change:
    """A bundle that carries nothing but the removal of one record."""

    def change(data: Payload, ids: dict[str, str]) -> tuple[Payload, dict[str, str]]:
        envelopes = [e for e in _envelopes(data[f"data/{kind}.jsonl"]) if e["record"]["id"] == ids[role]]
        newest = max(envelopes, key=lambda e: e["gen"])
        removal = json.loads(json.dumps(newest))
        removal.update(
            rev=f"{newest['gen'] + 1}-{uuid.uuid4().hex}",
            gen=newest["gen"] + 1,
            base_rev=newest["rev"],
            ancestors=[newest["rev"], *newest["ancestors"]][:50],
            merged=[],
            deleted=True,
        )
        counts = {f"Count-{k.capitalize()}": "0" for k in ("sites", "units", "occupants", "inspections")}
        counts |= {f"Count-{k.capitalize()}": "0" for k in ("answers", "findings", "attachments", "reviews")}
        counts[f"Count-{kind.capitalize()}"] = "1"
        return {f"data/{kind}.jsonl": _dump([removal])}, counts

    return change


def forge(lead: Lead, change: Change, info: dict[str, str] | None = None) -> Path:
    more: dict[str, str] = {}

    def payload(data: Payload) -> Payload:
        new, counts = change(data, lead.ids)
        more.update(counts)
        return new

    parts = rebag(lead.good, lead.key, payload=payload, info={"Bundle-Id": str(uuid.uuid4())}, rehash=True)
    if more or info:
        parts = rebag(parts, lead.key, info={**more, **(info or {})})
    return lead.write("forged.zip", parts)


NOWHERE = "0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c"

RECORD_CASES: list[tuple[str, Change, str]] = [
    # references: exist, right kind, same site, no cycles
    (
        "finding of no inspection",
        records("findings", None, inspection_id=NOWHERE),
        f"data/findings.jsonl line 1: inspection_id: no inspection {NOWHERE}",
    ),
    ("answer of no inspection", records("answers", None, inspection_id=NOWHERE), "inspection_id: no inspection"),
    ("unit of no site", records("units", "chalet", site_id=NOWHERE), f"site_id: no site {NOWHERE}"),
    ("occupant of no unit", records("occupants", "jan", unit_id=NOWHERE), "unit_id: no unit"),
    (
        "finding whose inspection is a site",
        records("findings", None, inspection_id="@site"),
        "inspection_id: {site} is a site, not an inspection",
    ),
    (
        "finding that re-inspects itself",
        records("findings", None, origin_id="@finding"),
        "origin_id: a finding cannot refer to itself",
    ),
    (
        "inspection that follows itself",
        records("inspections", None, previous_id="@inspection"),
        "previous_id: an inspection cannot refer to itself",
    ),
    (
        "units inside each other",
        records("units", "chalet", parent_id="@bedroom"),
        "parent_id: a unit cannot be inside one of its own sub-units",
    ),
    (
        "unit inside a unit of another site",
        both(
            added("sites", None, lambda ids: [{"id": "11111111-2222-4333-8444-555555555555", "name": "Elders"}]),
            added(
                "units",
                "chalet",
                lambda ids: [
                    {"id": "11111111-2222-4333-8444-666666666666", "site_id": "11111111-2222-4333-8444-555555555555"}
                ],
            ),
            records("units", "bedroom", parent_id="11111111-2222-4333-8444-666666666666"),
        ),
        "parent_id: unit 11111111-2222-4333-8444-666666666666 belongs to another site",
    ),
    (
        "previous inspections in a cycle",
        both(
            added(
                "inspections",
                None,
                lambda ids: [
                    {
                        "id": "11111111-2222-4333-8444-777777777777",
                        "previous_id": ids["inspection"],
                        "status": "draft",
                        "completed_at": None,
                    }
                ],
            ),
            records("inspections", "inspection", previous_id="11111111-2222-4333-8444-777777777777"),
        ),
        "previous_id: an inspection cannot follow one that follows it",
    ),
    (
        "previous inspection that started later",
        added(
            "inspections",
            None,
            lambda ids: [
                {
                    "previous_id": ids["inspection"],
                    "started_at": "2025-01-06T09:00:00",
                    "completed_at": None,
                    "status": "draft",
                }
            ],
        ),
        "previous_id: inspection {inspection} started later (2025-03-03), so it cannot be the previous one",
    ),
    # a photo belongs to exactly one finding or one checklist answer
    (
        "photo of a finding and an answer at once",
        records("attachments", None, answer_id="@answer"),
        "an attachment belongs to exactly one finding or one checklist answer",
    ),
    (
        "photo of neither a finding nor an answer",
        records("attachments", None, finding_id=None),
        "an attachment belongs to exactly one finding or one checklist answer",
    ),
    (
        "photo of no answer",
        records("attachments", None, finding_id=None, answer_id=NOWHERE),
        f"answer_id: no answer {NOWHERE}",
    ),
    (
        "photo whose answer is a finding",
        records("attachments", None, finding_id=None, answer_id="@finding"),
        "answer_id: {finding} is a finding, not an answer",
    ),
    ("photo taken in the year 9999", records("attachments", None, taken_at="9999-01-01T10:00:00+01:00"), "taken_at"),
    # values
    (
        "unknown checklist",
        records("inspections", None, templates=["no-such-template"]),
        "templates: checklist 'no-such-template' is not known to inspect-tui",
    ),
    (
        "answer whose id does not follow from its item",
        records("answers", None, item_id="snf.space.no_such_item"),
        "id: an answer's id follows from its inspection and item",
    ),
    (
        "completed before started",
        records("inspections", None, completed_at="2025-03-02T11:00:00"),
        "completed_at: an inspection is completed after it started",
    ),
    (
        "deadline before the finding was made",
        records("findings", None, deadline="2000-01-01"),
        "deadline: 2000-01-01 is before the inspection that found it started (2025-03-03)",
    ),
    (
        "review in the year 9999",
        records("reviews", None, created_at="9999-12-31T00:00:00"),
        "created_at: a time lies between 01-01-2000 and 31-12-2100",
    ),
    ("figure NaN", records("answers", None, figure=float("nan")), "figure: a figure is a finite number"),
    ("figure infinite", records("answers", None, figure=float("inf")), "figure: a figure is a finite number"),
    ("figure 1e308", records("answers", None, figure=1e308), "figure: a figure is at most 1,000,000,000"),
    ("beds NaN-like huge", records("units", None, beds=10**12), "beds: must be at most"),
    (
        "sealed value not base64",
        records("occupants", "jan", sealed={"bsn": "not base64!"}),
        "sealed.bsn: a sealed value is base64 text",
    ),
    (
        "upper-case id",
        records("sites", None, id="0B3C9D2E-5F1A-4C7E-9A2B-3D4E5F6A7B8C"),
        "id: an id is a UUID in lower-case canonical form",
    ),
    (
        "NUL in an id",
        records("units", "chalet", site_id="0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8\x00"),
        "site_id: an id is a UUID",
    ),
    (
        "bidi override in an id",
        records("units", "chalet", parent_id="\u202e0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8"),
        "parent_id: an id is a UUID",
    ),
    ("nil id", records("reviews", None, id="00000000-0000-0000-0000-000000000000"), "id: an id cannot be the nil"),
    (
        "NUL, ANSI and RLO in a name",
        records("sites", None, name="Safe\u202e\u0000\x1b[2J site"),
        "name: a bidirectional control (U+202E) is not allowed in text (at character 5)",
    ),
    (
        "ESC in a note",
        records("units", None, notes="ok\x1b]52;c;cGF5bG9hZA==\x07"),
        "notes: a control character (U+001B)",
    ),
    ("CSI in a label", records("units", None, label="Kamer\x9b2J"), "label: a control character (U+009B)"),
    ("line break in a one-line field", records("occupants", None, name="Jan\nKowalski"), "name: a line break"),
    ("carriage return in a note", records("sites", None, notes="a\rb"), "notes: a carriage return (U+000D)"),
    (
        "isolate in a description",
        records("findings", None, description="Geen \u2066rook\u2069melder"),
        "description: a bidirectional control (U+2066)",
    ),
    ("line separator in a reason", records("reviews", None, reason="x\u2028y"), "reason: a control character"),
    (
        "200 kB template id",
        records("inspections", None, templates=["a" * 200_000]),
        "templates.0: 200,000 characters; at most 40 — shorten it",
    ),
    ("200 kB site id", records("units", None, site_id="a" * 200_000), "site_id: an id is a UUID"),
    (
        "item id of no shape",
        records("findings", None, item_id="x" * 101),
        "item_id: 101 characters; at most 100 — shorten it",
    ),
    (
        "21 checklists",
        records("inspections", None, templates=["snf"] * 21),
        "templates: 21 items; at most 20 — remove some",
    ),
]


@pytest.mark.parametrize(
    ("kind", "role"),
    [("sites", "site"), ("units", "bedroom"), ("findings", "finding")],
    ids=["site", "unit", "finding"],
)
def test_a_removal_while_records_remain_under_it_is_held_as_a_conflict(
    cli: CliRunner, lead: Lead, kind: str, role: str
) -> None:
    """Records made under it elsewhere keep it: shown as the removal left it, a conflict the lead resolves."""
    bundle = forge(lead, only_removal(kind, role))
    code, output = run(cli, "--db", str(lead.db_path), "import", "--trust-new", "--trust-role", "lead", str(bundle))
    assert code == 0, output
    db = open_db(lead.db_path)
    record_id = lead.ids[role]
    assert db.execute(f"SELECT COUNT(*) FROM [{kind}] WHERE id = ?", [record_id]).fetchone() == (1,)
    assert db.execute("SELECT entity, record_id FROM conflicts").fetchall() == [(kind, record_id)]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in RECORD_CASES], ids=[c[0] for c in RECORD_CASES])
def test_a_record_the_forms_would_refuse_is_refused(cli: CliRunner, lead: Lead, change: Change, expected: str) -> None:
    refused(cli, lead, forge(lead, change), expected.format(**lead.ids))


def test_a_list_over_its_limit_is_refused_in_dutch_with_how_many_and_the_limit(cli: CliRunner, lead: Lead) -> None:
    bundle = forge(lead, records("inspections", None, templates=["snf"] * 21))
    code, output = run(
        cli, "--lang", "nl", "--db", str(lead.db_path), "import", "--trust-new", "--trust-role", "lead", str(bundle)
    )
    assert code == 1 and len(output.strip().splitlines()) == 1 and output.startswith("Fout: "), output
    assert "templates: 21 elementen; hoogstens 20 — verwijder er enkele" in output, output
    lead.unchanged()


def test_an_answer_for_an_item_in_no_checklist_is_refused(cli: CliRunner, lead: Lead) -> None:
    inspection = lead.ids["inspection"]
    item = "snf.space.no_such_item"

    def fresh(data: Payload, ids: dict[str, str]) -> tuple[Payload, dict[str, str]]:
        envelopes = _envelopes(data["data/answers.jsonl"])
        envelopes[0] = _fresh(envelopes[0], id=answer_id(inspection, item), item_id=item)
        data["data/answers.jsonl"] = _dump(envelopes)
        return data, {}

    message = refused(cli, lead, forge(lead, fresh), f"item_id: {item} is no item of the inspection's checklists (snf)")
    assert "data/answers.jsonl line 1" in message


def test_a_record_naming_a_record_of_this_bundle_is_accepted(cli: CliRunner, lead: Lead) -> None:
    """The other side of the reference rule: a new site and its unit, both in the bundle."""
    site, unit = str(uuid.uuid4()), str(uuid.uuid4())
    change = both(
        added("sites", None, lambda ids: [{"id": site, "name": "Nieuw"}]),
        added("units", "chalet", lambda ids: [{"id": unit, "site_id": site, "parent_id": None}]),
    )
    code, output = run(
        cli, "--db", str(lead.db_path), "import", "--trust-new", "--trust-role", "lead", str(forge(lead, change))
    )
    assert code == 0, output


def test_removing_a_record_with_its_children_is_accepted(cli: CliRunner, lead: Lead) -> None:
    """Removals as the app makes them: a unit after its occupants, though a finding still names it."""
    from inspect_tui.domain.models import Occupant, Unit
    from inspect_tui.store import delete

    source = make_device(lead.folder / "remover.db")
    ids = populate(source.db)
    delete(source.db, Occupant, ids["jan"])
    delete(source.db, Occupant, ids["anna"])
    delete(source.db, Unit, ids["bedroom"])
    result = export_bundle(source.db, lead.folder / "removal.zip", source.key, everything=True)
    assert result is not None
    code, output = run(
        cli, "--db", str(lead.db_path), "import", "--trust-new", "--trust-role", "lead", str(result.path)
    )
    assert code == 0, output


# -- bag-info, manifests and zip headers ---------------------------------------------------------


INFO_CASES: list[tuple[str, dict[str, str], str]] = [
    ("circled digit count", {"Count-Sites": "①"}, "Count-Sites is not a whole number written in the digits 0-9"),
    ("superscript count", {"Count-Units": "²"}, "Count-Units is not a whole number written in the digits 0-9"),
    ("mathematical digit", {"Seq-To": "𝟏"}, "Seq-To is not a whole number written in the digits 0-9"),
    ("Seq-To far too high", {"Seq-To": "999999999999"}, "Seq-To 999999999999 is more than 999,999,999"),
    ("Seq-From 0", {"Seq-From": "0"}, "Seq-From is 0; a device numbers its changes from 1"),
    ("created in 9999", {"Created": "9999-12-31T00:00:00+00:00"}, "is more than a day in the future"),
    ("created two days ahead", {"Created": "2100-01-01T00:00:00+00:00"}, "is more than a day in the future"),
    ("nil bundle id", {"Bundle-Id": "00000000-0000-0000-0000-000000000000"}, "Bundle-Id 00000000-0000-0000-0000-"),
    ("upper-case bundle id", {"Bundle-Id": "0B3C9D2E-5F1A-4C7E-9A2B-3D4E5F6A7B8C"}, "Bundle-Id is not a UUID"),
]


@pytest.mark.parametrize(("info", "expected"), [c[1:] for c in INFO_CASES], ids=[c[0] for c in INFO_CASES])
def test_implausible_bag_info_is_refused(cli: CliRunner, lead: Lead, info: dict[str, str], expected: str) -> None:
    bundle = lead.write("info.zip", rebag(lead.good, lead.key, info={"Bundle-Id": str(uuid.uuid4()), **info}))
    message = refused(cli, lead, bundle, expected)
    assert "bag-info.txt line " in message


def _resigned(lead: Lead, name: str, body: bytes) -> Path:
    """The good bundle with one tag file replaced, its tag manifest and signature made again."""
    import base64
    import hashlib

    from inspect_tui.sync.bag import manifest_text
    from inspect_tui.sync.layout import SIGNED_TAG_FILES

    parts = members(lead.good)
    parts[name] = body
    digests = {n: hashlib.sha256(parts[n]).hexdigest() for n in SIGNED_TAG_FILES}
    parts["tagmanifest-sha256.txt"] = manifest_text(digests)
    parts["signature.ed25519"] = base64.b64encode(lead.key.sign(parts["tagmanifest-sha256.txt"]).signature) + b"\n"
    return lead.write("tags.zip", rezip(list(parts.items())))


@pytest.mark.parametrize(
    ("breaker", "shown"),
    [("\u0085", "U+0085"), ("\u2028", "U+2028"), ("\u2029", "U+2029"), ("\r", "U+000D"), ("\x0b", "U+000B")],
)
def test_a_line_break_other_than_lf_in_bag_info_is_refused(
    cli: CliRunner, lead: Lead, breaker: str, shown: str
) -> None:
    text = members(lead.good)["bag-info.txt"].decode()
    text = text.replace("Personal-Data: ", f"Personal-Data: plain{breaker}Seq-To: 7{breaker}", 1)
    message = refused(
        cli, lead, _resigned(lead, "bag-info.txt", text.encode()), f"line break other than LF or CRLF ({shown})"
    )
    assert "bag-info.txt line " in message


def test_a_control_character_in_bag_info_is_refused(cli: CliRunner, lead: Lead) -> None:
    text = members(lead.good)["bag-info.txt"].decode().replace("Device-Id: ", "Device-Id: \x1b[2J", 1)
    refused(cli, lead, _resigned(lead, "bag-info.txt", text.encode()), "holds a control character (U+001B)")


def test_a_manifest_line_with_one_space_names_the_two_spaces(cli: CliRunner, lead: Lead) -> None:
    text = members(lead.good)["manifest-sha256.txt"].decode().replace("  ", " ", 1)
    message = refused(
        cli, lead, _resigned(lead, "manifest-sha256.txt", text.encode()), "the SHA-256, two spaces, then the path"
    )
    assert "manifest-sha256.txt line 1" in message


def test_a_lying_name_length_in_a_zip_header_gives_a_short_escaped_message(cli: CliRunner, lead: Lead) -> None:
    data = bytearray(lead.good.read_bytes())
    with zipfile.ZipFile(lead.good) as zf:
        offset = zf.getinfo("data/sites.jsonl").header_offset
    assert data[offset : offset + 4] == b"PK\x03\x04"
    data[offset + 26 : offset + 28] = struct.pack("<H", 0xFFFF)  # the local header claims a 64 kB name
    message = refused(cli, lead, lead.write("lying.zip", bytes(data)), "data/sites.jsonl: damaged in the zip")
    assert len(message) <= MAX_MESSAGE_CHARS


def test_a_huge_binary_member_name_is_shown_short_and_escaped(cli: CliRunner, lead: Lead) -> None:
    name = "data/" + "\x1b[2J\u202e" * 3000
    bundle = lead.write("huge-name.zip", rezip([*members(lead.good).items(), (name, b"x")]))
    message = refused(cli, lead, bundle, "not part of the bundle layout")
    assert "\\x1b" in message and "\x1b" not in message


def test_several_bundles_each_refusal_names_its_own_file(cli: CliRunner, lead: Lead) -> None:
    first = lead.write("first.zip", rebag(lead.good, lead.key, info={"Bundle-Id": str(uuid.uuid4())}))
    second = lead.write("second.zip", rebag(lead.good, lead.key, info={"Bundle-Id": str(uuid.uuid4()), "Seq-To": "①"}))
    code, output = run(
        cli, "--db", str(lead.db_path), "import", "--trust-new", "--trust-role", "lead", str(first), str(second)
    )
    assert code == 1
    assert f"{second}: bag-info.txt line " in output
    lead.unchanged()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (records("inspections", None, templates=["no-such-template"]), "checklist 'no-such-template' is not known"),
        (records("units", "chalet", parent_id="@bedroom"), "a unit cannot be inside one of its own sub-units"),
    ],
)
def test_verify_refuses_what_it_can_check_without_a_database(
    cli: CliRunner, lead: Lead, change: Change, expected: str
) -> None:
    bundle = forge(lead, change)
    code, output = run(cli, "verify", str(bundle))
    assert code == 1 and expected in output and str(bundle) in output, output


def test_the_record_checks_query_per_kind_not_per_record(tmp_path: Path) -> None:
    """Reference lookups are batched: the query count does not grow with the records."""
    import datetime as dt

    from inspect_tui.domain.models import Answer, Inspection
    from inspect_tui.store import save
    from inspect_tui.sync.reader import BundleReader
    from inspect_tui.sync.validate_records import RecordChecks
    from tests.helpers.bundles import SNF_ITEMS

    source = make_device(tmp_path / "many.db")
    ids = populate(source.db)
    for number in range(6):
        inspection = Inspection(
            site_id=ids["site"], templates=["snf"], inspector="Eva", started_at=dt.datetime(2025, 4, 1 + number, 9)
        )
        save(source.db, inspection)
        for item in SNF_ITEMS[:30]:
            save(source.db, Answer(id=answer_id(inspection.id, item), inspection_id=inspection.id, item_id=item))
    result = export_bundle(source.db, tmp_path / "many.zip", source.key, everything=True)
    assert result is not None
    target = make_device(tmp_path / "target.db")
    with BundleReader(result.path) as reader:
        reader.check()
        lines = reader.lines()
        checks = RecordChecks(target.db)
        checks.check(str(result.path), lines)
    assert len(lines) > 200
    assert checks.index.queries <= 16, checks.index.queries
