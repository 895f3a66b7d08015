"""Shared helpers for the sync tests: a populated database, dumps to compare, bundle surgery."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from nacl.signing import SigningKey
from sqlite_utils import Database

from inspect_tui.checklists import load_template
from inspect_tui.cli import main
from inspect_tui.domain.checklist import AnswerType
from inspect_tui.domain.enums import FindingStatus, InspectionStatus, ReviewDecision, Severity
from inspect_tui.domain.models import (
    Answer,
    Attachment,
    Finding,
    Inspection,
    Occupant,
    Review,
    Site,
    Unit,
    answer_id,
)
from inspect_tui.store import delete, open_db, save
from inspect_tui.store.blobs import store_blob
from inspect_tui.store.erasure import erased_occupants
from inspect_tui.sync.bag import BagWriter, parse_bag_info
from inspect_tui.sync.keys import ensure_signing_key
from inspect_tui.sync.layout import BAG_INFO
from tests.helpers.photo_bytes import jpeg_bytes

BSNS = ("111222333", "123456782")
PHONE = "+31 6 1234 5678"
EMAIL = "jan.kowalski@example.pl"
BORN = dt.date(1988, 3, 14)
PHOTO = jpeg_bytes(96, 72, seed=40)


def _answered_first() -> tuple[str, ...]:
    items = load_template("snf").items
    yes_no = [i.id for i in items if i.answer_type is AnswerType.YES_NO_NA and i.rule is None][:2]
    number = [i.id for i in items if i.answer_type is AnswerType.NUMBER][:1]
    first = [*yes_no, *number]
    return (*first, *(i.id for i in items if i.id not in first))


SNF_ITEMS = _answered_first()
"""Item ids of the shipped SNF checklist (answers and findings name real items): the first two
answered yes or no, the third with a number (as the tests answer them), then the others."""


def photo_on_answer(db: Database, answer_id: str) -> Attachment:
    """PHOTO stored on this device and attached to a checklist answer (``kamer.jpg``)."""
    store_blob(db, PHOTO)
    photo = Attachment(
        answer_id=answer_id,
        sha256=hashlib.sha256(PHOTO).hexdigest(),
        file_name="kamer.jpg",
        media_type="image/jpeg",
        size=len(PHOTO),
    )
    save(db, photo)
    return photo


PERSONAL_COLUMNS = frozenset({"bsn", "date_of_birth", "phone", "email", "sealed"})
ENTITY_TABLES = ("sites", "units", "occupants", "inspections", "answers", "findings", "attachments", "reviews")


@dataclass
class Device:
    """A database with its own signing key, as one laptop holds it."""

    db: Database
    path: Path | None
    key: SigningKey
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        assert self.path is not None
        return self.path


def make_device(path: Path | None, device_id: str | None = None) -> Device:
    """A new database (on disk at path, or in memory) with its signing key."""
    db = open_db(path, create=True, device_id=device_id)
    return Device(db, path, ensure_signing_key(db, path))


def populate(db: Database) -> dict[str, str]:
    """Every kind of record, saved the way the app saves them; returns their ids by role."""
    site = Site(
        name="Vakantiepark De Wilgen",
        city="Venlo",
        street="Dorpsstraat",
        house_number=12,
        postcode="5911 AB",
        operator_kvk="12345678",
    )
    save(db, site)
    chalet = Unit(site_id=site.id, label="Chalet 14", floor_area_m2=42.5, beds=4)
    save(db, chalet)
    bedroom = Unit(site_id=site.id, label="Kamer 2", kind="bedroom", parent_id=chalet.id, floor_area_m2=9.0, beds=2)
    save(db, bedroom)
    jan = Occupant(
        unit_id=bedroom.id,
        name="Jan Kowalski",
        bsn=BSNS[0],
        date_of_birth=BORN,
        phone=PHONE,
        email=EMAIL,
        nationality="PL",
        brp_status="rni",
        written_rental_contract=True,
    )
    save(db, jan)
    anna = Occupant(unit_id=bedroom.id, name="Anna Nowak", bsn=BSNS[1], nationality="PL")
    save(db, anna)
    leaver = Occupant(unit_id=chalet.id, name="Piotr Zielinski", nationality="PL")
    save(db, leaver)
    delete(db, Occupant, leaver.id)
    inspection = Inspection(
        site_id=site.id, templates=["snf"], inspector="Eva de Vries", started_at=dt.datetime(2025, 3, 3, 9, 30)
    )
    save(db, inspection)
    for number, value in enumerate(["yes", "no", "11.5"]):
        item = SNF_ITEMS[number]
        save(
            db,
            Answer(
                id=answer_id(inspection.id, item),
                inspection_id=inspection.id,
                item_id=item,
                value=value,
                verdict="fail" if value == "no" else "pass",
                figure=11.5 if number == 2 else None,
            ),
        )
    finding = Finding(
        inspection_id=inspection.id,
        item_id=SNF_ITEMS[1],
        unit_id=bedroom.id,
        severity=Severity.MAJOR,
        description="Geen rookmelder in kamer 2.",
        deadline=dt.date(2025, 4, 2),
    )
    save(db, finding)
    with db.atomic():
        sha = store_blob(db, PHOTO)
    attachment = Attachment(
        finding_id=finding.id, sha256=sha, file_name="kamer2.jpg", media_type="image/jpeg", size=len(PHOTO)
    )
    save(db, attachment)
    inspection = inspection.model_copy(
        update={
            "status": InspectionStatus.COMPLETED,
            "signed_by": "Eva de Vries",
            "completed_at": dt.datetime(2025, 3, 3, 11, 0),
        }
    )
    save(db, inspection)
    save(
        db,
        Review(
            inspection_id=inspection.id,
            reviewer="Team lead",
            decision=ReviewDecision.APPROVE,
            created_at=dt.datetime(2025, 3, 4, 8, 0),
        ),
    )
    site = site.model_copy(update={"notes": "Tweede bezoek nodig."})
    save(db, site)
    return {
        "site": site.id,
        "chalet": chalet.id,
        "bedroom": bedroom.id,
        "jan": jan.id,
        "anna": anna.id,
        "leaver": leaver.id,
        "inspection": inspection.id,
        "finding": finding.id,
        "attachment": attachment.id,
        "answer": answer_id(inspection.id, SNF_ITEMS[0]),
        "photo": sha,
        "finding_status": FindingStatus.OPEN.value,
    }


def shared_dump(db: Database, *, personal: bool = True) -> str:
    """Everything two databases holding the same revisions must agree on (not seq, meta, bundles).

    Erased versions of a removed occupant are left out: they stay (blanked) only on devices that
    held them before the removal; the removal is what travels (see ``store.erasure``).
    personal=False leaves the occupants table's personal columns out (the device that made a
    sealed version shows its plain values there); the sealed bytes are compared in ``changes``.
    """
    dump: dict[str, Any] = {}
    for table in ENTITY_TABLES:
        cursor = db.execute(f"SELECT * FROM [{table}] ORDER BY id")
        names = [c[0] for c in cursor.description]
        keep = [i for i, n in enumerate(names) if personal or table != "occupants" or n not in PERSONAL_COLUMNS]
        dump[table] = [[r[i] for i in keep] for r in cursor]
    erased = erased_occupants(db)
    dump["changes"] = [
        list(r)
        for r in db.execute(
            "SELECT entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data "
            "FROM changes ORDER BY rev"
        )
        if not (r[0] == "occupants" and r[1] in erased and not r[8])
    ]
    dump["superseded"] = [r[0] for r in db.execute("SELECT rev FROM superseded ORDER BY rev")]
    dump["conflicts"] = [list(r) for r in db.execute("SELECT * FROM conflicts ORDER BY entity, record_id")]
    dump["blobs"] = [
        [r[0], r[1], hashlib.sha256(r[2]).hexdigest()] for r in db.execute("SELECT * FROM blobs ORDER BY sha256")
    ]
    return json.dumps(dump, sort_keys=True, default=str)


def full_dump(db: Database) -> str:
    """Every row of every table, every column (seq, meta, bundles too): any change at all shows."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    dump = {t: sorted(json.dumps(list(map(_plain, r))) for r in db.execute(f"SELECT * FROM [{t}]")) for t in tables}
    return hashlib.sha256(json.dumps(dump, sort_keys=True).encode()).hexdigest()


