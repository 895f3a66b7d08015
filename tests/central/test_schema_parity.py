"""The central schema keeps up with the laptops': every record table has the same columns."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.central.store.connect import connect
from inspect_tui.domain.models import RECORD_TYPES
from inspect_tui.store import open_db


def test_every_record_table_has_the_laptops_columns(pg_url: str, tmp_path: Path) -> None:
    laptop = open_db(tmp_path / "laptop.db", create=True)
    central = connect(pg_url)
    try:
        for model in RECORD_TYPES:
            local = {str(row[1]) for row in laptop.execute(f'PRAGMA table_info("{model.table}")')}
            remote = {
                str(row[0])
                for row in central.pg(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [model.table]
                )
            }
            assert local, model.table
            missing = sorted(local - remote)
            assert not missing, f"central table {model.table} lacks {missing}: add a central migration"
    finally:
        central.close()
        laptop.close()
