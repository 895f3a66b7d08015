"""Benchmark: export --all and import of 1,000 inspections with 60 answers each.

Each figure is compared with a floor measured in the same run on the same rows:

- export floor: the `changes` rows read with sqlite3, each dumped with json, zipped (deflate);
- import floor: that zip read back, each line parsed with json, the rows inserted with
  executemany into a fresh database's `changes` and entity tables, in one transaction.

Targets: export ≤ 3× its floor, import ≤ 4× its floor, a repeated import < 0.5 s.
Run: ``python bench/bundle.py`` (exit status 1 when a target is missed).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from figures import Figure

from inspect_tui.checklists import load_template
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.checklist_words import AnswerType
from inspect_tui.domain.models import Answer, Inspection, Site, answer_id
from inspect_tui.store import open_db
from inspect_tui.store.codec import canonical_json, data_to_row
from inspect_tui.store.db import device_id
from inspect_tui.store.revisions import Revision, make_rev
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.importer import import_bundles
from inspect_tui.sync.keys import ensure_signing_key
from inspect_tui.sync.merge import apply_revisions

INSPECTIONS = 1_000
TEMPLATES = ("snf", "akf")
ITEMS = tuple(item for template in TEMPLATES for item in load_template(template).items)
"""Answers name real items of the inspection's checklists, each answered in its own type (an
import refuses any other item, and an answer not in the form the app stores for its item)."""
ANSWERS = 60
TARGETS = {"export": 3.0, "import": 4.0}
REIMPORT_LIMIT = 0.5


def first_revision(record: Site | Inspection | Answer, origin: str) -> Revision:
    """The revision `store.save` makes for a new record (built directly: 61,000 saves take long)."""
    data = record.model_dump(mode="json")
    rev = make_rev(record.table, record.id, 1, None, (), False, canonical_json(data))
    return Revision(record.table, record.id, rev, 1, None, origin, data)


def typed_value(item: Item, rng: random.Random) -> str:
    """An answer to item as the app stores it: yes/no, a figure, a count, a choice, a date or text;
    n.a. now and then."""
    if rng.random() < 0.1:
        return "n.a."
    kind = item.answer_type
    if kind is AnswerType.YES_NO_NA:
        return rng.choice(["yes", "no"])
    if kind is AnswerType.NUMBER:
        return f"{rng.uniform(1, 40):.1f}"
    if kind is AnswerType.COUNT:
        return str(rng.randint(1, 40))
    if kind is AnswerType.CHOICE:
        return rng.choice([c.value for c in item.choices or ()])
    if kind is AnswerType.DATE:
        return (dt.date(2025, 1, 6) + dt.timedelta(days=rng.randint(0, 700))).isoformat()
    return "Gezien bij rondgang; foto genomen."


def populate(path: Path, inspections: int = INSPECTIONS) -> None:
    db = open_db(path, create=True)
    origin = device_id(db)
    rng = random.Random(4)
    revisions = []
    site = Site(name="Vakantiepark De Wilgen", city="Venlo", street="Dorpsstraat", house_number=12)
    revisions.append(first_revision(site, origin))
    start = dt.datetime(2025, 1, 6, 8, 0)
    for number in range(inspections):
        inspection = Inspection(
            site_id=site.id,
            templates=list(TEMPLATES),
            inspector=rng.choice(["Eva de Vries", "Joost Bakker"]),
            started_at=start + dt.timedelta(hours=number),
        )
        revisions.append(first_revision(inspection, origin))
        for item in ITEMS[:ANSWERS]:
            item_id = item.id
            value = typed_value(item, rng)
            answer = Answer(
                id=answer_id(inspection.id, item_id),
                inspection_id=inspection.id,
                item_id=item_id,
                value=value,
                verdict=rng.choice(["pass", "fail", "unknown"]),
                note=rng.choice([None, None, None, "Gezien bij rondgang; foto genomen."]),
            )
            revisions.append(first_revision(answer, origin))
    with db.atomic():
        apply_revisions(db, revisions)
    db.conn.close()


FLOOR_COLUMNS = (
    "seq, entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data, made_at, made_by"
)
"""The change-log columns the floors copy (data is the 12th: row[11])."""


def export_floor(db_path: Path, out: Path) -> float:
    began = time.perf_counter()
    conn = sqlite3.connect(db_path)
    rows = conn.execute(f"SELECT {FLOOR_COLUMNS} FROM changes ORDER BY seq")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("data/changes.jsonl", "w") as member:
        batch = []
        for row in rows:
            batch.append(json.dumps(row))
            if len(batch) >= 2000:
                member.write(("\n".join(batch) + "\n").encode())
                batch.clear()
        member.write(("\n".join(batch) + "\n").encode())
    conn.close()
    return time.perf_counter() - began


def import_floor(floor_zip: Path, db_path: Path) -> tuple[float, float]:
    """(seconds to read and parse the floor zip, seconds to insert its rows with executemany)."""
    from inspect_tui.domain.models import MODEL_BY_TABLE

    open_db(db_path, create=True).conn.close()
    began = time.perf_counter()
    with zipfile.ZipFile(floor_zip) as zf:
        rows = [json.loads(line) for line in zf.read("data/changes.jsonl").splitlines()]
    entity_rows: dict[str, list[list[object]]] = {}
    for row in rows:
        model = MODEL_BY_TABLE[row[1]]
        values = data_to_row(model, json.loads(row[11]), row[3])
        entity_rows.setdefault(row[1], []).append([values.get(c) for c in (*model.model_fields, "rev")])
    parsed = time.perf_counter()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.executemany(
            f"INSERT INTO changes({FLOOR_COLUMNS}) VALUES ({','.join('?' * len(FLOOR_COLUMNS.split(',')))})",
            rows,
        )
        for entity, values_list in entity_rows.items():
            columns = (*MODEL_BY_TABLE[entity].model_fields, "rev")
            conn.executemany(
                f"INSERT INTO [{entity}] ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                values_list,
            )
    conn.close()
    return parsed - began, time.perf_counter() - parsed


def measure() -> list[Figure]:
    """Export --all and import of INSPECTIONS × ANSWERS against their floors, and a re-import."""
    with tempfile.TemporaryDirectory(prefix="inspect-bench-") as folder:
        root = Path(folder)
        populate(root / "source.db")
        floor_export = export_floor(root / "source.db", root / "floor.zip")
        source = open_db(root / "source.db")
        key = ensure_signing_key(source, root / "source.db")
        began = time.perf_counter()
        result = export_bundle(source, root / "bundle.zip", key, everything=True)
        export_seconds = time.perf_counter() - began
        assert result is not None
        source.conn.close()

        floor_parse, floor_insert = import_floor(root / "floor.zip", root / "floor.db")
        floor_import = floor_parse + floor_insert
        target = open_db(root / "target.db", create=True)
        ensure_signing_key(target, root / "target.db")
        began = time.perf_counter()
        receipts = import_bundles(
            target, [root / "bundle.zip"], snapshot=root / "target.db.pre-import.sqlite", trust_new=True
        )
        import_seconds = time.perf_counter() - began
        began = time.perf_counter()
        again = import_bundles(
            target, [root / "bundle.zip"], snapshot=root / "target.db.pre-import.sqlite", trust_new=True
        )
        reimport_seconds = time.perf_counter() - began
        target.conn.close()
    records = sum(result.counts.values())
    assert receipts[0].total("new") > 0 and again[0].already
    size = f"{INSPECTIONS:,} inspections × {ANSWERS} answers ({records:,} revisions)"
    return [
        Figure(
            f"export --all, {size}",
            export_seconds / floor_export,
            "× floor",
            "≤ 3",
            export_seconds / floor_export <= TARGETS["export"],
            f"{export_seconds:.2f} s; floor (sqlite3 + json + zip) {floor_export:.2f} s",
        ),
        Figure(
            "import of that bundle",
            import_seconds / floor_import,
            "× floor",
            "≤ 4",
            import_seconds / floor_import <= TARGETS["import"],
            f"{import_seconds:.2f} s; floor {floor_import:.2f} s = read + parse {floor_parse:.2f} s "
            f"+ executemany {floor_insert:.2f} s",
        ),
        Figure("import of the same bundle again", reimport_seconds, "s", "< 0.5 s", reimport_seconds < REIMPORT_LIMIT),
    ]


def main() -> int:
    figures = measure()
    for figure in figures:
        print(figure.line())
    return 0 if all(f.ok is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
