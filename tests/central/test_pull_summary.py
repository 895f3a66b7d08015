"""`central pull` says what it carries as `import` and `export` do: records of each kind and, where
a record travels as several versions, its revisions ("1 site (3 revisions)"), in English and Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.domain.models import Site
from inspect_tui.store import get, save
from inspect_tui.store.db import get_meta
from inspect_tui.store.sealing import META_CENTRAL_PUBLIC
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import set_central_key
from tests.helpers.bundles import make_device, populate
from tests.helpers.central import Central


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    return result.output


def _records_line(output: str) -> str:
    (line,) = [line.strip() for line in output.splitlines() if line.strip().startswith("records: ")]
    return line


def _taken_in(central: Central, tmp_path: Path, *, sealed: bool) -> tuple[Path, dict[str, tuple[int, int]]]:
    """A site saved several times, taken in centrally; (records, revisions) per kind."""
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    if sealed:  # else the pull holds back the occupants' versions sent with their personal data plain
        set_central_key(device.db, str(get_meta(central.db.as_store(), META_CENTRAL_PUBLIC)))
    site_id = populate(device.db)["site"]
    for city in ("Tegelen", "Blerick"):
        site = get(device.db, Site, site_id)
        assert site is not None
        save(device.db, site.model_copy(update={"city": city}))
    bundle = export_bundle(device.db, tmp_path / "eva.zip", device.key, everything=True)
    assert bundle is not None
    _run(*central.options(), "intake", "--trust-new", "--trust-role", "lead", str(bundle.path))
    rows = central.db.pg("SELECT entity, COUNT(DISTINCT record_id), COUNT(*) FROM changes GROUP BY entity").fetchall()
    return bundle.path, {str(kind): (int(records), int(revisions)) for kind, records, revisions in rows}


@pytest.mark.parametrize(("lang", "site_line"), [("en", "1 site ({n} revisions)"), ("nl", "1 locatie ({n} revisies)")])
def test_the_pull_says_records_and_revisions_as_import_does(
    central: Central, tmp_path: Path, lang: str, site_line: str
) -> None:
    _bundle, carried = _taken_in(central, tmp_path, sealed=False)
    records, revisions = carried["sites"]
    assert records == 1 and revisions >= 3 and carried["answers"] == (3, 3)
    site_line = site_line.format(n=revisions)
    out = tmp_path / "lead.zip"
    key = ["--signing-key", str(central.signing_key)]
    pull = _run("--lang", lang, *central.options(), "pull", "--out", str(out), *key)
    said = _records_line(pull)
    assert said.startswith(f"records: {site_line}, "), said  # the kind's records, then its revisions
    answers = {"en": "3 answers", "nl": "3 antwoorden"}[lang]
    assert f", {answers}," in said, said  # as many revisions as records: no revisions said
    assert ("inspections" if lang == "en" else "inspecties") + " " not in pull  # the old table of revisions
    laptop = tmp_path / "lead.db"
    _run("--db", str(laptop), "init")
    imported = _run(
        "--lang", lang, "--db", str(laptop), "import", "--dry-run", "--trust-new", "--trust-role", "lead", str(out)
    )
    assert _records_line(imported) == said  # the same words for the same bundle
    occupants = {"en": "1 occupant,", "nl": "1 bewoner,"}[lang]
    assert carried["occupants"] == (3, 3) and f", {occupants}" in said  # two held back: not carried, not counted


def test_the_pull_and_the_export_it_came_from_say_the_same(central: Central, tmp_path: Path) -> None:
    bundle, _carried = _taken_in(central, tmp_path, sealed=True)
    laptop = tmp_path / "lead.db"
    _run("--db", str(laptop), "init")
    imported = _run("--db", str(laptop), "import", "--dry-run", "--trust-new", "--trust-role", "lead", str(bundle))
    out = tmp_path / "lead.zip"
    pull = _run(*central.options(), "pull", "--out", str(out), "--signing-key", str(central.signing_key))
    assert _records_line(pull) == _records_line(imported)
    assert "attachment files: 1" in pull
