"""A finding's status and life in words: withdrawn, and every deadline extension with its reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.tui.i18n import _, format_date, format_datetime

if TYPE_CHECKING:
    from inspect_tui.domain.models import Finding


def finding_status_label(status: str) -> str:
    """open, resolved, withdrawn or taken over (``taken_over``: open, carried into a later inspection)
    in the interface language."""
    words = {"open": _("open"), "resolved": _("resolved"), "withdrawn": _("withdrawn"), "taken_over": _("taken over")}
    return words.get(status, status)


def finding_life_lines(finding: Finding) -> list[str]:
    """One line per deadline extension, then the withdrawal (reason, who, when); [] when there is none."""
    lines = [
        _("Deadline extended from {old} to {new} by {who} on {when}: {reason}").format(
            old=format_date(e.previous),
            new=format_date(e.deadline),
            who=e.by,
            when=format_datetime(e.at),
            reason=e.reason,
        )
        for e in finding.extensions or []
    ]
    if finding.status.value == "withdrawn":
        lines.append(
            _("Withdrawn by {who} on {when}: {reason}").format(
                who=finding.withdrawn_by or "?",
                when=format_datetime(finding.withdrawn_at) if finding.withdrawn_at else "?",
                reason=finding.withdrawn_reason or "",
            )
        )
    return lines
