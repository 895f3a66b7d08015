"""Pull: a signed bundle of central revisions for a lead's (or an inspector's) laptop.

The bundle has the laptops' own format, so ``inspect-tui import`` takes it like any other: the
revisions travel as they arrived (their origin device, revision ids and bytes untouched, so every
id can be recomputed), occupants' personal fields stay sealed as the devices sealed them (a version
a device without the central key sent in plain is held back: a team lead must not read it), and
attachments travel with their files.
A pull can be narrowed to a team, an inspector or a device, and to what arrived after an
earlier pull (``--since`` the change number that pull printed, or a date).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nacl.public import PublicKey
from nacl.signing import SigningKey

from inspect_tui import __version__
from inspect_tui.central.errors import CentralError
from inspect_tui.central.keys import central_device
from inspect_tui.central.store.connect import CentralDb
from inspect_tui.central.store.handouts import Handout, record_handout, require_writable, team_members
from inspect_tui.i18n import _
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.store.db import get_meta
from inspect_tui.store.trust import pinned_roster, segments_for
from inspect_tui.sync.bag import BagWriter
from inspect_tui.sync.export import _line
from inspect_tui.sync.keys import META_CENTRAL_PUBLIC
from inspect_tui.sync.layout import FORMAT_NAME, FORMAT_VERSION, KINDS, ROSTER, SEGMENTS, blob_member, kind_member
from inspect_tui.sync.references import REFERENCES
from inspect_tui.sync.seal import has_personal_data

RecordKey = tuple[str, str]


@dataclass(frozen=True)
class Selection:
    """Whose work a pull carries (all of it when every field is empty)."""

    team: str | None = None
    inspector: str | None = None
    device: str | None = None
    since_seq: int = 0
    since_date: dt.date | None = None

    def describe(self) -> str:
        parts = [
            f"team {self.team}" if self.team else "",
            f"inspector {self.inspector}" if self.inspector else "",
            f"device {self.device}" if self.device else "",
            f"after change {self.since_seq}" if self.since_seq else "",
            f"received since {self.since_date}" if self.since_date else "",
        ]
        return ", ".join(p for p in parts if p) or "everything"


@dataclass(frozen=True)
class PullResult:
    """What a pull wrote."""

    path: Path
    bundle_id: str
    seq_from: int
    seq_to: int
    counts: dict[str, int]
    """Revisions per kind."""
    files: int
    held_back: int = 0
    """Occupant versions not passed on: a device without the central key sent their personal data plain."""
    records: dict[str, int] = field(default_factory=dict)
    """Records per kind (one record may travel as several revisions)."""


def require_named(selection: Selection) -> None:
    """A narrowing given empty (``--team "$TEAM"`` with the variable unset) is refused: read as no
    narrowing, it would hand one team everyone's work."""
    for option, value in (
        ("--team", selection.team),
        ("--inspector", selection.inspector),
        ("--device", selection.device),
    ):
        if value is not None and not value.strip():
            raise CentralError(
                _("{option} is empty; name the one to pull for, or leave {option} out").format(option=option)
            )


def _plain_personal(data: object) -> bool:
    return isinstance(data, str) and has_personal_data(json.loads(data))


SINCE_FIRST = dt.date(2000, 1, 1)
SINCE_LAST = dt.date(2100, 12, 31)
"""The days a --since date may name (the app's range of dates)."""


def parse_since(text: str | None) -> tuple[int, dt.date | None]:
    """``--since``: a change number printed by an earlier pull, or a date (YYYY-MM-DD)."""
    if not text:
        return 0, None
    if text.isascii() and text.isdigit():  # as a pull prints it: "²" and "١٢" pass str.isdigit too
        return int(text), None
    try:
        day = dt.date.fromisoformat(text) if text.isascii() else None
    except ValueError:
        day = None
    if day is None:
        raise CentralError(
            _("--since {text} is neither a change number (as an earlier pull printed) nor a date YYYY-MM-DD").format(
                text=repr(text)
            )
        )
    if not SINCE_FIRST <= day <= SINCE_LAST:
        raise CentralError(
            _("--since {day} is out of range; give a date from {first} to {last}").format(
                day=day.isoformat(), first=SINCE_FIRST.isoformat(), last=SINCE_LAST.isoformat()
            )
        )
    return 0, day


