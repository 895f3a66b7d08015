"""The PDF (read back with pypdf) and the self-contained HTML report."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from inspect_tui.reports import build_report, load_photos, render
from inspect_tui.reports.images import prepare_image
from inspect_tui.store import open_db
from tests.helpers.report_fixture import ReportDb, png_bytes


@pytest.fixture(scope="module")
def rendered(report_db: ReportDb) -> dict[str, bytes]:
    db = open_db(report_db.path)
    report = build_report(db, report_db.inspection)
    photos = load_photos(db, report)
    db.close()
    return {fmt: render(report, fmt, photos) for fmt in ("pdf", "html")}


def _image_names(reader: PdfReader) -> set[int]:
    """Object numbers of the image XObjects used on any page."""
    found = set()
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        if "/XObject" not in resources:
            continue
        for ref in resources["/XObject"].get_object().values():
            if ref.get_object()["/Subtype"] == "/Image":
                found.add(ref.idnum)
    return found


def test_pdf_text_has_site_finding_and_dutch_characters(rendered: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(rendered["pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Vakantiepark Ruïnezicht" in text
    assert "Geen brandblusser binnen 5 m van de kookplaats" in text
    assert "m²" in text and "ë" in text and "€" in text
    assert "Kamer 2: 2.7 m²/p" in text.replace("\n", " ")
    assert f"Page 1 of {len(reader.pages)}" in text
    assert reader.metadata is not None and reader.metadata.title == "Inspection report — Vakantiepark Ruïnezicht"


def test_pdf_embeds_each_distinct_photo_once(rendered: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(rendered["pdf"]))
    # Three photo attachments, two distinct pictures: keuken.png and keuken-detail.png are the same bytes.
    assert len(_image_names(reader)) == 2


def test_pdf_is_the_same_for_the_same_data(report_db: ReportDb, rendered: dict[str, bytes]) -> None:
    db = open_db(report_db.path)
    report = build_report(db, report_db.inspection)
    again = render(report, "pdf", load_photos(db, report))
    db.close()
    assert again == rendered["pdf"]


def test_html_is_self_contained(rendered: dict[str, bytes]) -> None:
    html = rendered["html"].decode("utf-8")
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", html, flags=re.IGNORECASE)
    assert references and all(ref.startswith("data:image/") for ref in references)
    assert "http://" not in html and "https://" not in html
    assert html.count("data:image/png;base64,") == 3  # one per photo shown, notitie.txt is only listed
    assert "Content-Security-Policy" in html and "<link" not in html
    assert "notitie.txt" in html


def test_html_escapes_what_a_person_typed(rendered: dict[str, bytes]) -> None:
    html = rendered["html"].decode("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Hygiëne" in html and "m²" in html


def test_a_picture_that_cannot_be_read_is_listed_not_embedded() -> None:
    assert prepare_image(b"not a picture") is None
    ready = prepare_image(png_bytes(1800, 1200, (10, 20, 30)))
    assert ready is not None and max(ready.width, ready.height) <= 900
    assert ready.data[:2] == b"\xff\xd8"  # stored as JPEG


def test_a_small_jpeg_is_embedded_untouched_and_a_large_one_reduced() -> None:
    from PIL import Image

    def jpeg(size: tuple[int, int]) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", size, (120, 80, 40)).save(out, format="JPEG")
        return out.getvalue()

    small, large = jpeg((640, 480)), jpeg((4000, 3000))
    kept = prepare_image(small)
    assert kept is not None and kept.data == small and (kept.width, kept.height) == (640, 480)
    reduced = prepare_image(large)
    assert reduced is not None and max(reduced.width, reduced.height) <= 900
