"""An inspection's history in words: signed, sent back (why), fixed, resubmitted, approved."""

from __future__ import annotations

from inspect_tui.i18n.formatting import format_datetime
from inspect_tui.store.queries import inspection_history as history
from inspect_tui.tui.i18n import _, ngettext


def event_line(event: history.HistoryEvent) -> str:
    """One event as a line: "17-11-2026 16:00 sent back by T. Bakker: photo of the kitchen missing"."""
    when = format_datetime(event.at) if event.at is not None else ""
    who = event.who or "?"
    if event.kind == history.SIGNED:
        text = _("signed by {who}").format(who=who)
    elif event.kind == history.RESUBMITTED:
        text = _("resubmitted, signed by {who}").format(who=who)
    elif event.kind == history.FIXED:
        text = ngettext(
            "fixed: {n} answer or finding changed", "fixed: {n} answers and findings changed", event.changed
        ).format(n=event.changed)
        return "  ↳ " + text
    elif event.kind == "send_back":
        text = _("sent back by {who}: {reason}").format(who=who, reason=event.reason or "")
    elif event.kind == "reopen":
        text = _("reopened by {who}: {reason}").format(who=who, reason=event.reason or "")
    elif event.kind == "approve":
        text = _("approved by {who}").format(who=who)
    else:
        text = _("comment by {who}: {reason}").format(who=who, reason=event.reason or "")
    return f"{when}  {text}"


def history_text(events: list[history.HistoryEvent]) -> str:
    """The history block of the review's detail pane: a heading and one line per event ("" for none)."""
    if not events:
        return ""
    return "\n".join([_("History:"), *("  " + event_line(e) for e in events)])


def was_sent_back(events: list[history.HistoryEvent]) -> bool:
    """Sent back or reopened at least once: worth showing the history beside a finding."""
    return any(e.kind in ("send_back", "reopen") for e in events)


def send_back_text(send_back: history.SendBack) -> str:
    """What the complete-and-sign dialog says of a returned inspection."""
    return (
        _("Sent back by {who} on {when}: {reason}").format(
            who=send_back.reviewer, when=format_datetime(send_back.at), reason=send_back.reason
        )
        + "\n"
        + _("Signing sends it to the team lead again.")
    )