def _plain(value: object) -> object:
    return hashlib.sha256(value).hexdigest() if isinstance(value, bytes) else value


def settle(path: Path) -> None:
    """Fold the WAL into the file, so the file's bytes are the state (connections are closed)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def file_hash(path: Path) -> str:
    """SHA-256 of the database file and of its WAL (when one is there)."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def members(bundle: Path | bytes) -> dict[str, bytes]:
    """Every member of a bundle zip, by name, in zip order."""
    source = io.BytesIO(bundle) if isinstance(bundle, bytes) else bundle
    with zipfile.ZipFile(source) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def bag_info(bundle: Path | bytes) -> dict[str, str]:
    """bag-info.txt of a bundle."""
    return parse_bag_info(members(bundle)[BAG_INFO])


def rebag(
    bundle: Path | bytes,
    key: SigningKey,
    *,
    payload: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
    info: dict[str, str] | None = None,
    rehash: bool = False,
) -> bytes:
    """The bundle rebuilt and re-signed by key: valid hashes and signature around changed content.

    payload maps the data/ members to new ones; info overrides bag-info.txt labels; rehash gives
    every changed revision the id its content hashes to (and the signer's own segment), as a forger
    who knows the formula would.
    """
    parts = members(bundle)
    data = {name: body for name, body in parts.items() if name.startswith("data/")}
    if payload is not None:
        data = payload(data)
    fields = {k: v for k, v in bag_info(bundle).items() if k not in ("Payload-Oxum", "Bagging-Date")}
    fields.update(info or {})
    if rehash:
        data = rehashed(data, key, fields["Device-Id"])
    out = io.BytesIO()
    writer = BagWriter(out)
    for name, body in data.items():
        writer.add_payload(name, body, compress=not name.startswith("data/blobs/"))
    writer.finish(list(fields.items()), key)
    return out.getvalue()


