"""An inspector who never stops saving: run as a subprocess by test_kill9.py and killed with SIGKILL.

Usage: python editor.py DB RUN

Opens DB (made by the test), prints "ready", then makes confirmed edits through the store in
a loop. After each edit's commit it prints one line and flushes, so every line the test reads
is an edit the screen would have shown as saved:

    confirmed <table>/<record id> <value>

The edits cycle through three kinds: a new occupant (value = its name), a rename of one
existing occupant (a new revision of the same record) and an answer to a count item
(answer_item, which also re-judges a computed rule in the same transaction).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from inspect_tui.domain.models import Occupant, answer_id
from inspect_tui.store import open_db, save
from inspect_tui.store.records import get
from inspect_tui.store.workflow import answer_item

ITEM = "snf.facilities.sockets"
"""The count item whose answer is rewritten again and again."""
RENAMED = "Crash Test Vaste Bewoner"
"""Name prefix of the occupant that is renamed again and again."""
GIVE_UP_AFTER = 20.0
"""Seconds after which the editor stops by itself, should the test fail to kill it."""


def value_of(run: int, n: int) -> int:
    """Values grow with run and edit number, so the test can tell which edit is the latest."""
    return run * 100_000 + n


def main(path: Path, run: int) -> int:
    db = open_db(path)
    unit_id = db.execute("SELECT id FROM units WHERE kind = 'bedroom' ORDER BY id LIMIT 1").fetchone()[0]
    inspection_id = db.execute("SELECT id FROM inspections ORDER BY id LIMIT 1").fetchone()[0]
    fixed_id = db.execute("SELECT id FROM occupants WHERE name LIKE ? ORDER BY id LIMIT 1", [RENAMED + "%"]).fetchone()[
        0
    ]
    print("ready", flush=True)
    deadline = time.monotonic() + GIVE_UP_AFTER
    n = 0
    while time.monotonic() < deadline:
        value = value_of(run, n)
        if n % 3 == 0:
            occupant = Occupant(unit_id=unit_id, name=f"Crash Test {value}")
            save(db, occupant)
            line = f"occupants/{occupant.id} {occupant.name}"
        elif n % 3 == 1:
            current = get(db, Occupant, fixed_id)
            assert current is not None
            save(db, current.model_copy(update={"name": f"{RENAMED} {value}"}))
            line = f"occupants/{fixed_id} {RENAMED} {value}"
        else:
            answer_item(db, inspection_id, ITEM, str(value))
            line = f"answers/{answer_id(inspection_id, ITEM)} {value}"
        print(f"confirmed {line}", flush=True)
        n += 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
