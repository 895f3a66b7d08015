"""Personal data typed into the free text a share carries (a description, a site's name, an answer).

A profile lists fields, not what an inspector wrote in them: "Jan Kowalski sleeps in the
kitchen" or a BSN in a finding's description would leave with a field the profile may carry.
Before a share is written every text value is searched for what identifies a person, and each
hit is replaced by ``[…]``: a number that passes the 11-proef as a BSN, an e-mail address, a
phone number, and the names the central database knows (occupants, inspectors, reviewers and
whoever signed, confirmed or withdrew something).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stdnum.nl import bsn as stdnum_bsn

from inspect_tui.central.store.connect import CentralDb

REDACTED = "[…]"
"""What stands where personal data was."""

_BSN = re.compile(r"(?<![\d.])\d(?:[ .]?\d){8}(?!\d|\.\d)")
_EMAIL = re.compile(r"[^@\s,;:<>()\[\]]+@[^@\s,;:<>()\[\]]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\d{2}[ -]?(?:\(0\))?|0)\d(?:[ ()-]{0,2}\d){7,9}(?!\d)")

PEOPLE_SQL = (
    "SELECT name FROM occupants UNION SELECT inspector FROM inspections UNION SELECT signed_by FROM inspections "
    "UNION SELECT reviewer FROM reviews UNION SELECT confirmed_by FROM findings "
    "UNION SELECT withdrawn_by FROM findings"
)
"""Every name of a person the central database holds (in plain: names are never sealed)."""

FREE_TEXT = frozenset({"name", "operator_name", "employer_name", "agency_name", "label", "description", "value"})
"""The share fields people type freely; codes, numbers, dates and addresses are left as they are."""

MIN_NAME = 4
"""Shorter names ("Jan", "Ali") would blank out ordinary words; a full name is longer."""


def _is_bsn(text: str) -> bool:
    return bool(stdnum_bsn.is_valid(re.sub(r"\D", "", text)))


@dataclass
class Redactor:
    """Replaces personal data in text values; counts the values it changed."""

    names: re.Pattern[str] | None
    changed: int = 0

    def text(self, value: str) -> str:
        cleaned = _EMAIL.sub(REDACTED, value)
        cleaned = _PHONE.sub(REDACTED, cleaned)
        cleaned = _BSN.sub(lambda m: REDACTED if _is_bsn(m.group(0)) else m.group(0), cleaned)
        if self.names is not None:
            cleaned = self.names.sub(REDACTED, cleaned)
        if cleaned != value:
            self.changed += 1
        return cleaned

    def rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows with the text of their free-text fields cleaned."""
        return [
            {k: self.text(v) if isinstance(v, str) and k in FREE_TEXT else v for k, v in row.items()} for row in rows
        ]


def name_pattern(names: Iterable[str | None]) -> re.Pattern[str] | None:
    """One pattern matching any of the names as whole words, case-insensitive (longest first)."""
    wanted = sorted({n.strip() for n in names if n and len(n.strip()) >= MIN_NAME}, key=len, reverse=True)
    if not wanted:
        return None
    spaced = (r"\s+".join(re.escape(part) for part in name.split()) for name in wanted)
    return re.compile(r"(?<!\w)(?:" + "|".join(spaced) + r")(?!\w)", re.IGNORECASE)


def redactor_for(db: CentralDb) -> Redactor:
    """A redactor knowing the names the central database holds (read in the caller's snapshot)."""
    return Redactor(name_pattern(str(r[0]) for r in db.pg(PEOPLE_SQL).fetchall() if r[0]))