Upto = tuple[int, dt.datetime] | None
"""Look only at revisions up to an earlier pull (a change number, or before a moment): None for all."""


def _upto(upto: Upto) -> tuple[str, list[Any]]:
    if upto is None:
        return "", []
    return " AND seq <= %s AND received_at < %s", [upto[0], upto[1]]


def _ids(db: CentralDb, entity: str, field: str, values: set[str], upto: Upto = None) -> set[str]:
    """Records of entity whose data (in any revision) has field in values."""
    if not values:
        return set()
    clause, params = _upto(upto)
    rows = db.pg(
        "SELECT DISTINCT record_id FROM changes WHERE entity = %s AND data IS NOT NULL "
        f"AND (data::jsonb ->> %s) = ANY(%s){clause}",
        [entity, field, sorted(values), *params],
    ).fetchall()
    return {str(r[0]) for r in rows}


def _inspectors(db: CentralDb, selection: Selection) -> set[str] | None:
    if selection.team:
        members = set(team_members(db, selection.team))
        if not members:
            raise CentralError(
                _("team {team} has no members; add them with: inspect-tui central team {team} NAME…").format(
                    team=selection.team
                )
            )
        return members | ({selection.inspector} if selection.inspector else set())
    if selection.inspector:
        return {selection.inspector}
    return None


def selected_records(db: CentralDb, selection: Selection, upto: Upto = None) -> set[RecordKey] | None:
    """The records a pull carries (None: every record); with upto, those it carried as of then."""
    require_named(selection)
    chosen: set[RecordKey] | None = None
    clause, params = _upto(upto)
    names = _inspectors(db, selection)
    if names is not None:
        inspections = _ids(db, "inspections", "inspector", names, upto)
        sites: set[str] = set()
        if inspections:
            rows = db.pg(
                "SELECT DISTINCT data::jsonb ->> 'site_id' FROM changes WHERE entity = 'inspections' "
                f"AND record_id = ANY(%s) AND data IS NOT NULL{clause}",
                [sorted(inspections), *params],
            ).fetchall()
            sites = {str(r[0]) for r in rows if r[0]}
        units = _ids(db, "units", "site_id", sites, upto)
        findings = _ids(db, "findings", "inspection_id", inspections, upto)
        answers = _ids(db, "answers", "inspection_id", inspections, upto)
        photos = _ids(db, "attachments", "finding_id", findings, upto) | _ids(
            db, "attachments", "answer_id", answers, upto
        )  # of findings and of checklist items
        keys: dict[str, set[str]] = {
            "sites": sites,
            "units": units,
            "occupants": _ids(db, "occupants", "unit_id", units, upto),
            "inspections": inspections,
            "answers": answers,
            "findings": findings,
            "attachments": photos,
            "reviews": _ids(db, "reviews", "inspection_id", inspections, upto),
        }
        chosen = {(kind, i) for kind, ids in keys.items() for i in ids}
    if selection.device:
        rows = db.pg(
            f"SELECT DISTINCT entity, record_id FROM changes WHERE origin = %s{clause}", [selection.device, *params]
        ).fetchall()
        touched = {(str(r[0]), str(r[1])) for r in rows}
        chosen = touched if chosen is None else chosen & touched
    return None if chosen is None else _with_referenced(db, chosen, upto)


