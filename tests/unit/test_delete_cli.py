"""`delete inspection|site` on the command line: one line out, exit 0; refusals one line, exit 1, nothing changed."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.domain.models import Site
from inspect_tui.store import open_db, save
from tests.helpers.checklist import answer_all_required, start
from tests.helpers.tui_seed import seed


def changes(path: Path) -> int:
    db = open_db(path)
    try:
        return int(db.execute("SELECT COUNT(*) FROM changes").fetchone()[0])
    finally:
        db.close()


def test_delete_a_draft_and_a_site_and_refuse_signed_work(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "inspect.db")
    db_path = str(seeded.path)
    draft = start(seeded.path, seeded.site_id, ["snf"])
    db = open_db(seeded.path)
    spare = Site(name="Dubbel", city="Venlo")
    save(db, spare)
    db.close()
    cli = CliRunner()
    result = cli.invoke(main, ["--db", db_path, "delete", "inspection", draft[:8], "--reason", "verkeerd adres"])
    assert result.exit_code == 0 and result.output == f"Deleted inspection {draft}.\n"
    result = cli.invoke(main, ["--db", db_path, "--lang", "nl", "delete", "site", spare.id, "--reason", "dubbel"])
    assert result.exit_code == 0 and result.output == f"Locatie {spare.id} verwijderd.\n"

    signed = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, signed)
    from inspect_tui.store.workflow import complete

    db = open_db(seeded.path)
    complete(db, signed, "Inspecteur Jansen")
    db.close()
    before = changes(seeded.path)
    result = cli.invoke(main, ["--db", db_path, "delete", "inspection", signed, "--reason", "weg"])
    assert result.exit_code == 1 and "never signed" in result.output and len(result.output.splitlines()) == 1
    result = cli.invoke(main, ["--db", db_path, "delete", "site", seeded.site_id, "--reason", "weg"])
    assert result.exit_code == 1 and "only a site without inspections" in result.output
    result = cli.invoke(main, ["--db", db_path, "delete", "inspection", signed])
    assert result.exit_code == 2 and "--reason" in result.output
    result = cli.invoke(main, ["--db", db_path, "delete", "site", seeded.workplace_id, "--reason", "  "])
    assert result.exit_code == 1 and "say why" in result.output
    assert changes(seeded.path) == before


def test_refusals_in_dutch_name_the_count_in_words(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "inspect.db")
    start(seeded.path, seeded.site_id, ["snf"])
    before = changes(seeded.path)
    cli = CliRunner()
    args = ["--db", str(seeded.path), "--lang", "nl", "delete", "site", seeded.site_id, "--reason", "dubbel"]
    result = cli.invoke(main, args)
    assert result.exit_code == 1
    assert result.output == (
        "Fout: de locatie heeft 1 inspectie; alleen een locatie zonder inspecties kan worden verwijderd\n"
    )
    result = cli.invoke(main, [*args[:-1], " "])
    assert result.exit_code == 1 and "zeg waarom de locatie wordt verwijderd" in result.output
    assert changes(seeded.path) == before
