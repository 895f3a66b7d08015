"""`findings` and `list` answered without click (see ``inspect_tui.quick``).

Each ``*_answer`` reads the subcommand's options the way click reads them and returns None for
anything it does not answer exactly as ``cli.reports.findings`` / ``cli.listing.list_command``
do: help, an unknown or repeated option, a value that looks like an option, a date or status
the command would refuse, ``--site`` (findings), ``--out FILE`` and the Excel workbook. What it
returns makes the output from the same functions as the full command (``reports.findings``,
``reports.listing``), or None when only the full command says it right (the full command then runs).
"""

from __future__ import annotations

import datetime as dt

from inspect_tui.i18n.summer_time import amsterdam_today
from inspect_tui.launch import TYPE_CHECKING

if TYPE_CHECKING:  # not loaded at run time (see ``inspect_tui.quick``)
    from collections.abc import Callable
    from typing import Any

    Answer = Callable[[Any], str | bytes | None]

_FINDINGS_FLAGS = frozenset({"--open", "--overdue", "--excel"})
_FINDINGS_VALUES = frozenset({"--date", "--from", "--to", "--inspector", "--format", "--out", "--lang"})
_LIST_FLAGS = frozenset({"--json"})
_LIST_VALUES = frozenset({"--from", "--to", "--status", "--inspector", "--site"})
_LISTS = ("inspections", "sites", "findings")
_FINDINGS_FORMATS = ("csv", "json", "md")
"""What this path writes (the Excel workbook is left to the full command)."""


def options(
    tokens: list[str], flags: frozenset[str], values: frozenset[str], positional: int
) -> tuple[dict[str, Any], list[str]] | None:
    """Options (flags as True) and positional arguments, or None when click might read them otherwise."""
    found: dict[str, Any] = {}
    plain: list[str] = []
    rest = list(tokens)
    while rest:
        token = rest.pop(0)
        if not token.startswith("-"):
            plain.append(token)
            continue
        name, sep, value = token.partition("=")
        if name in found:
            return None
        if name in flags and not sep:
            found[name] = True
        elif name in values:
            if not sep:
                if not rest:
                    return None
                value = rest.pop(0)
            if value.startswith("-") and value != "-":
                return None
            found[name] = value
        else:
            return None
    if len(plain) != positional:
        return None
    return found, plain


def _day(text: str | None) -> dt.date | None:
    """A day as the commands read it; ValueError when they would refuse it."""
    if text is None:
        return None
    from inspect_tui.reports.days import parse_day

    return parse_day(text)


def findings_answer(tokens: list[str]) -> Answer | None:
    """`findings` on standard output in csv, json or md (see the module docstring)."""
    found = options(tokens, _FINDINGS_FLAGS, _FINDINGS_VALUES, 0)
    if found is None:
        return None
    given = found[0]
    day, start, end = given.get("--date"), given.get("--from"), given.get("--to")
    open_only, overdue, excel = bool(given.get("--open")), bool(given.get("--overdue")), bool(given.get("--excel"))
    inspector, fmt, report_lang = given.get("--inspector"), given.get("--format"), given.get("--lang")
    if given.get("--out", "-") != "-" or (day is not None and (start is not None or end is not None)):
        return None
    if report_lang is not None and report_lang not in ("en", "nl"):
        return None
    today = amsterdam_today()
    try:
        first, last = _day(start), _day(end)
        if day is not None:
            first = last = _day(day)
    except ValueError:
        return None
    if day is None:
        if first is None and last is None and not (open_only or overdue):
            first = last = today
        elif first is not None and last is None:
            last = today
    if first is not None and last is not None and first > last:
        return None
    chosen = fmt.strip().lower() if fmt is not None else ("csv" if excel else "md")
    if chosen not in _FINDINGS_FORMATS or (excel and chosen != "csv"):
        return None

    def answer(connection: Any) -> bytes | None:
        from inspect_tui.i18n import _, language, using
        from inspect_tui.reports.findings import ExportFilter, period_text, render_findings, select_findings

        wanted = ExportFilter(
            start=first,
            end=last,
            open_only=open_only,
            overdue_on=today if overdue else None,
            inspector=inspector,
            site_id=None,
        )
        rows = select_findings(connection, wanted)
        if inspector and not rows and first is not None and first == last:
            return None  # the full command names the inspectors of that day
        lang = report_lang or language()
        with using(lang):
            period = period_text(first, last, open_only, overdue)
            title = (
                None
                if first == last and first is not None and not (open_only or overdue)
                else f"{_('Findings')} {period}"
            )
        return render_findings(rows, chosen, first or today, excel=excel, lang=lang, title=title).encode("utf-8")

    return answer


def list_answer(tokens: list[str]) -> Answer | None:
    """`list inspections|sites|findings` as a table or JSON (see the module docstring)."""
    found = options(tokens, _LIST_FLAGS, _LIST_VALUES, 1)
    if found is None:
        return None
    given, (what,) = found
    if what not in _LISTS:
        return None
    try:
        first, last = _day(given.get("--from")), _day(given.get("--to"))
    except ValueError:
        return None
    if first and last and first > last:
        return None
    from inspect_tui.reports.listing import STATUSES, ListFilter

    status, inspector, site_text = given.get("--status"), given.get("--inspector"), given.get("--site")
    if status is not None and status.strip().lower() not in STATUSES[what]:
        return None
    wanted = ListFilter(
        first, last, status.strip().lower() if status else None, inspector, site_text.strip() if site_text else None
    )
    as_json = bool(given.get("--json"))

    def answer(connection: Any) -> str:
        from inspect_tui.reports import listing

        if what == "inspections":
            rows = listing.list_inspections(connection, wanted)
        elif what == "sites":
            rows = listing.list_sites(connection, wanted)
        else:
            rows = listing.list_findings(connection, wanted, today=amsterdam_today())
        if as_json:
            import json

            return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        return "".join(f"{line}\n" for line in listing.table_lines(what, rows))

    return answer