def _with_referenced(db: CentralDb, chosen: set[RecordKey], upto: Upto) -> set[RecordKey]:
    """chosen with every record its records name (a site, a unit, an inspection …), and theirs in
    turn: a laptop takes an inspection only with its site, a finding only with its unit."""
    clause, params = _upto(upto)
    found = set(chosen)
    frontier = set(chosen)
    while frontier:
        named: set[RecordKey] = set()
        for kind in sorted({key[0] for key in frontier}):
            refs = REFERENCES.get(kind, ())
            if not refs:
                continue
            ids = sorted(i for k, i in frontier if k == kind)
            columns = ", ".join(f"data::jsonb ->> '{ref.field}'" for ref in refs)
            rows = db.pg(
                f"SELECT DISTINCT {columns} FROM changes WHERE entity = %s AND record_id = ANY(%s) "
                f"AND data IS NOT NULL{clause}",
                [kind, ids, *params],
            ).fetchall()
            named |= {(ref.target, str(v)) for row in rows for ref, v in zip(refs, row, strict=True) if v}
        frontier = named - found
        found |= frontier
    return found


def newly_selected(db: CentralDb, selection: Selection, chosen: set[RecordKey] | None) -> set[RecordKey]:
    """Records a narrowed pull carries now but did not as of --since (an inspector took on a site
    the team had not seen): they travel whole, or a laptop would get an inspection of a site it
    never received."""
    if chosen is None or not (selection.since_seq or selection.since_date):
        return set()
    floor = _floor(selection)
    before = selected_records(db, selection, (selection.since_seq or _NO_SEQ_LIMIT, floor))
    return chosen - (before or set())


_NO_SEQ_LIMIT = 2**62
"""A change number above every real one (a --since by date limits by the moment only)."""


def _floor(selection: Selection) -> dt.datetime:
    """The moment a --since date stands for: its midnight on this machine's clock."""
    if selection.since_date is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC) if selection.since_seq else dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    return dt.datetime.combine(selection.since_date, dt.time()).astimezone()


_ROWS = (
    "SELECT seq, rev, gen, base_rev, merged, ancestors, origin, deleted, data, record_id, made_at, made_by "
    "FROM changes "
    "WHERE entity = %s AND ((seq > %s AND received_at >= %s) OR record_id = ANY(%s)) ORDER BY seq"
)
"""A kind's revisions after --since, and every revision of the records that entered the selection since."""


def _data(kind: str, row: tuple[Any, ...], files: dict[str, bool]) -> str:
    """The record text of one line, as it arrived (its id hashes it); attachments' files noted."""
    data = row[8]
    if not isinstance(data, str):
        raise CentralError(
            _("revision {revision} has no data; the central database may be damaged").format(revision=row[1])
        )
    if kind == "attachments":
        sha = str(json.loads(data)["sha256"])
        files[sha] = files.get(sha, False) or not row[7]
    return data


