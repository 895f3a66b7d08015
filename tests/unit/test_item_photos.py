"""Photos on checklist items and the time a photo was taken (EXIF)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image
from pydantic import ValidationError

from inspect_tui.domain.checklist import AnswerType
from inspect_tui.domain.models import Attachment, Inspection
from inspect_tui.reports import build_report, load_photos, render
from inspect_tui.store import StoreError
from inspect_tui.store import workflow as wf
from inspect_tui.store.photo_time import parse_exif_time, taken_at
from inspect_tui.store.workflow.item_photos import attach_item_photo, item_photos
from tests.helpers.photo_bytes import jpeg_bytes

if TYPE_CHECKING:
    from tests.conftest import Populated

MONDAY = dt.datetime(2026, 11, 16, 9, 0)
SHA = "a" * 64


def exif_jpeg(when: str | None, offset: str | None = None) -> bytes:
    image = Image.new("RGB", (8, 8), (200, 10, 10))
    exif = Image.Exif()
    ifd = exif.get_ifd(0x8769)
    if when is not None:
        ifd[0x9003] = when
    if offset is not None:
        ifd[0x9011] = offset
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def snf_inspection(populated_db: Populated) -> Inspection:
    return wf.start_inspection(populated_db.db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)


def first_item(inspection: Inspection) -> str:
    """The first yes/no item that is answered by hand."""
    return next(
        i.id for i in wf.checklist_items(inspection) if i.answer_type is AnswerType.YES_NO_NA and i.rule is None
    )


def test_an_attachment_has_exactly_one_parent() -> None:
    fields = {"sha256": SHA, "file_name": "a.jpg", "media_type": "image/jpeg", "size": 1}
    Attachment(finding_id="0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c", **fields)  # type: ignore[arg-type]
    Attachment(answer_id="0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c", **fields)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="exactly one finding or one checklist answer"):
        Attachment(**fields)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="exactly one finding or one checklist answer"):
        Attachment(
            finding_id="0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c",
            answer_id="1b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c",
            **fields,  # type: ignore[arg-type]
        )


def test_exif_time_with_offset_and_without() -> None:
    with_offset = taken_at(exif_jpeg("2026:10:12 08:40:05", "+02:00"))
    assert with_offset is not None and with_offset.isoformat() == "2026-10-12T08:40:05+02:00"
    amsterdam = taken_at(exif_jpeg("2026:01:12 08:40:05"))
    assert amsterdam is not None and amsterdam.utcoffset() == dt.timedelta(hours=1)
    assert taken_at(jpeg_bytes()) is None


@pytest.mark.parametrize(
    "bogus", ["0000:00:00 00:00:00", "2026:13:45 99:99:99", "9999:01:01 00:00:00", "    :  :     :  :  ", "garbage"]
)
def test_a_bogus_exif_date_is_ignored(bogus: str) -> None:
    assert taken_at(exif_jpeg(bogus)) is None
    assert parse_exif_time(bogus, "+99:99") is None
    assert taken_at(b"\xff\xd8\xff not a jpeg") is None


def test_an_offset_that_is_not_one_reads_as_amsterdam() -> None:
    moment = parse_exif_time("2026:07:01 12:00:00", "+99:00")
    assert moment is not None and moment.utcoffset() == dt.timedelta(hours=2)


def test_a_photo_on_an_answered_item(populated_db: Populated, snf_inspection: Inspection, tmp_path: Path) -> None:
    db = populated_db.db
    item = first_item(snf_inspection)
    photo = tmp_path / "gang.jpg"
    photo.write_bytes(exif_jpeg("2026:11:16 09:12:00"))
    with pytest.raises(StoreError, match="not answered yet; answer it first"):
        attach_item_photo(db, snf_inspection.id, item, photo)
    assert db.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0
    wf.answer_item(db, snf_inspection.id, item, "yes")
    attached = attach_item_photo(db, snf_inspection.id, item, photo)
    assert attached.finding_id is None and attached.answer_id is not None
    assert attached.taken_at is not None and attached.taken_at.isoformat() == "2026-11-16T09:12:00+01:00"
    assert attach_item_photo(db, snf_inspection.id, item, photo) == attached, "the same bytes once per answer"
    assert item_photos(db, snf_inspection.id, item) == [attached]
    with pytest.raises(StoreError, match="not on this inspection's checklists"):
        attach_item_photo(db, snf_inspection.id, "snf.no_such_item", photo)
    text = tmp_path / "notes.txt"
    text.write_text("not a photo")
    with pytest.raises(StoreError):
        attach_item_photo(db, snf_inspection.id, item, text)


def test_the_report_lists_item_photos_with_the_item_and_time(
    populated_db: Populated, snf_inspection: Inspection, tmp_path: Path
) -> None:
    db = populated_db.db
    item = first_item(snf_inspection)
    wf.answer_item(db, snf_inspection.id, item, "yes")
    dated = tmp_path / "gang.jpg"
    dated.write_bytes(exif_jpeg("2026:11:16 09:12:00"))
    undated = tmp_path / "trap.jpg"
    undated.write_bytes(jpeg_bytes())
    attach_item_photo(db, snf_inspection.id, item, dated)
    attach_item_photo(db, snf_inspection.id, item, undated)
    report = build_report(db, snf_inspection.id, lang="en")
    assert [p.photo.file_name for p in report.item_photos] == ["gang.jpg", "trap.jpg"]
    markdown = render(report, "md").decode()
    assert "item " + item.replace("_", "\\_") in markdown and "gang.jpg" in markdown
    assert "16-11-2026" in markdown or "2026-11-16" in markdown
    assert "time taken not recorded" in markdown
    dutch = render(build_report(db, snf_inspection.id, lang="nl"), "md").decode()
    assert "tijdstip opname niet vastgelegd" in dutch
    html = render(report, "html", load_photos(db, report)).decode()
    assert "gang.jpg" in html and "data:image/jpeg;base64," in html
    assert render(report, "pdf").startswith(b"%PDF")
