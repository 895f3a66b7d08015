"""The inspection report as Markdown (GitHub-flavoured tables).

Every value that came from a person is escaped, so a description can neither break a
table nor smuggle HTML into a Markdown viewer that renders it.
"""

from __future__ import annotations

from collections.abc import Iterable

from inspect_tui.i18n import _, using
from inspect_tui.reports import content as c
from inspect_tui.reports.md_table import md_escape as md_escape
from inspect_tui.reports.md_table import md_table as md_table
from inspect_tui.reports.model import InspectionReport
from inspect_tui.reports.text import datetime_text, label, size_text


def _facts(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return md_table(["", ""], [(f"**{name}**", value) for name, value in pairs if value])


def render_markdown(report: InspectionReport) -> str:
    """The whole report as one Markdown document, in the report's language."""
    with using(report.lang):
        return _render(report)


def _render(report: InspectionReport) -> str:
    out: list[str] = [f"# {c.report_title()} — {md_escape(report.site.name)}", ""]
    out += _facts((name, md_escape(value)) for name, value in c.inspection_facts(report))
    out += ["", f"## {_('Verdict per checklist')}", ""]
    out += md_table(
        c.verdict_header(), ([md_escape(x) for x in c.verdict_cells(v)] for v in c.checklist_verdicts(report)), "lrrrl"
    )
    out += ["", md_escape(c.summary_line(report)), ""]
    out += [f"## {_('Actions')}", ""]
    if report.findings:
        out += md_table(c.action_header(), ([md_escape(x) for x in c.action_cells(f)] for f in c.actions(report)))
    else:
        out.append(_("No findings."))
    for title, rows in c.follow_up_groups(report):
        out += ["", f"## {md_escape(title)}", ""]
        out += md_table(c.follow_up_header(), ([md_escape(x) for x in row] for row in rows))
    out += ["", f"## {_('Site')}", ""]
    out += _facts((name, md_escape(value)) for name, value in c.site_facts(report))
    out += _occupancy(report)
    out += _checklists(report)
    out += _findings(report)
    out += _photos(report)
    out += [f"## {_('Review decisions')}", ""]
    if report.reviews:
        out += md_table(
            c.review_header(),
            (
                [datetime_text(r.created_at), md_escape(r.reviewer), md_escape(r.decision), md_escape(r.reason)]
                for r in report.reviews
            ),
        )
    else:
        out.append(_("No review decisions yet."))
    out += ["", f"## {_('Signatures')}", "", md_escape(c.sign_off_text(report)), ""]
    out += md_table(
        ["", *c.signature_labels()],
        ([f"**{role}**", md_escape(name), "", ""] for role, name in c.signature_roles(report)),
    )
    out.append("")
    if report.generated_at is not None:
        out += ["---", "", md_escape(c.generated_text(report)), ""]
    return "\n".join(out)


def _occupancy(report: InspectionReport) -> list[str]:
    out = ["", f"## {_('Units and occupancy')}", ""]
    if report.units:
        rows = [[("· " * u.depth) + md_escape(u.label), *map(md_escape, c.unit_cells(u))] for u in report.units]
        out += md_table(c.unit_header(), rows, "llrrrrrrl")
    else:
        out.append(_("No units recorded."))
    if report.measurements:
        out += ["", _("Figures of the site as a whole:"), ""]
        out += md_table(
            c.measurement_header(),
            ([md_escape(m.name), md_escape(m.value), md_escape(m.source)] for m in report.measurements),
            "lrl",
        )
    if report.occupants is not None:
        out += ["", f"### {md_escape(c.occupants_heading(report.occupants_as_signed))}", ""]
        out += (
            md_table(
                c.occupant_header(),
                (
                    [md_escape(o.unit), md_escape(o.name), o.bsn, md_escape(o.nationality), label(o.registration)]
                    for o in report.occupants
                ),
            )
            if report.occupants
            else [_("No occupants recorded.")]
        )
    return out


def _checklists(report: InspectionReport) -> list[str]:
    out = ["", f"## {_('Checklist answers')}", ""]
    for template in report.templates:
        out += [f"### {md_escape(template.title)} ({template.id} v{md_escape(template.version)})", ""]
        if not template.sections:
            out += [_("No answers yet."), ""]
        for section in template.sections:
            out += [f"#### {md_escape(section.title)}", ""]
            rows = []
            for item in section.items:
                text = f"{md_escape(item.text)}<br>`{item.item_id}`"
                if item.note:
                    text += f"<br>*{_('Note')}:* {md_escape(item.note)}"
                answer = md_escape(item.answer) + (" " + c.from_units() if item.from_site else "")
                verdict = c.verdict_text(item.verdict, item.mark)
                rows.append([text, answer, verdict, md_escape(item.comparison or ""), md_escape(item.source)])
            out += [*md_table(c.item_header(), rows), ""]
    return out


def _findings(report: InspectionReport) -> list[str]:
    out = [f"## {_('Findings')}", ""]
    if not report.findings:
        out += [_("No findings."), ""]
    for index, finding in enumerate(c.actions(report), 1):
        out += [f"### {md_escape(c.finding_title(index, finding))}", ""]
        for name, value in c.finding_facts(finding):
            if name == _("Item") and finding.item_id:
                value = f"`{finding.item_id}`" + (f" — {md_escape(finding.item_text)}" if finding.item_text else "")
            elif value:
                value = md_escape(value)
            if value:
                out.append(f"- {name}: {value}")
        out.append("")
    return out


def _photos(report: InspectionReport) -> list[str]:
    entries = c.photo_entries(report)
    if not entries:
        return []
    out = [f"## {_('Photos')}", ""]
    for entry in entries:
        photo = entry.photo
        kind = _("Photo") if photo.is_image else _("File")
        out.append(f"- **{md_escape(entry.caption)}** — {md_escape(entry.details())}")
        out.append(f"  {kind}: {md_escape(photo.media_type)}, {size_text(photo.size)}, sha256 `{photo.sha256}`")
    out.append("")
    return out
