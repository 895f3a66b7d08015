"""The store's refusals in the Dutch interface are Dutch: status and kind words translated, the photo
kinds listed with "of", and no refusal raised from a raw English string."""

from __future__ import annotations

import ast
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from inspect_tui.domain.models import Site
from inspect_tui.i18n import using
from inspect_tui.store import StoreError, delete, open_db
from inspect_tui.store import workflow as wf
from inspect_tui.store.attachments_media import require_photo, write_for_viewing

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(REPO / "sample.db", path)
    return path


def _one(path: Path, sql: str) -> str:
    db = open_db(path)
    try:
        return str(db.execute(sql).fetchone()[0])
    finally:
        db.close()


def _refusal_in_dutch(path: Path, act: Callable[[Database], object]) -> str:
    db = open_db(path)
    try:
        with using("nl"), pytest.raises(StoreError) as caught:
            act(db)
    finally:
        db.close()
    return str(caught.value)


def test_a_locked_inspection_refuses_in_dutch(sample: Path) -> None:
    approved = _one(sample, "SELECT id FROM inspections WHERE status = 'approved' LIMIT 1")
    before = sample.read_bytes()
    message = _refusal_in_dutch(sample, lambda db: wf.answer_item(db, approved, "snf.any-item", "yes"))
    assert message == "de inspectie is goedgekeurd en vergrendeld; heropen haar om haar te wijzigen"
    assert sample.read_bytes() == before


def test_reopening_a_draft_names_its_status_in_dutch(sample: Path) -> None:
    draft = _one(sample, "SELECT id FROM inspections WHERE status = 'draft' LIMIT 1")
    message = _refusal_in_dutch(sample, lambda db: wf.reopen(db, draft, "Jansen", "typfout"))
    assert message == "alleen een afgeronde inspectie kan worden heropend (deze is concept)"


def test_a_site_with_records_is_not_removed_and_says_so_in_dutch(sample: Path) -> None:
    site = _one(sample, "SELECT site_id FROM inspections LIMIT 1")
    before = sample.read_bytes()
    message = _refusal_in_dutch(sample, lambda db: delete(db, Site, site))
    assert message.startswith("kan het niet verwijderen: er horen nog ")
    assert message.endswith(" eenheden bij; verwijder of verplaats die eerst"), message
    assert sample.read_bytes() == before


def test_a_finding_not_open_refuses_withdrawal_in_dutch(sample: Path) -> None:
    resolved = _one(sample, "SELECT id FROM findings WHERE status = 'resolved' LIMIT 1")
    message = _refusal_in_dutch(sample, lambda db: wf.withdraw_finding(db, resolved, "dubbel"))
    assert message == "alleen een open bevinding kan worden ingetrokken; deze is opgelost"


def test_the_photo_kinds_are_listed_with_of_in_dutch(tmp_path: Path) -> None:
    data = b"geen foto"
    with using("nl"):
        with pytest.raises(StoreError) as opened:
            write_for_viewing(data, hashlib.sha256(data).hexdigest(), tmp_path)
        with pytest.raises(StoreError) as attached:
            require_photo(data, "schimmel.txt")
    assert str(opened.value).endswith("is geen foto in JPEG, PNG, WebP of HEIC; ze wordt niet geopend")
    assert str(attached.value).startswith("schimmel.txt is geen foto in JPEG, PNG, WebP of HEIC;")
    with pytest.raises(StoreError, match="is not a JPEG, PNG, WebP or HEIC photo; it is not opened"):
        write_for_viewing(data, hashlib.sha256(data).hexdigest(), tmp_path)


_PROGRAMMING_ERRORS = {
    "AttributeError",
    "AssertionError",
    "RuntimeError",
    "TypeError",
    "KeyError",
    "NotImplementedError",
}


def _raw_refusals(root: Path) -> list[str]:
    """``raise SomeError("…")`` or ``raise SomeError(f"…")``: a text a user reads that no catalog translates."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
            if name in _PROGRAMMING_ERRORS:
                continue
            for arg in node.exc.args:
                if isinstance(arg, ast.JoinedStr) or (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(arg)[:80]}")
    return found


@pytest.mark.parametrize("package", ["store", "domain"])
def test_no_refusal_is_raised_from_a_raw_english_text(package: str) -> None:
    assert _raw_refusals(REPO / "inspect_tui" / package) == [], "wrap the text in _() with .format() placeholders"
