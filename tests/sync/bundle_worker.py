"""Exports or imports bundles until killed: run as a subprocess by test_bundle_kill9.py.

Usage:
    python bundle_worker.py export DB FOLDER   export --all again and again into FOLDER/<n>.zip
    python bundle_worker.py import DB BUNDLE   import BUNDLE once

Prints "ready" once the database is open, then one line per finished bundle:
"exported <file>" after the rename, "imported <bundle id>" after the commit.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from inspect_tui.store import open_db
from inspect_tui.sync import export_bundle, import_bundles
from inspect_tui.sync.keys import ensure_signing_key

GIVE_UP_AFTER = 20.0


def main(mode: str, db_path: Path, target: Path) -> int:
    db = open_db(db_path)
    key = ensure_signing_key(db, db_path)
    print("ready", flush=True)
    if mode == "import":
        # a person who checked the exporting device's fingerprint accepts it as a team lead
        (receipt,) = import_bundles(
            db, [target], snapshot=Path(f"{db_path}.pre-import.sqlite"), trust_new=True, trust_role="lead"
        )
        print(f"imported {receipt.bundle_id}", flush=True)
        return 0
    deadline = time.monotonic() + GIVE_UP_AFTER
    number = 0
    while time.monotonic() < deadline:
        number += 1
        result = export_bundle(db, target / f"{number}.zip", key, everything=True)
        assert result is not None
        print(f"exported {result.path.name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])))
