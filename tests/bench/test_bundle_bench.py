"""The bundle benchmark's synthetic bundle is one the app accepts: every answer in the form the app
stores for its item (a bundle the import refuses measured nothing; it once answered counts "yes")."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from inspect_tui.domain.answers import stored_form_problem
from inspect_tui.store import open_db
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.importer import import_bundles
from inspect_tui.sync.keys import ensure_signing_key

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def bundle_bench() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        import bundle
    finally:
        sys.path.remove(str(BENCH))
    return bundle


def test_every_synthetic_answer_is_in_its_items_stored_form(bundle_bench: ModuleType) -> None:
    rng = random.Random(1)
    items = bundle_bench.ITEMS[: bundle_bench.ANSWERS]
    assert len(items) == bundle_bench.ANSWERS
    for item in items:
        for _ in range(30):
            value = bundle_bench.typed_value(item, rng)
            assert stored_form_problem(item, value) is None, (item.id, value)


def test_the_synthetic_bundle_is_imported(bundle_bench: ModuleType, tmp_path: Path) -> None:
    bundle_bench.populate(tmp_path / "source.db", 3)
    source = open_db(tmp_path / "source.db")
    try:
        result = export_bundle(
            source, tmp_path / "bundle.zip", ensure_signing_key(source, tmp_path / "source.db"), everything=True
        )
    finally:
        source.conn.close()
    assert result is not None
    target = open_db(tmp_path / "target.db", create=True)
    try:
        receipts = import_bundles(target, [tmp_path / "bundle.zip"], snapshot=None, trust_new=True)
        assert receipts[0].total("new") == 1 + 3 + 3 * bundle_bench.ANSWERS
    finally:
        target.conn.close()