def pull(
    db: CentralDb,
    out: Path,
    signing_key: SigningKey,
    selection: Selection,
    *,
    now: dt.datetime | None = None,
) -> PullResult | None:
    """Write the pull bundle to out; None when no revision matches."""
    require_named(selection)
    require_writable(db)
    store = db.as_store()
    device = central_device(db)
    sealing = get_meta(store, META_CENTRAL_PUBLIC)
    central = PublicKey(bytes.fromhex(sealing)) if sealing else None
    if selection.team:
        _inspectors(db, selection)  # a team without members is refused before any file is made
    floor = dt.datetime(1, 1, 1, tzinfo=dt.UTC) if selection.since_date is None else _floor(selection)
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if out.is_dir():
        out = out / f"central-pull-{when:%Y%m%d-%H%M%S}.zip"
    if not out.parent.is_dir():
        raise CentralError(
            _("the folder {path} does not exist; make it first: mkdir -p {path}").format(path=out.parent)
        )
    if out.exists():
        raise CentralError(_("{out} already exists; choose another name or remove it first").format(out=out))
    bundle_id = str(uuid.uuid4())
    partial = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
    counts = dict.fromkeys(KINDS, 0)
    records = dict.fromkeys(KINDS, 0)
    files: dict[str, bool] = {}
    seqs: list[int] = []
    relayed: list[str] = []
    held_back = 0
    origins: dict[str, str] = {}
    written = 0
    try:
        with open(partial, "xb") as handle:
            writer = BagWriter(handle, when=when)
            try:
                with db.atomic():  # one snapshot of the database for the whole bundle
                    db.pg("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    # chosen in the same snapshot as the revisions read: a bundle merged meanwhile is
                    # either wholly in this pull's selection and change numbers, or wholly after them
                    chosen = selected_records(db, selection)
                    entered = newly_selected(db, selection, chosen)
                    erased = {
                        str(r[0])
                        for r in db.pg(
                            "SELECT DISTINCT record_id FROM changes WHERE entity = 'occupants' AND deleted = 1"
                        ).fetchall()
                    }
                    for kind in KINDS:
                        with writer.payload(kind_member(kind)) as member, db.raw.cursor(name=f"pull_{kind}") as cursor:
                            whole = sorted(i for k, i in entered if k == kind)
                            cursor.execute(_ROWS, [kind, selection.since_seq, floor, whole])
                            batch: list[str] = []
                            carried: set[str] = set()  # the kind's records (its revisions' ids are kept anyway)
                            for row in cursor:
                                if chosen is not None and (kind, row[9]) not in chosen:
                                    continue
                                if kind == "occupants" and not row[7] and row[9] in erased:
                                    continue  # an erased version: only the removal travels (see store.erasure)
                                if kind == "occupants" and central is not None and _plain_personal(row[8]):
                                    held_back += 1  # sent plain by a device without the central key: not passed on
                                    continue
                                relayed.append(str(row[1]))
                                text = _data(kind, row, files)
                                seqs.append(int(row[0]))
                                batch.append(_line(row[1:9], text, origins, row[10], row[11]))
                                counts[kind] += 1
                                carried.add(row[9])
                                if len(batch) >= 2000:
                                    member.write("".join(batch).encode())
                                    batch.clear()
                            member.write("".join(batch).encode())
                            records[kind] = len(carried)
                    if not seqs:
                        writer.abort()
                        return None
                    # Every revision is relayed as it arrived (the central system makes none): the
                    # segments its origins signed travel with it, so a laptop can check who made what
                    # and recompute every id.
                    segments = segments_for(store, relayed)
                    if segments:
                        writer.add_payload(SEGMENTS, "".join(f"{line}\n" for line in segments).encode())
                    roster = pinned_roster(store)
                    if roster is not None:
                        writer.add_payload(ROSTER, roster.encode())
                    for sha, needed in sorted(files.items()):
                        blob = db.pg("SELECT data FROM blobs WHERE sha256 = %s", [sha]).fetchone()
                        if blob is None:
                            if needed:
                                raise CentralError(
                                    f"the attachment file {sha[:12]}… is missing from the central database"
                                )
                            continue
                        writer.add_payload(blob_member(sha), bytes(blob[0]), compress=False)
                        written += 1
                info = [
                    ("Bag-Software-Agent", f"inspect-tui {__version__} central"),
                    ("Bundle-Format", FORMAT_NAME),
                    ("Bundle-Format-Version", str(FORMAT_VERSION)),
                    ("Bundle-Id", bundle_id),
                    ("Device-Id", device),
                    ("Seq-From", str(min(seqs))),
                    ("Seq-To", str(max(seqs))),
                    ("Created", when.isoformat()),
                    *[(f"Count-{kind.capitalize()}", str(counts[kind])) for kind in KINDS],
                    ("Personal-Data", "sealed" if central is not None else "plain"),
                ]
                tagmanifest = writer.finish(info, signing_key)
            except BaseException:
                writer.abort()
                raise
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, out)
    except OSError as exc:
        raise CentralError(_("cannot write {out}: {reason}").format(out=out, reason=os_problem(exc))) from None
    finally:
        partial.unlink(missing_ok=True)
    try:  # a pull nobody can account for does not leave: unrecorded, it is removed again
        record_handout(
            db,
            Handout(
                bundle_id,
                hashlib.sha256(tagmanifest).hexdigest(),
                bytes(signing_key.verify_key).hex(),
                device,
                "out",
                when.isoformat(),
                min(seqs),
                max(seqs),
                json.dumps(
                    {"counts": counts, "files": written, "path": out.name, "selection": selection.describe()},
                    sort_keys=True,
                ),
            ),
        )
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return PullResult(out, bundle_id, min(seqs), max(seqs), counts, written, held_back, records)
