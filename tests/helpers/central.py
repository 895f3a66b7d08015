"""Helpers of the central tests (a module name of its own, so no other folder's conftest shadows it)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_tui.central.store.connect import CentralDb

ENTITY_TABLES = ("sites", "units", "occupants", "inspections", "answers", "findings", "attachments", "reviews")


def with_database(url: str, name: str) -> str:
    """url pointing at another database of the same server."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    params["dbname"] = name
    return make_conninfo("", **params)


@dataclass
class Central:
    """A central database with its keys, as `central init` leaves it."""

    db: CentralDb
    url: str
    signing_key: Path
    sealing_key: Path

    def options(self) -> list[str]:
        return ["central", "--url", self.url]


def state(db: Any) -> str:
    """Heads, revisions, superseded and conflicts, sorted here (collations differ between engines)."""

    def rows(sql: str) -> list[list[Any]]:
        return sorted(([v for v in r] for r in db.execute(sql).fetchall()), key=json.dumps)

    dump: dict[str, Any] = {t: rows(f"SELECT * FROM [{t}]") for t in ENTITY_TABLES}
    dump["changes"] = rows(
        "SELECT entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data FROM changes"
    )
    dump["superseded"] = rows("SELECT rev FROM superseded")
    dump["conflicts"] = rows("SELECT entity, record_id, leaves, fields, kind FROM conflicts")
    dump["blobs"] = sorted(
        [str(r[0]), int(r[1]), hashlib.sha256(bytes(r[2])).hexdigest()]
        for r in db.execute("SELECT sha256, size, data FROM blobs").fetchall()
    )
    return json.dumps(dump, sort_keys=True, default=str)


def trusting_intake(db: CentralDb, path: Path, **options: Any) -> Any:
    """intake_one as a central operator who checked every signer's fingerprint and accepted it as a team lead.

    (The test devices write every kind of record, reviews and approvals too.)
    """
    from inspect_tui.central.intake import intake_one

    options.setdefault("trust_new", True)
    options.setdefault("trust_role", "lead")
    return intake_one(db, path, **options)
