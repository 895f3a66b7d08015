"""A municipality as the figures and the shares read it: its sites' place (``city``) in any case, its
runs of white space one space and none at either end, so "Den  Bosch", "den bosch " and "Den Bosch"
are one municipality in ``central stats`` and in a share's ``--municipality``. Both read the places
through the functions here, never by a comparison of their own in SQL (whose idea of white space and
of case is the server's)."""

from __future__ import annotations

from collections.abc import Iterable

from inspect_tui.central.store.connect import CentralDb


def place_name(city: str | None) -> str:
    """The place as shown: its words, one space apart ("" for none)."""
    return " ".join((city or "").split())


def place_key(city: str | None) -> str:
    """What two spellings of one place share: its shown form in lower case."""
    return place_name(city).lower()


def stored_places(db: CentralDb) -> list[str]:
    """Every place the sites hold, as stored (in the caller's snapshot)."""
    return [str(r[0]) for r in db.pg("SELECT DISTINCT city FROM sites WHERE city IS NOT NULL").fetchall()]


def spellings_of(name: str, places: Iterable[str]) -> list[str]:
    """The stored spellings of the place name names (any case and spacing)."""
    wanted = place_key(name)
    return [place for place in places if place_key(place) == wanted]
