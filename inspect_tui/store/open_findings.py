"""Which findings are open, as every count and list of open findings reads it (SQL, no imports).

A finding carried into a later inspection (a re-inspection found it not repaired) keeps its stored
status "open", and the finding that took it over carries the defect on with the same deadline:
one defect is one open finding, the one that took it over, until that is resolved or withdrawn.
The re-inspection's list of earlier findings to confirm (``OPEN_EARLIER_FINDINGS``) and the
central figures (``central/signed.py``) follow the same rule.
"""

from __future__ import annotations

TAKEN_OVER = "EXISTS (SELECT 1 FROM findings g WHERE g.origin_id = f.id)"
"""A later finding took finding f over (f is the findings table's alias): shown "taken over" while open."""

STILL_OPEN = f"f.status = 'open' AND NOT {TAKEN_OVER}"
"""Finding f is open and no later finding took it over (f is the findings table's alias)."""


def shown_status(status: str, taken_over: bool) -> str:
    """The status lists, screens and documents show: ``taken_over`` for an open finding a later
    inspection took over, else the stored status."""
    return "taken_over" if taken_over and status == "open" else status


SIGNED_STATUSES = "('completed', 'approved')"
"""Inspections signed and not sent back (SQL list): the record a deadline runs from."""

OPEN_ON_SIGNED_RECORD = (
    f"i.status IN {SIGNED_STATUSES} "
    "AND (f.status = 'open' OR (f.status = 'resolved' AND f.confirmed_in IS NOT NULL AND NOT EXISTS "
    f"(SELECT 1 FROM inspections ci WHERE ci.id = f.confirmed_in AND ci.status IN {SIGNED_STATUSES}))) "
    "AND NOT EXISTS (SELECT 1 FROM findings g JOIN inspections gi ON gi.id = g.inspection_id "
    f"WHERE g.origin_id = f.id AND gi.status IN {SIGNED_STATUSES})"
)
"""Finding f (of inspection i) is open as the signed record has it, the central figures' rule
(``central/signed.py``): its inspection is signed and not sent back; a resolution confirmed by a
re-inspection not signed yet is still a working note, so f stays open; and only a signed
re-inspection that carried f over takes it over. A deadline runs from a signed report: a draft's
or a returned inspection's finding is not overdue yet."""
