"""Personal data typed into the free text a share carries (a description, a site's name, an answer).

A profile lists fields, not what an inspector wrote in them: "Jan Kowalski sleeps in the
kitchen" or a BSN in a finding's description would leave with a field the profile may carry.
Before a share is written every text value is searched for what identifies a person, and each
hit is replaced by ``[…]``: a number that passes the 11-proef as a BSN, a date of birth (a date
said to be one: "geboren 14-03-1988"), an e-mail address, a phone number, and the names the
central database knows (occupants, inspectors, reviewers and whoever signed, confirmed or withdrew
something, the members of its teams and the people on its pinned roster). A name is found whole and by its parts ("Kowalski, J." names Jan Kowalski as well;
a company's name loses a person's name only whole), and without its accents or in another form of
its letters ("Wisniewski" for "Wiśniewski", full-width letters, a soft hyphen inside).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stdnum.nl import bsn as stdnum_bsn

from inspect_tui.central.store.connect import CentralDb
from inspect_tui.domain.bsn_text import typed_bsn
from inspect_tui.sync.errors import KeyProblem

REDACTED = "[…]"
"""What stands where personal data was."""

_MONTHS = (
    "januari|january|jan|februari|february|feb|maart|march|mrt|mar|april|apr|mei|may|juni|june|jun|juli|july|jul|"
    "augustus|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|december|dec"
)
_BIRTH = re.compile(
    r"(?P<said>(?:\*|\b(?:geboren|geb\.|geb(?=\s)|geboortedatum|geboortedag|geb\.?\s?datum|born|date\s+of\s+birth|birth\s*date|"
    r"birthday|d\.?o\.?b\.?|urodzon[ya]|data\s+urodzenia|n[aă]scut[ăa]?|data\s+na[sș]terii))"
    r"[\s:,(]*(?:(?:op|on|the|in|w|la|pe)\s+)?)"
    r"(?P<day>\d{1,2}[-/. ]\d{1,2}[-/. ](?:\d{4}|\d{2})\b|\d{4}-\d{1,2}-\d{1,2}\b|"
    rf"\d{{1,2}}\.?\s+(?:{_MONTHS})\.?\s+(?:\d{{4}}\b|['’]\d{{2}}\b)|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}\b|"
    r"(?:19|20)\d\d\b)",
    re.IGNORECASE,
)
"""A date (or a year) said to be someone's birth ("geboren 14-03-1988", "geb. 14 maart '88", "DOB
1988-03-14", "*14-03-1988"); other dates (a deadline, when something was built) are left as they are."""
_EMAIL = re.compile(r"[^@\s,;:<>()\[\]]+@[^@\s,;:<>()\[\]]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\d{2}[ -]?(?:\(0\))?|0)\d(?:[ ()/.-]{0,3}\d){7,9}(?!\d)")
"""A Dutch or international phone number, its digits grouped by spaces, dashes, slashes, dots or
brackets ("06 - 12 34 56 78", "06/1234 5678", "+48 600 123 456")."""

PEOPLE_SQL = (
    "SELECT name FROM occupants UNION SELECT inspector FROM inspections UNION SELECT signed_by FROM inspections "
    "UNION SELECT reviewer FROM reviews UNION SELECT confirmed_by FROM findings "
    "UNION SELECT withdrawn_by FROM findings UNION SELECT inspector FROM team_members"
)
"""Every name of a person the central database's records and teams hold (in plain: names are never
sealed); the pinned roster's people are read apart (``roster_people``)."""

FREE_TEXT = frozenset(
    {
        "name",
        "operator_name",
        "employer_name",
        "agency_name",
        "label",
        "description",
        "value",
        "street",
        "city",
        "postcode",
        "certification_number",
    }
)
"""The share fields people type freely (a street, a place, a postcode and a certificate number too:
the forms take any text there, and a site abroad has no Dutch postcode to check); codes, numbers and
dates are left as they are."""

COMPANY_NAMES = frozenset({"operator_name", "employer_name", "agency_name"})
"""Free-text fields that name a company, often after a person ("Bakker Uitzendbureau"): a person's
name is removed from them only whole, never by one of its parts."""

MIN_NAME = 4
"""Shorter names ("Jan", "Ali") and name parts ("de", "van") would blank out ordinary words; a full
name is longer."""

_SPACES = frozenset("\u200b\u2060\ufeff")
"""Invisible characters that part words: read as a space."""


