"""An import gives the store a larger page cache while it runs, and sets it back after, also
when the bundle is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inspect_tui.sync import BundleError, importer, streaming
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device, populate
from tests.helpers.bundles import trusting_import as import_bundles


def _cache(db: Any) -> int:
    return int(db.execute("PRAGMA cache_size").fetchone()[0])


@pytest.mark.parametrize("refused", [False, True])
def test_the_store_cache_is_larger_while_importing_and_as_it_was_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: bool
) -> None:
    source = make_device(tmp_path / "source.db")
    populate(source.db)
    result = export_bundle(source.db, tmp_path / "b.zip", source.key, everything=True)
    assert result is not None
    target = make_device(tmp_path / "target.db")
    before = _cache(target.db)
    seen: list[int] = []
    merge = streaming.merge_streamed

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(_cache(target.db))
        if refused:
            raise BundleError("refused on purpose")
        return merge(*args, **kwargs)

    monkeypatch.setattr(importer, "merge_streamed", watching)
    if refused:
        with pytest.raises(BundleError):
            import_bundles(target.db, [result.path])
    else:
        import_bundles(target.db, [result.path])
    assert seen == [-streaming.STORE_CACHE_KIB] and before != seen[0]
    assert _cache(target.db) == before
