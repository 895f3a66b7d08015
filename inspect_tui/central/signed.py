"""Which inspections the central figures and shares count: the signed ones."""

from __future__ import annotations

SIGNED = ("completed", "approved")
"""Inspections signed and not sent back for correction (a draft or a returned one is still being worked on)."""

TAKEN_OVER = (
    "EXISTS (SELECT 1 FROM findings later JOIN inspections li ON li.id = later.inspection_id "
    "WHERE later.origin_id = f.id AND li.status = ANY(%s))"
)
"""f (a finding) was carried over into a signed inspection, and lives on as the finding that took it
over (the app's own rule for the open findings a re-inspection shows); takes the signed statuses."""

NOT_TAKEN_OVER = f"NOT {TAKEN_OVER}"
"""f was not carried over into a signed inspection (TAKEN_OVER's negation); takes the signed statuses."""

TAKEN_OVER_STATUS = "taken_over"
"""The status a share gives an open finding that was taken over (stored findings never hold it)."""

UNSIGNED_RESOLUTION = (
    "(f.status = 'resolved' AND f.confirmed_in IS NOT NULL AND NOT EXISTS "
    "(SELECT 1 FROM inspections ci WHERE ci.id = f.confirmed_in AND ci.status = ANY(%s)))"
)
"""f was confirmed resolved by a re-inspection that is not signed (a draft, or sent back): a working
note of the inspector's, so the figures and shares still count f as open; takes the signed statuses."""

STILL_OPEN = f"(f.status = 'open' OR {UNSIGNED_RESOLUTION})"
"""f is open as the signed record has it (see UNSIGNED_RESOLUTION); takes the signed statuses."""
