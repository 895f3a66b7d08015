"""`central pull` narrows to one of --team, --inspector and --device, and refuses more before writing anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from tests.helpers.central import Central

NAMES = {"--team": "noord", "--inspector": "Eva de Vries", "--device": "inspector-eva"}


def _handouts(central: Central) -> int:
    row = central.db.pg("SELECT COUNT(*) FROM bundles WHERE direction <> 'in'").fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    ("options", "keep"),
    [
        (("--team", "--inspector"), "keep one: --team noord or --inspector 'Eva de Vries'"),
        (("--inspector", "--device"), "keep one: --inspector 'Eva de Vries' or --device inspector-eva"),
        (("--team", "--device"), "keep one: --team noord or --device inspector-eva"),
        (
            ("--device", "--team", "--inspector"),
            "keep one: --team noord, --inspector 'Eva de Vries' or --device inspector-eva",
        ),
    ],
)
def test_two_or_three_narrowings_are_refused_and_nothing_is_written(
    central: Central, tmp_path: Path, options: tuple[str, ...], keep: str
) -> None:
    assert CliRunner().invoke(main, [*central.options(), "team", "noord", "Eva de Vries"]).exit_code == 0
    out = tmp_path / "lead.zip"
    given = [part for option in options for part in (option, NAMES[option])]
    args = [*central.options(), "pull", "--out", str(out), *given, "--signing-key", str(central.signing_key)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith("Error: a pull narrows to one of --team, --inspector and --device; " + keep), lines
    assert lines[0].endswith("central pull --help)")
    assert not out.exists() and list(tmp_path.glob("*.zip")) == [] and _handouts(central) == 0


def test_the_refusal_in_dutch_and_one_narrowing_still_pulls(central: Central, tmp_path: Path) -> None:
    out = tmp_path / "lead.zip"
    key = ["--signing-key", str(central.signing_key)]
    both = ["--team", "noord", "--device", "inspector-eva"]
    result = CliRunner().invoke(main, ["--lang", "nl", *central.options(), "pull", "--out", str(out), *both, *key])
    assert result.exit_code == 2 and result.output.startswith(
        "Fout: ophalen beperkt zich tot één van --team, --inspector en --device; "
        "houd er één: --team noord of --device inspector-eva"
    ), result.output
    assert not out.exists()
    result = CliRunner().invoke(main, [*central.options(), "pull", "--out", str(out), "--device", "x", *key])
    assert result.exit_code == 0 and "Nothing to pull for device x." in result.output


def test_a_pull_into_a_folder_that_does_not_exist_is_refused(central: Central, tmp_path: Path) -> None:
    folder = tmp_path / "lead"
    args = [*central.options(), "pull", "--out", f"{folder}/", "--signing-key", str(central.signing_key)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and f"the folder {folder}/ does not exist; make it first" in result.output
    assert not folder.exists() and _handouts(central) == 0
