"""A municipality typed with a space too many ("Den  Bosch") is the municipality typed without it:
`central stats` counts it once, and a share of it takes every one of its sites, whichever way a site
or the command line spaces or cases it."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui.central.errors import CentralError
from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.share import ShareScope, load_profile, write_share
from inspect_tui.central.stats import gather
from tests.helpers.central import Central

PLACES = {"s-1": "Den  Bosch", "s-2": "Den Bosch", "s-3": " den bosch\u00a0", "s-4": "Venlo", "s-5": "  "}


def _seed(central: Central) -> None:
    for site, city in PLACES.items():
        central.db.pg(
            "INSERT INTO sites (id, kind, name, city, rev) VALUES (%s, 'housing', %s, %s, %s)",
            [site, f"Locatie {site}", city, f"r-{site}"],
        )


def test_stats_count_a_place_spaced_otherwise_as_one_municipality(central: Central) -> None:
    _seed(central)
    figures = {row["municipality"]: row["sites"] for row in gather(central.db).municipalities}
    assert figures == {"Den Bosch": 3, "Venlo": 1, "(no municipality)": 1}


@pytest.mark.parametrize("typed", ["Den Bosch", "Den  Bosch", "DEN BOSCH ", "den\tbosch"])
def test_a_share_of_a_place_takes_its_sites_however_they_are_spaced(
    central: Central, tmp_path: Path, typed: str
) -> None:
    _seed(central)
    result = write_share(
        central.db,
        load_profile("ggd"),
        ShareScope(typed),
        tmp_path / "bosch.zip",
        load_signing_key(central.db, central.signing_key),
    )
    assert result.counts["sites"] == 3


def test_a_place_no_site_is_in_is_still_refused_with_the_nearest_one(central: Central, tmp_path: Path) -> None:
    _seed(central)
    with pytest.raises(CentralError, match="no site is in municipality 'Den Bos'; did you mean Den Bosch"):
        write_share(
            central.db,
            load_profile("ggd"),
            ShareScope("Den Bos"),
            tmp_path / "bos.zip",
            load_signing_key(central.db, central.signing_key),
        )
    assert not (tmp_path / "bos.zip").exists() and not (tmp_path / "bos.xlsx").exists()
