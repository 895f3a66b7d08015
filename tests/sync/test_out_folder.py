"""`export --out inbox/` and `central pull --out inbox/`: a name ending in a slash is a folder that must exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.domain.models import Site
from inspect_tui.store import save
from tests.helpers.bundles import make_device


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_export_to_a_folder_that_does_not_exist_is_refused_and_writes_no_file(tmp_path: Path, lang: str) -> None:
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    save(device.db, Site(name="De Wilgen", city="Venlo"))
    folder = tmp_path / "inbox"
    args = ["--lang", lang, "--db", str(device.db_path), "export", "--out", f"{folder}/"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    said = {
        "en": f"the folder {folder}/ does not exist; make it first: mkdir -p {folder}/",
        "nl": f"de map {folder}/ bestaat niet; maak hem eerst: mkdir -p {folder}/",
    }[lang]
    assert len(lines) == 1 and said in lines[0], lines
    assert not folder.exists()  # before, a bundle file named inbox was written
    folder.mkdir()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (bundle,) = folder.iterdir()
    assert bundle.suffix == ".zip"
    result = CliRunner().invoke(main, ["--db", str(device.db_path), "export", "--all", "--out", str(tmp_path / "eva")])
    assert result.exit_code == 0 and (tmp_path / "eva").is_file()  # without the slash: a file name, as before


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_export_to_a_slash_name_that_is_a_file_says_it_is_a_file(tmp_path: Path, lang: str) -> None:
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    save(device.db, Site(name="De Wilgen", city="Venlo"))
    taken = tmp_path / "inbox"
    taken.write_bytes(b"not a folder")
    result = CliRunner().invoke(main, ["--lang", lang, "--db", str(device.db_path), "export", "--out", f"{taken}/"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    said = {
        "en": f"{taken}/ is a file, not a folder; give a folder that exists, or a new file name without the slash",
        "nl": f"{taken}/ is een bestand, geen map; geef een map die bestaat, of een nieuwe bestandsnaam zonder de "
        "schuine streep",
    }[lang]
    assert len(lines) == 1 and said in lines[0], lines
    assert taken.read_bytes() == b"not a folder" and not list(tmp_path.rglob("*.zip"))
