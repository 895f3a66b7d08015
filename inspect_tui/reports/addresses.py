"""Sites' address lines for the findings export, built from their stored columns.

A site whose address columns hold what validating it would leave unchanged (what the app
stores) gets its line straight from them (``domain.address``), without loading pydantic and the
site model; any other (an older or hand-made database) is read as a validated record, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from inspect_tui.domain.address import address_line
from inspect_tui.domain.printable import printable

if TYPE_CHECKING:
    from sqlite_utils import Database

_POSTCODE = re.compile(r"[1-9][0-9]{3} [A-Z]{2}")
_UPPER_LETTER = re.compile(r"[A-Z]")
_UPPER_ADDITION = re.compile(r"[A-Z0-9]{1,4}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_ADDRESS_COLUMNS = "id, street, house_number, house_letter, house_addition, postcode, city, country"


def _as_stored(street: Any, number: Any, letter: Any, addition: Any, postcode: Any, city: Any, country: Any) -> bool:
    """The address columns hold what validating the site would leave as it is (what the app stores)."""
    texts = (street, letter, addition, postcode, city)
    if any(v is not None and (not isinstance(v, str) or not v.strip()) for v in texts):
        return False
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        return False
    if not isinstance(country, str) or not _COUNTRY.fullmatch(country):
        return False
    if letter is not None and not _UPPER_LETTER.fullmatch(letter):
        return False
    if addition is not None and not _UPPER_ADDITION.fullmatch(addition):
        return False
    return not (country == "NL" and postcode is not None and not _POSTCODE.fullmatch(postcode))


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
