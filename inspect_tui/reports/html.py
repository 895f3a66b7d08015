"""The inspection report as one self-contained HTML file.

Inline CSS, photos as ``data:`` URIs, no script, no external reference, and a
Content-Security-Policy that forbids loading anything else: the file can be mailed,
archived and opened offline. Every value is escaped with ``html.escape``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from inspect_tui.i18n import _, using
from inspect_tui.reports import content as c
from inspect_tui.reports.model import InspectionReport, ItemRow, ReportFinding
from inspect_tui.reports.text import datetime_text, label, size_text

_CSS = """
:root { --ink: #1d2733; --muted: #5b6b7c; --line: #d5dce4; --band: #f3f6f9; --accent: #1f4e79;
        --fail: #b42318; --pass: #1a7f37; --major: #c4320a; --minor: #8a6d00; }
* { box-sizing: border-box; }
body { font: 14px/1.45 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { color: var(--accent); margin: 0 0 .2rem; font-size: 1.6rem; }
h2 { color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
     margin-top: 2.2rem; font-size: 1.25rem; }
h3 { margin: 1.4rem 0 .4rem; font-size: 1.08rem; }
h4 { margin: 1rem 0 .3rem; font-size: .98rem; color: var(--muted); }
.address { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
table.facts th { width: 13rem; }
code { font-size: .85em; color: var(--muted); }
.note { color: var(--muted); font-style: italic; }
.fail { color: var(--fail); font-weight: 600; }
.pass { color: var(--pass); }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--minor); padding: .6rem .9rem;
           margin: .8rem 0; break-inside: avoid; }
.finding.critical { border-left-color: var(--fail); }
.finding.major { border-left-color: var(--major); }
.finding h3 { margin-top: 0; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; color: #fff; font-size: .8rem;
         background: var(--minor); text-transform: uppercase; letter-spacing: .03em; }
.critical .badge { background: var(--fail); }
.major .badge { background: var(--major); }
.photos { display: flex; flex-wrap: wrap; gap: .6rem; margin-top: .4rem; }
figure { margin: 0; max-width: 18rem; }
figure img { max-width: 100%; max-height: 13rem; border: 1px solid var(--line); }
figcaption, .sha { font-size: .75rem; color: var(--muted); word-break: break-all; }
table.sign td { height: 2.6rem; }
.photo-list figure { max-width: 18rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table whose cells are already escaped HTML."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>" for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _facts(pairs: Iterable[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in pairs if v)
    return f'<table class="facts"><tbody>{rows}</tbody></table>'


def _item_cells(item: ItemRow) -> list[str]:
    text = f"{_e(item.text)}<br><code>{_e(item.item_id)}</code>"
    if item.note:
        text += f'<br><span class="note">{_e(_("Note"))}: {_e(item.note)}</span>'
    answer = _e(item.answer) + (f' <span class="note">{_e(c.from_units())}</span>' if item.from_site else "")
    css = {"fail": "fail", "pass": "pass"}.get(item.verdict, "")
    shown = _e(c.verdict_text(item.verdict, item.mark))
    verdict = f'<span class="{css}">{shown}</span>' if css else shown
    return [text, answer, verdict, _e(item.comparison), _e(item.source)]


def _finding(index: int, finding: ReportFinding) -> str:
    severity = finding.severity if finding.severity in ("critical", "major", "minor") else "minor"
    return "\n".join(
        [
            f'<section class="finding {severity}">',
            f'<h3>{index}. <span class="badge">{_e(c.severity_word(finding.severity))}</span> {_e(finding.description)}</h3>',
            _facts(c.finding_facts(finding)),
            "</section>",
        ]
    )


def _photos(report: InspectionReport, photos: Mapping[str, bytes]) -> list[str]:
    entries = c.photo_entries(report)
    if not entries:
        return []
    figures, files = [], []
    for entry in entries:
        photo = entry.photo
        data = photos.get(photo.sha256) if photo.is_image else None
        caption = (
            f"<strong>{_e(entry.caption)}</strong><br>{_e(entry.details())}"
            f'<br><span class="sha">{size_text(photo.size)} · sha256 {_e(photo.sha256)}</span>'
        )
        if data is not None:
            uri = f"data:{photo.media_type};base64,{base64.b64encode(data).decode('ascii')}"
            figures.append(
                f'<figure><img src="{uri}" alt="{_e(entry.caption)}"><figcaption>{caption}</figcaption></figure>'
            )
        else:
            missing = "" if not photo.is_image else " — " + _e(_("not in this database"))
            files.append(f"<li>{caption} ({_e(photo.media_type)}){missing}</li>")
    out = [f"<h2>{_e(_('Photos'))}</h2>"]
    if figures:
        out.append(f'<div class="photos">{"".join(figures)}</div>')
    if files:
        out.append(f"<p>{_e(_('Attached files:'))}</p><ul>{''.join(files)}</ul>")
    return out


def render_html(report: InspectionReport, photos: Mapping[str, bytes] | None = None) -> str:
    """The whole report as one HTML document; ``photos`` maps SHA-256 to the bytes to embed."""
    with using(report.lang):
        return _render(report, photos or {})


def _render(report: InspectionReport, photos: Mapping[str, bytes]) -> str:
    title = f"{c.report_title()} — {report.site.name}"
    verdicts = [[_e(x) for x in c.verdict_cells(v)] for v in c.checklist_verdicts(report)]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(report.lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{_e(title)}</h1>",
        _facts(c.inspection_facts(report)),
        "</header>",
        f"<h2>{_e(_('Verdict per checklist'))}</h2>",
        _table(c.verdict_header(), verdicts, numeric=[1, 2, 3]),
        f"<p>{_e(c.summary_line(report))}</p>",
        f"<h2>{_e(_('Actions'))}</h2>",
    ]
    if report.findings:
        out.append(_table(c.action_header(), ([_e(x) for x in c.action_cells(f)] for f in c.actions(report))))
    else:
        out.append(f"<p>{_e(_('No findings.'))}</p>")
    for title, rows in c.follow_up_groups(report):
        out.append(f"<h2>{_e(title)}</h2>")
        out.append(_table(c.follow_up_header(), ([_e(x) for x in row] for row in rows)))
    out += [f"<h2>{_e(_('Site'))}</h2>", _facts(c.site_facts(report)), f"<h2>{_e(_('Units and occupancy'))}</h2>"]
    if report.units:
        rows = [["&nbsp;&nbsp;&nbsp;" * u.depth + _e(u.label), *(_e(x) for x in c.unit_cells(u))] for u in report.units]
        out.append(_table(c.unit_header(), rows, numeric=range(2, 8)))
    else:
        out.append(f"<p>{_e(_('No units recorded.'))}</p>")
    if report.measurements:
        out.append(f"<h4>{_e(_('Figures of the site as a whole'))}</h4>")
        out.append(
            _table(
                c.measurement_header(),
                ([_e(m.name), _e(m.value), _e(m.source)] for m in report.measurements),
                numeric=[1],
            )
        )
    if report.occupants is not None:
        out.append(f"<h3>{_e(c.occupants_heading(report.occupants_as_signed))}</h3>")
        out.append(
            _table(
                c.occupant_header(),
                (
                    [_e(o.unit), _e(o.name), _e(o.bsn), _e(o.nationality), _e(label(o.registration))]
                    for o in report.occupants
                ),
            )
            if report.occupants
            else f"<p>{_e(_('No occupants recorded.'))}</p>"
        )
    out.append(f"<h2>{_e(_('Checklist answers'))}</h2>")
    for template in report.templates:
        out.append(f"<h3>{_e(template.title)} <code>{_e(template.id)} v{_e(template.version)}</code></h3>")
        if not template.sections:
            out.append(f"<p>{_e(_('No answers yet.'))}</p>")
        for section in template.sections:
            out.append(f"<h4>{_e(section.title)}</h4>")
            out.append(_table(c.item_header(), (_item_cells(item) for item in section.items)))
    out.append(f"<h2>{_e(_('Findings'))}</h2>")
    if not report.findings:
        out.append(f"<p>{_e(_('No findings.'))}</p>")
    out.extend(_finding(i, f) for i, f in enumerate(c.actions(report), 1))
    out += _photos(report, photos)
    out.append(f"<h2>{_e(_('Review decisions'))}</h2>")
    if report.reviews:
        out.append(
            _table(
                c.review_header(),
                (
                    [_e(datetime_text(r.created_at)), _e(r.reviewer), _e(r.decision), _e(r.reason)]
                    for r in report.reviews
                ),
            )
        )
    else:
        out.append(f"<p>{_e(_('No review decisions yet.'))}</p>")
    out.append(f"<h2>{_e(_('Signatures'))}</h2><p>{_e(c.sign_off_text(report))}</p>")
    signature_rows = "".join(
        f"<tr><th>{_e(role)}</th><td>{_e(name)}</td><td></td><td></td></tr>" for role, name in c.signature_roles(report)
    )
    head = "".join(f"<th>{_e(x)}</th>" for x in ["", *c.signature_labels()])
    out.append(f'<table class="sign"><thead><tr>{head}</tr></thead><tbody>{signature_rows}</tbody></table>')
    footer = _e(_("Inspection")) + " " + _e(report.inspection_id)
    if report.generated_at is not None:
        footer += " · " + _e(c.generated_text(report))
    out.append(f"<footer><p>{footer}</p></footer></body></html>")
    return "\n".join(out) + "\n"