def folded(text: str) -> tuple[str, list[int]]:
    """text as names are matched (compatibility forms, accents and invisible format characters off,
    lower case) and, per character of it, the index of the character of text it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _SPACES:
            parts = " "
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            parts = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf"))
            parts = parts.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
        for part in parts.lower():
            out.append(part)
            origin.append(index)
    return "".join(out), origin


def _is_bsn(text: str) -> bool:
    return bool(stdnum_bsn.is_valid(re.sub(r"\D", "", text)))


@dataclass
class Redactor:
    """Replaces personal data in text values; counts the values it changed."""

    names: re.Pattern[str] | None
    """The names whole, in any case ("jan kowalski")."""
    parts: re.Pattern[str] | None = None
    """The names by their parts, taken only where written with a capital ("Kowalski slaapt", not
    "te klein" where an inspector is called Jan de Klein)."""
    changed: int = 0

    def text(self, value: str, *, whole: bool = False) -> str:
        """value with personal data replaced; whole: names only whole (a company's name)."""
        cleaned = _BIRTH.sub(lambda m: m.group("said") + REDACTED, value)
        cleaned = _EMAIL.sub(REDACTED, cleaned)
        cleaned = _PHONE.sub(REDACTED, cleaned)
        cleaned = typed_bsn().sub(lambda m: REDACTED if _is_bsn(m.group(0)) else m.group(0), cleaned)
        if self.names is not None:
            cleaned = _named(self.names, cleaned)
        if self.parts is not None and not whole:
            cleaned = _named(self.parts, cleaned, capital=True)
        if cleaned != value:
            self.changed += 1
        return cleaned

    def rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows with the text of their free-text fields cleaned."""
        return [
            {
                k: self.text(v, whole=k in COMPANY_NAMES) if isinstance(v, str) and k in FREE_TEXT else v
                for k, v in row.items()
            }
            for row in rows
        ]


def redactor_of(people: Iterable[str | None]) -> Redactor:
    """A redactor for these people's names, whole and by their parts."""
    known = [p for p in people if p]
    return Redactor(name_pattern(known, parts=False), name_pattern(known, whole=False))


def _named(names: re.Pattern[str], value: str, *, capital: bool = False) -> str:
    """value with every name found in its folded form replaced, as it was written (capital: only
    where it starts with a capital letter)."""
    text, origin = folded(value)
    spans = [(origin[m.start()], origin[m.end() - 1] + 1) for m in names.finditer(text) if m.end() > m.start()]
    for start, end in reversed(spans):
        if capital and not value[start].isupper():
            continue
        value = value[:start] + REDACTED + value[end:]
    return value


def _name_forms(name: str, parts: bool, whole: bool) -> set[str]:
    """The folded name (whole) and (parts) each of its words long enough to tell (a surname, a given
    name; a double name such as "Ana-Maria" is one word, matched with a space too)."""
    folded_name = folded(name)[0].strip()
    words = folded_name.split()
    forms = {p for p in words if len(p) >= MIN_NAME and re.search(r"\w", p)} if parts else set()
    if whole and len(folded_name) >= MIN_NAME:
        forms.add(folded_name)
        if len(words) >= 2:  # surname first, as lists and registers write it ("kowalski jan", "Kowalski, Jan")
            forms.update({f"{words[-1]} {' '.join(words[:-1])}", f"{words[-1]}, {' '.join(words[:-1])}"})
    return forms


def name_pattern(names: Iterable[str | None], *, parts: bool = True, whole: bool = True) -> re.Pattern[str] | None:
    """One pattern matching any of the names, whole and (parts) by a part of at least MIN_NAME
    letters, as whole words in folded text (see ``folded``), longest first."""
    wanted = sorted({form for n in names if n for form in _name_forms(n, parts, whole)}, key=len, reverse=True)
    if not wanted:
        return None
    spaced = (r"[\s\-‐‑]+".join(re.escape(part) for part in re.split(r"[\s\-‐‑]+", name)) for name in wanted)
    return re.compile(r"(?<!\w)(?:" + "|".join(spaced) + r")(?!\w)")


def roster_people(db: CentralDb) -> list[str]:
    """The people on the pinned roster (its central system's entry names no person, it is left out)."""
    from inspect_tui.store.trust import META_ROSTER
    from inspect_tui.sync.roster import parse_roster
    from inspect_tui.sync.trust import CENTRAL

    row = db.pg("SELECT value FROM meta WHERE key = %s", [META_ROSTER]).fetchone()
    if not row or not row[0]:
        return []
    try:
        roster = parse_roster(str(row[0]))
    except KeyProblem:  # checked when pinned; a roster that no longer reads names nobody here
        return []
    return [m.person for m in roster.members if m.role != CENTRAL]


def redactor_for(db: CentralDb) -> Redactor:
    """A redactor knowing the names the central database holds (read in the caller's snapshot)."""
    people = [str(r[0]) for r in db.pg(PEOPLE_SQL).fetchall() if r[0]]
    return redactor_of([*people, *roster_people(db)])
