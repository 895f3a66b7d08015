"""The closing line of a findings export in Markdown: how many findings, by severity, counted once."""

from __future__ import annotations

from inspect_tui.domain.named_tuple import TYPE_CHECKING
from inspect_tui.i18n import ngettext
from inspect_tui.reports.words import word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from inspect_tui.reports.findings import FindingExportRow


def totals_line(rows: Sequence[FindingExportRow]) -> str:
    """``8 findings: 2 critical, 5 major, 1 minor; 1 withdrawn finding not counted.``"""
    # A withdrawn finding is listed (as withdrawn) but counted nowhere, as in the review and the report;
    # one taken over by a later inspection is counted as the finding that took it over (one defect once).
    shown = [r.shown_status() for r in rows]
    severities = [
        r.severity for r, status in zip(rows, shown, strict=True) if status not in ("withdrawn", "taken_over")
    ]
    counts = ", ".join(f"{severities.count(s)} {word(s)}" for s in ("critical", "major", "minor"))
    total = ngettext("{n} finding", "{n} findings", len(severities)).format(n=len(severities))
    withdrawn = shown.count("withdrawn")
    if withdrawn:
        counts += "; " + ngettext(
            "{n} withdrawn finding not counted", "{n} withdrawn findings not counted", withdrawn
        ).format(n=withdrawn)
    taken = shown.count("taken_over")
    if taken:
        counts += "; " + ngettext(
            "{n} finding taken over by a later inspection, counted there",
            "{n} findings taken over by a later inspection, counted there",
            taken,
        ).format(n=taken)
    return f"{total}: {counts}."
