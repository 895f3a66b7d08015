"""An import killed while it ran left its copy of the database (``<db>.pre-import.sqlite.<hex>.part``,
as large as the database and holding personal data) for a day; the next import removes it, but
never the copy of an import still running."""

from __future__ import annotations

import os
from pathlib import Path

from inspect_tui.store import bundles


def test_the_next_import_removes_a_killed_imports_copy_but_not_a_running_ones(db_path: Path) -> None:
    from inspect_tui.store import open_db

    db = open_db(db_path)
    target = db_path.with_name(db_path.name + ".pre-import.sqlite")
    killed = target.with_name(target.name + ".0badc0de.part")
    killed.write_bytes(b"x" * 4096)  # no process holds it: its import was killed
    running = target.with_name(target.name + ".feedf00d.part")
    running.write_bytes(b"y" * 4096)
    held = bundles._hold(running)  # an import still running holds its copy
    try:
        copy = bundles.copy_database(db, target)
        assert not killed.exists()
        assert running.exists()
        copy.keep()
        assert target.is_file()
        left = sorted(p.name for p in db_path.parent.iterdir() if p.name.endswith(".part"))
        assert left == [running.name]
    finally:
        if held is not None:
            os.close(held)
        db.close()
