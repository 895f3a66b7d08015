"""The inspection report as Markdown (GitHub-flavoured tables).

Every value that came from a person is escaped, so a description can neither break a
table nor smuggle HTML into a Markdown viewer that renders it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from inspect_tui.reports.content import (
    ITEM_HEADER,
    OCCUPANT_HEADER,
    REVIEW_HEADER,
    UNIT_HEADER,
    finding_facts,
    finding_title,
    inspection_facts,
    sign_off_text,
    site_facts,
    unit_cells,
)
from inspect_tui.reports.model import InspectionReport
from inspect_tui.reports.text import datetime_text, label, size_text

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str | None) -> str:
    """Inline Markdown: special characters backslash-escaped, line breaks as ``<br>``."""
    if not text:
        return ""
    lines = [_SPECIAL.sub(r"\\\1", line.strip()) for line in text.splitlines() if line.strip()]
    return "<br>".join(lines)


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """A GFM table; ``align`` has one letter per column: l (default) or r."""
    marks = ["---:" if a == "r" else "---" for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return lines


def _facts(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return md_table(["", ""], [(f"**{name}**", value) for name, value in pairs if value])


def render_markdown(report: InspectionReport) -> str:
    """The whole report as one Markdown document."""
    out: list[str] = [f"# Inspection report — {md_escape(report.site.name)}", ""]
    if report.site.address:
        out += [md_escape(report.site.address), ""]
    out += _facts((name, md_escape(value)) for name, value in inspection_facts(report))
    out += ["", "## Summary", "", md_escape(report.summary_line()), ""]
    out += ["## Site", ""]
    out += _facts((name, md_escape(value)) for name, value in site_facts(report))
    out += _occupancy(report)
    out += _checklists(report)
    out += _findings(report)
    out += ["## Review decisions", ""]
    if report.reviews:
        out += md_table(
            REVIEW_HEADER,
            (
                [datetime_text(r.created_at), md_escape(r.reviewer), r.decision, md_escape(r.reason)]
                for r in report.reviews
            ),
        )
    else:
        out.append("No review decisions yet.")
    out += ["", "## Sign-off", "", md_escape(sign_off_text(report)), ""]
    if report.generated_at is not None:
        out += ["---", "", f"Generated {datetime_text(report.generated_at)} by inspect-tui.", ""]
    return "\n".join(out)


def _occupancy(report: InspectionReport) -> list[str]:
    out = ["", "## Units and occupancy", ""]
    if report.units:
        rows = [[("· " * u.depth) + md_escape(u.label), *map(md_escape, unit_cells(u))] for u in report.units]
        out += md_table(UNIT_HEADER, rows, "llrrrrrrl")
    else:
        out.append("No units recorded.")
    if report.measurements:
        out += ["", "Measurements the verdicts use:", ""]
        out += md_table(
            ["Measurement", "Value", "From"],
            ([m.name, md_escape(m.value), m.source] for m in report.measurements),
            "lrl",
        )
    if report.occupants is not None:
        out += ["", "### Occupants", ""]
        out += (
            md_table(
                OCCUPANT_HEADER,
                (
                    [md_escape(o.unit), md_escape(o.name), o.bsn, o.nationality, label(o.registration)]
                    for o in report.occupants
                ),
            )
            if report.occupants
            else ["No occupants recorded."]
        )
    return out


def _checklists(report: InspectionReport) -> list[str]:
    out = ["", "## Checklist answers", ""]
    for template in report.templates:
        out += [f"### {md_escape(template.title)} ({template.id} v{md_escape(template.version)})", ""]
        if not template.sections:
            out += ["No answers yet.", ""]
        for section in template.sections:
            out += [f"#### {md_escape(section.title)}", ""]
            rows = []
            for item in section.items:
                text = f"{md_escape(item.text)}<br>`{item.item_id}`"
                if item.note:
                    text += f"<br>*Note:* {md_escape(item.note)}"
                answer = md_escape(item.answer) + (" (from units)" if item.from_site else "")
                verdict = f"{item.verdict} {item.mark}".strip()
                rows.append([text, answer, verdict, md_escape(item.comparison or ""), md_escape(item.source)])
            out += [*md_table(ITEM_HEADER, rows), ""]
    return out


def _findings(report: InspectionReport) -> list[str]:
    out = ["## Findings", ""]
    if not report.findings:
        out += ["No findings.", ""]
    for index, finding in enumerate(report.findings, 1):
        out += [f"### {md_escape(finding_title(index, finding))}", ""]
        for name, value in finding_facts(finding):
            if name == "Item" and finding.item_id:
                value = f"`{finding.item_id}`" + (f" — {md_escape(finding.item_text)}" if finding.item_text else "")
            elif value:
                value = md_escape(value)
            if value:
                out.append(f"- {name}: {value}")
        for photo in finding.photos:
            out.append(
                f"- {'Photo' if photo.is_image else 'File'}: {md_escape(photo.file_name)} "
                f"({md_escape(photo.media_type)}, {size_text(photo.size)}, sha256 `{photo.sha256}`)"
            )
        out.append("")
    return out
