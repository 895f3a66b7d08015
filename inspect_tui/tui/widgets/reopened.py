"""How the lead's review shows a reopened inspection: a marked reason, and what changed since the first signing."""

from __future__ import annotations

from rich.text import Text

from inspect_tui.store.queries import Reopening
from inspect_tui.tui.i18n import _, format_datetime, ngettext
from inspect_tui.tui.record_words import field_word, shown

MARK = "↺"
"""The mark of a reopened inspection (with words beside it: never the mark alone)."""


def reopened_cell(reopening: Reopening) -> Text:
    """The reason column of a reopened inspection: "↺ reopened: <reason>"."""
    return Text(
        f"{MARK} " + _("reopened: {reason}").format(reason=reopening.reason or "—"), style="italic", no_wrap=True
    )


def reopened_detail(reopening: Reopening) -> Text:
    """Who reopened it, when and why; who signed it first and when; every change since, field by field."""
    text = Text()
    times = ngettext("Reopened {n} time", "Reopened {n} times", reopening.times).format(n=reopening.times)
    text.append(f"{MARK} {times}\n", style="bold")
    text.append(
        _("Last by {person} on {when}: {reason}").format(
            person=reopening.by, when=format_datetime(reopening.at), reason=reopening.reason or "—"
        )
        + "\n"
    )
    if reopening.first_signed_at:
        text.append(
            _("First signed by {person} on {when}.").format(
                person=reopening.first_signed_by or _("unknown person"), when=format_datetime(reopening.first_signed_at)
            )
            + "\n"
        )
    text.append("\n" + _("Changed since the first signing:") + "\n", style="bold")
    if not reopening.changes:
        text.append(_("nothing") + "\n", style="dim")
    kinds = {"inspections": _("inspection"), "answers": _("answer"), "findings": _("finding")}
    hows = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
    for change in reopening.changes:
        entity = change.entity
        head = f"{kinds.get(entity, entity)} {change.label}".strip()
        text.append(f"• {head}: {hows.get(change.how, change.how)}\n")
        for field in change.fields:
            before, after = shown(entity, field.field, field.before), shown(entity, field.field, field.after)
            text.append(f"    {field_word(field.field)}: {before} → {after}\n")
    return text
