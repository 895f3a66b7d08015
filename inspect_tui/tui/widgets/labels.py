"""Short, translated labels for stored codes, coloured with the theme's own colours."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from inspect_tui.tui.i18n import _, format_date

Palette = Mapping[str, str]
"""The app's CSS variables (``App.get_css_variables()``): cell colours follow the theme."""


def _tone(palette: Palette | None, name: str) -> str:
    if palette is None:
        return ""
    return palette.get(f"text-{name}") or palette.get(name, "")


def kind_label(kind: str) -> str:
    """Site kind."""
    return {"housing": _("housing"), "workplace": _("workplace")}.get(kind, kind)


def unit_kind_label(kind: str) -> str:
    """Unit kind."""
    return {
        "building": _("building"),
        "caravan": _("caravan"),
        "room": _("room"),
        "bedroom": _("bedroom"),
    }.get(kind, kind)


def status_label(status: str) -> str:
    """Inspection status."""
    return {
        "draft": _("draft"),
        "completed": _("completed"),
        "returned": _("returned"),
        "approved": _("approved"),
    }.get(status, status)


def status_width(minimum: int) -> int:
    """Width of a status column: at least ``minimum``, and never cutting a word ("teruggestuurd")."""
    return max(minimum, *(len(status_label(s)) for s in ("draft", "completed", "returned", "approved")))


def status_text(status: str, palette: Palette | None = None) -> Text:
    """Inspection status, coloured: drafts stand out, approved ones are calm."""
    tone = {"draft": "warning", "returned": "error", "approved": "success", "completed": "success"}.get(status)
    return Text(status_label(status), style=_tone(palette, tone) if tone else "")


def severity_label(severity: str) -> str:
    """Finding severity."""
    return {"critical": _("critical"), "major": _("major"), "minor": _("minor")}.get(severity, severity)


def severity_text(severity: str, palette: Palette | None = None) -> Text:
    """Finding severity, coloured."""
    tone = {"critical": "error", "major": "warning", "minor": ""}.get(severity, "")
    return Text(severity_label(severity), style=_tone(palette, tone) if tone else "")


def brp_label(status: str) -> str:
    """BRP registration."""
    return {
        "ingezetene": _("resident (BRP)"),
        "rni": _("RNI"),
        "not_registered": _("not registered"),
        "unknown": _("unknown"),
    }.get(status, status)


def answer_label(value: str | None) -> str:
    """A stored answer as shown: yes / no / n.a. translated, a date as the language writes it
    (2026-02-28 → 28-02-2026, as the checklist's answer column shows it), other values as they are."""
    if value is None:
        return ""
    if len(value) == 10 and value[4] == value[7] == "-" and value.replace("-", "").isdigit():
        try:
            return format_date(value)
        except ValueError:  # not a day of the calendar: shown as stored
            return value
    return {"yes": _("yes"), "no": _("no"), "n.a.": _("n.a.")}.get(value, value)


VERDICT_MARKS = {"pass": "✓", "fail": "✗", "n.a.": "–", "recorded": "•", "unknown": ""}


def verdict_text(verdict: str | None, palette: Palette | None = None) -> Text:
    """A verdict as one coloured mark."""
    if verdict is None:
        return Text("")
    tone = {"pass": "success", "fail": "error"}.get(verdict, "")
    return Text(VERDICT_MARKS.get(verdict, "?"), style=(_tone(palette, tone) + " bold").strip() if tone else "")