def rezip(entries: list[tuple[str | zipfile.ZipInfo, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with exactly these entries (duplicates and odd names allowed), no checks at all."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, body in entries:
            zf.writestr(name, body)
    return out.getvalue()


def edit_line(text: bytes, number: int, change: Callable[[dict[str, Any]], None]) -> bytes:
    """The JSON Lines text with line number (1-based) changed in place."""
    lines = text.decode().splitlines()
    envelope = json.loads(lines[number - 1])
    change(envelope)
    lines[number - 1] = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)
    return ("\n".join(lines) + "\n").encode()


def run(cli: CliRunner, *args: str) -> tuple[int, str]:
    """Run `inspect-tui` in-process: (exit code, everything it printed)."""
    result = cli.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def trusting_import(db: Database, paths: Any, **options: Any) -> Any:
    """import_bundles as a person who checked every signer's fingerprint and accepted it as a team lead.

    (The test devices write every kind of record, reviews and approvals too.)
    """
    from inspect_tui.sync.importer import import_bundles

    options.setdefault("trust_new", True)
    options.setdefault("trust_role", "lead")
    return import_bundles(db, paths, **options)


def rehashed(data: dict[str, bytes], key: SigningKey, device: str) -> dict[str, bytes]:
    """The data/ members with every revision id recomputed from its content (references follow)."""
    from inspect_tui.store.codec import canonical_json
    from inspect_tui.store.revisions import make_rev, stamp_of
    from inspect_tui.sync.envelope import parse_line
    from inspect_tui.sync.layout import KINDS
    from inspect_tui.sync.trust import content_digest, make_segment

    renamed: dict[str, str] = {}
    own: list[str] = []
    out = dict(data)
    for kind in KINDS:
        name = f"data/{kind}.jsonl"
        if name not in data:
            continue
        lines = []
        for raw in data[name].decode().split("\n"):
            if not raw:
                continue
            envelope = json.loads(raw)
            envelope["base_rev"] = renamed.get(envelope["base_rev"], envelope["base_rev"])
            envelope["ancestors"] = [renamed.get(r, r) for r in envelope["ancestors"]]
            envelope["merged"] = sorted(renamed.get(r, r) for r in envelope["merged"])
            try:
                revision = parse_line(kind, json.dumps(envelope).encode()).to_revision(kind)
            except ValueError:  # a line the reader refuses anyway: left as it is
                lines.append(raw)
                continue
            text = canonical_json(revision.data) if revision.data is not None else ""
            rev = make_rev(
                kind,
                revision.record_id,
                revision.gen,
                revision.base_rev,
                revision.merged,
                revision.deleted,
                text,
                stamp_of(revision.made_at, revision.made_by),
            )
            if rev != envelope["rev"]:
                renamed[envelope["rev"]] = rev
                envelope["rev"] = rev
            if envelope["origin"] == device:
                fixed = parse_line(kind, json.dumps(envelope).encode()).to_revision(kind)
                own.append(f"{fixed.rev} {content_digest(fixed)}")
            lines.append(json.dumps(envelope, separators=(",", ":"), ensure_ascii=False))
        out[name] = "".join(f"{line}\n" for line in lines).encode()
    out.pop("data/segments.jsonl", None)
    if own:
        out["data/segments.jsonl"] = (make_segment(key, device, (1, 1), own) + "\n").encode()
    return out
