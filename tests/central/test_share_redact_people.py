"""Personal data typed where a share does not expect it: in a site's place or, for a site abroad,
its postcode; and the names of people the central database knows only as team members or from its
pinned roster. All of it reads […] in the share; an ordinary place and Dutch postcode stay."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from nacl.signing import SigningKey

from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.share import ShareScope, load_profile, write_share
from inspect_tui.central.share_redact import REDACTED
from inspect_tui.central.store.handouts import change_team
from inspect_tui.sync.roster import Member, sign_roster
from tests.helpers.bundles import members
from tests.helpers.central import Central

SINCE = "2020-01-01T00:00:00+00:00"


def _site(central: Central, site: str, city: str, postcode: str, country: str) -> None:
    central.db.pg(
        "INSERT INTO sites (id, kind, name, city, postcode, country, rev) VALUES (%s, 'housing', %s, %s, %s, %s, %s)",
        [site, f"Locatie {site}", city, postcode, country, f"r-{site}"],
    )


def _csv(path: Path, table: str) -> list[dict[str, str]]:
    body = members(path)[f"data/{table}.csv"].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def _share(central: Central, profile: str, out: Path) -> Path:
    key = load_signing_key(central.db, central.signing_key)
    return write_share(central.db, load_profile(profile), ShareScope(), out, key).path


def test_a_name_a_phone_number_or_a_bsn_in_a_place_or_a_postcode_abroad_is_removed(
    central: Central, tmp_path: Path
) -> None:
    central.db.pg("INSERT INTO occupants (id, name, rev) VALUES ('occ-1', 'Jan Kowalski', 'r-occ')")
    _site(central, "abroad", "Kranenburg bij Kowalski 0612345678", "123456782", "DE")
    _site(central, "home", "Venlo", "1234 AB", "NL")
    rows = {row["site_id"]: row for row in _csv(_share(central, "ggd", tmp_path / "ggd.zip"), "sites")}
    assert rows["abroad"]["city"] == f"Kranenburg bij {REDACTED} {REDACTED}"
    assert rows["abroad"]["postcode"] == REDACTED
    assert (rows["home"]["city"], rows["home"]["postcode"]) == ("Venlo", "1234 AB")


def test_a_team_member_or_a_person_on_the_roster_is_removed_from_a_unit_label(central: Central, tmp_path: Path) -> None:
    change_team(central.db, "noord", ("Marloes Wijnaldum",))
    roster = sign_roster(
        SigningKey.generate(),
        1,
        [
            Member("lead-1", bytes(SigningKey.generate().verify_key), "Henk Zwartjes", "lead", SINCE, None),
            Member("central-1", bytes(SigningKey.generate().verify_key), "Centraal", "central", SINCE, None),
        ],
    )
    central.db.pg("INSERT INTO meta (key, value) VALUES ('roster', %s)", [roster.text])
    _site(central, "site-1", "Venlo", "5911 AA", "NL")
    for unit, label in (("u-1", "Kamer van Marloes Wijnaldum"), ("u-2", "Kamer van Zwartjes"), ("u-3", "Centraal")):
        central.db.pg(
            "INSERT INTO units (id, site_id, label, beds, rev) VALUES (%s, 'site-1', %s, 2, %s)", [unit, label, unit]
        )
    labels = {
        row["unit_id"]: row["label"] for row in _csv(_share(central, "municipality", tmp_path / "v.zip"), "units")
    }
    assert labels == {"u-1": f"Kamer van {REDACTED}", "u-2": f"Kamer van {REDACTED}", "u-3": "Centraal"}
