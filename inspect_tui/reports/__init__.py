"""Reports and exports: an inspection as Markdown, HTML or PDF; the day's findings as CSV, JSON or Markdown.

Headless (never imports Textual): the CLI and the TUI call the same functions. Renderers are
imported when used, so importing this package stays cheap for every other command.
"""

from __future__ import annotations

from inspect_tui.domain.named_tuple import TYPE_CHECKING

if TYPE_CHECKING:  # typing is not loaded at run time (see ``domain.named_tuple``)
    import datetime as dt
    from collections.abc import Mapping
    from typing import Any

    from sqlite_utils import Database

    from inspect_tui.reports.collect import build_report, load_photos
    from inspect_tui.reports.model import InspectionReport

_LAZY = {
    "build_report": "inspect_tui.reports.collect",
    "load_photos": "inspect_tui.reports.collect",
    "InspectionReport": "inspect_tui.reports.model",
}
"""Loaded on first use: a command that only exports findings or lists (``reports.findings``,
``reports.listing``) does not pay for the report model, the checklists and pydantic."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


REPORT_FORMATS = ("pdf", "html", "md")
"""Formats of an inspection report."""

FINDINGS_FORMATS = ("csv", "json", "md", "xlsx")
"""Formats of the findings export."""

REPORT_SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
"""The report format a file name implies, by its suffix (the CLI's --out and the TUI's export dialog)."""

FINDINGS_SUFFIXES = {".csv": "csv", ".json": "json", ".md": "md", ".markdown": "md", ".xlsx": "xlsx"}
"""The findings export format a file name implies, by its suffix."""


def render(report: InspectionReport, fmt: str, photos: Mapping[str, bytes] | None = None) -> bytes:
    """The report in ``fmt`` (pdf, html or md) as bytes; ``photos`` (by SHA-256) are embedded in pdf and html."""
    if fmt == "md":
        from inspect_tui.reports.markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    if fmt == "html":
        from inspect_tui.reports.html import render_html

        return render_html(report, photos).encode("utf-8")
    if fmt == "pdf":
        from inspect_tui.reports.pdf import render_pdf

        return render_pdf(report, photos)
    raise ValueError(f"unknown report format {fmt!r}; use {', '.join(REPORT_FORMATS)}")


def render_report(
    db: Database,
    inspection_id: str,
    fmt: str,
    *,
    lang: str = "en",
    with_occupants: bool = False,
    generated_at: dt.datetime | None = None,
) -> bytes:
    """Read the inspection and render it in ``fmt``; photos are read only for pdf and html."""
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use {', '.join(REPORT_FORMATS)}")
    from inspect_tui.reports.collect import build_report, load_photos

    report = build_report(db, inspection_id, lang=lang, with_occupants=with_occupants, generated_at=generated_at)
    photos = load_photos(db, report) if fmt in ("pdf", "html") else None
    return render(report, fmt, photos)


__all__ = [
    "FINDINGS_FORMATS",
    "REPORT_FORMATS",
    "InspectionReport",
    "build_report",
    "load_photos",
    "render",
    "render_report",
]
