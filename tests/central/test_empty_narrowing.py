"""A narrowing given empty (`--team "$TEAM"` with the variable unset) is refused, never read as no
narrowing: a pull for one team, or a share for one municipality, must not carry everyone's data.
And a --since a person may type wrongly is refused in one line that says how to write it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.central.errors import CentralError
from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.pull import Selection, pull
from inspect_tui.central.share import ShareScope, load_profile, write_share
from inspect_tui.cli import main
from inspect_tui.domain.models import Site
from inspect_tui.store import save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device
from tests.helpers.central import Central, state, trusting_intake


@pytest.fixture
def two_places(central: Central, tmp_path: Path) -> None:
    """Sites in Venlo and in Horst, sent in by one inspector of team noord."""
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    for city in ("Venlo", "Horst"):
        save(device.db, Site(name=f"Locatie {city}", city=city, street="Dorpsstraat", house_number=1))
    exported = export_bundle(device.db, tmp_path / "eva.zip", device.key, everything=True)
    assert exported is not None and trusting_intake(central.db, exported.path).error is None
    assert CliRunner().invoke(main, [*central.options(), "team", "noord", "Eva de Vries"]).exit_code == 0


def _refused(central: Central, tmp_path: Path, args: list[str], said: str) -> None:
    before = state(central.db)
    result = CliRunner().invoke(main, [*central.options(), *args, "--signing-key", str(central.signing_key)])
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, (TypeError, ValueError))
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and said in lines[0], result.output
    assert state(central.db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".zip", ".xlsx", ".part")) == ["eva.zip"]


@pytest.mark.parametrize("option", ["--team", "--inspector", "--device"])
@pytest.mark.parametrize("value", ["", "  "])
def test_a_pull_narrowed_to_nobody_is_refused(
    central: Central, tmp_path: Path, two_places: None, option: str, value: str
) -> None:
    _refused(central, tmp_path, ["pull", "--out", str(tmp_path / "lead.zip"), option, value], f"{option} is empty")


@pytest.mark.parametrize("value", ["", "  "])
def test_a_share_for_an_empty_municipality_is_refused(
    central: Central, tmp_path: Path, two_places: None, value: str
) -> None:
    args = ["share", "--profile", "municipality", "--municipality", value, "--out", str(tmp_path / "venlo.zip")]
    _refused(central, tmp_path, args, "--municipality is empty")


def test_the_core_refuses_an_empty_narrowing_too(central: Central, tmp_path: Path, two_places: None) -> None:
    key = load_signing_key(central.db, central.signing_key)
    with pytest.raises(CentralError, match="--team is empty"):
        pull(central.db, tmp_path / "lead.zip", key, Selection(team=""))
    with pytest.raises(CentralError, match="--municipality is empty"):
        write_share(central.db, load_profile("municipality"), ShareScope(municipality=""), tmp_path / "x.zip", key)
    assert not (tmp_path / "lead.zip").exists() and not (tmp_path / "x.zip").exists()


@pytest.mark.parametrize(
    ("since", "said"),
    [
        ("²", "--since '²' is neither a change number"),
        ("١٢", "--since '١٢' is neither a change number"),
        ("0001-01-01", "--since 0001-01-01 is out of range; give a date from 2000-01-01 to 2100-12-31"),
    ],
)
def test_a_since_written_wrongly_is_refused_in_one_line(
    central: Central, tmp_path: Path, two_places: None, since: str, said: str
) -> None:
    _refused(central, tmp_path, ["pull", "--out", str(tmp_path / "lead.zip"), "--since", since], said)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["team", "", "Eva de Vries"], "the team's name is empty"),
        (["team", "  ", "Eva de Vries"], "the team's name is empty"),
        (["team", "noord", ""], "an inspector's name is empty"),
        (["team", "noord", "Eva de Vries", " "], "an inspector's name is empty"),
        (["team", "noord", "E" * 101], "at most 100 characters"),
    ],
)
def test_a_team_of_empty_names_is_refused(central: Central, args: list[str], said: str) -> None:
    before = state(central.db)
    result = CliRunner().invoke(main, [*central.options(), *args])
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and said in lines[0], result.output
    assert state(central.db) == before
    assert central.db.pg("SELECT COUNT(*) FROM team_members").fetchone() == (0,)


def test_a_name_with_spaces_around_it_is_the_name_inspections_carry(central: Central) -> None:
    result = CliRunner().invoke(main, [*central.options(), "team", " noord ", "  Eva de Vries "])
    assert result.exit_code == 0, result.output
    assert central.db.pg("SELECT team, inspector FROM team_members").fetchall() == [("noord", "Eva de Vries")]
