"""What an import of some bundles ends in, with the record checks made as batches merge or at the end.

The property tests of tests/sync/test_import_early_*.py import the same bundles twice, once with
the checks made as each batch is merged and once with every check left to the end, over batch
sizes they choose, and require the same refusal (same message) or the same database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inspect_tui.sync import BundleError, streaming
from tests.helpers.bundles import make_device, shared_dump
from tests.helpers.bundles import trusting_import as import_bundles


def import_outcome(
    root: Path, name: str, paths: list[Path], *, early: bool, batch: int, check: int, chain: int | None = None
) -> tuple[Any, ...]:
    """("refused", message) or ("imported", counts per bundle, the shared records) of importing
    paths into a new device database, with lines merged batch at a time and checked check at a
    time (chain: the batch of the cycle check; its own default when None)."""
    target = make_device(root / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(streaming, "BATCH_LINES", batch)
        patch.setattr(streaming, "CHECK_BATCH", check)
        if chain is not None:
            patch.setattr(streaming, "CHAIN_BATCH", chain)
        if not early:
            patch.setattr(streaming, "EARLY_KINDS", frozenset())
        try:
            receipts = import_bundles(target.db, paths)
        except BundleError as exc:
            return ("refused", str(exc))
        finally:
            dump = shared_dump(target.db)
            target.db.conn.close()
    return ("imported", [r.counts for r in receipts], dump)
