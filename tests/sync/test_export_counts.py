"""The export receipt counts records as the user thinks of them, and says how many revisions they had."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from inspect_tui.domain.models import Site
from inspect_tui.store import open_db, save
from tests.helpers.bundles import run


def one_site_changed_twice(path: Path) -> None:
    db = open_db(path)
    try:
        site = Site(name="Camping Het Veld", city="Ergens")
        save(db, site)
        save(db, site.model_copy(update={"city": "Elders"}))
        save(db, site.model_copy(update={"city": "Nergens"}))
        save(db, Site(name="Pension Twee", city="Ergens"))
    finally:
        db.close()


def test_export_says_records_and_revisions(cli: CliRunner, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.db"
    code, output = run(cli, "--db", str(laptop), "init")
    assert code == 0, output
    one_site_changed_twice(laptop)
    code, output = run(cli, "--db", str(laptop), "export", "--out", str(tmp_path / "a.zip"))
    assert code == 0, output
    assert "  records: 2 sites (4 revisions)" in output
    assert "sites        4" not in output  # no bare revision count that reads as records
    db = open_db(laptop)
    try:
        save(db, Site(name="Pension Drie", city="Ergens"))
    finally:
        db.close()
    code, output = run(cli, "--db", str(laptop), "export", "--out", str(tmp_path / "b.zip"))
    assert code == 0, output
    assert "  records: 1 site\n" in output  # one revision of one record: said once, singular
