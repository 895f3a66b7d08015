"""Sites' address lines for the findings export, built from their stored columns.

A site whose address columns hold what validating it would leave unchanged (what the app
stores) gets its line straight from them (``domain.address``), without loading pydantic and the
site model; any other (an older or hand-made database) is read as a validated record, as before.
"""

from __future__ import annotations

from inspect_tui.domain.address import address_line
from inspect_tui.domain.named_tuple import TYPE_CHECKING
from inspect_tui.domain.printable import printable

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from sqlite_utils import Database

_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
_UPPER_OR_DIGIT = _UPPER | _DIGITS
# The patterns a validated site's columns match, checked with sets (no pattern to compile for a
# command that only lists): postcode [1-9][0-9]{3} [A-Z]{2}, house letter [A-Z], addition
# [A-Z0-9]{1,4}, country [A-Z]{2} (a test checks them against those patterns).


def _made_of(text: str, allowed: frozenset[str]) -> bool:
    return allowed.issuperset(text)


def _is_postcode(text: str) -> bool:
    return (
        len(text) == 7
        and text[0] in "123456789"
        and _made_of(text[1:4], _DIGITS)
        and text[4] == " "
        and _made_of(text[5:], _UPPER)
    )


def _is_letter(text: str) -> bool:
    return len(text) == 1 and text in _UPPER


def _is_addition(text: str) -> bool:
    return 1 <= len(text) <= 4 and _made_of(text, _UPPER_OR_DIGIT)


def _is_country(text: str) -> bool:
    return len(text) == 2 and _made_of(text, _UPPER)


_ADDRESS_COLUMNS = "id, street, house_number, house_letter, house_addition, postcode, city, country"


def _as_stored(street: Any, number: Any, letter: Any, addition: Any, postcode: Any, city: Any, country: Any) -> bool:
    """The address columns hold what validating the site would leave as it is (what the app stores)."""
    texts = (street, letter, addition, postcode, city)
    if any(v is not None and (not isinstance(v, str) or not v.strip()) for v in texts):
        return False
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        return False
    if not isinstance(country, str) or not _is_country(country):
        return False
    if letter is not None and not _is_letter(letter):
        return False
    if addition is not None and not _is_addition(addition):
        return False
    return not (country == "NL" and postcode is not None and not _is_postcode(postcode))


def site_addresses(db: Database, site_ids: Sequence[str]) -> dict[str, str]:
    """Each site's address line, from its stored columns; a site whose columns the app would write
    differently (an older or hand-made database) is read as a validated record instead."""
    if not site_ids:
        return {}
    marks = ",".join("?" * len(site_ids))
    found: dict[str, str] = {}
    odd: list[str] = []
    for site_id, *parts in db.execute(f"SELECT {_ADDRESS_COLUMNS} FROM sites WHERE id IN ({marks})", list(site_ids)):
        if not _as_stored(*parts) or (parts[-1] == "NL" and parts[4] is not None and parts[4][5:] in _NO_LETTERS):
            odd.append(site_id)
            continue
        street, number, letter, addition, postcode, city, country = parts
        found[site_id] = address_line(
            _shown(street), number, _shown(letter), _shown(addition), _shown(postcode), _shown(city), printable(country)
        )
    if odd:
        from inspect_tui.domain.models import Site
        from inspect_tui.reports.collect import records

        marks = ",".join("?" * len(odd))
        for site in records(db, Site, f"SELECT * FROM sites WHERE id IN ({marks})", odd):
            found[site.id] = site.address_line()
    return found


_NO_LETTERS = frozenset({"SA", "SD", "SS"})
"""Postcode letters never used (a site holding them is refused when validated)."""


def _shown(value: str | None) -> str | None:
    return None if value is None else printable(value)
