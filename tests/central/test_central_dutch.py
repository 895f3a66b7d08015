"""`inspect-tui --lang nl central …`: receipts, figures, hand-outs and errors in Dutch; English stays the default."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.i18n import language
from inspect_tui.store.db import get_meta
from inspect_tui.store.sealing import META_CENTRAL_PUBLIC
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import set_central_key
from tests.helpers.bundles import make_device, populate
from tests.helpers.central import Central
from tests.unit.test_cli_dutch import english_in


@pytest.fixture(autouse=True)
def _no_language_from_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path / "config"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "INSPECT_TUI_CENTRAL_URL"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert language() == "en"
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _bundle(central: Central, tmp_path: Path) -> Path:
    device = make_device(tmp_path / "inspector.db", device_id="inspector-eva")
    set_central_key(device.db, str(get_meta(central.db.as_store(), META_CENTRAL_PUBLIC)))
    populate(device.db)
    result = export_bundle(device.db, tmp_path / "inspector.zip", device.key, everything=True)
    assert result is not None
    return result.path


def test_the_central_commands_in_dutch(central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _bundle(central, tmp_path)
    nl = ["--lang", "nl", *central.options()]
    keys = ["--signing-key", str(central.signing_key), "--sealing-key", str(central.sealing_key)]
    paths = (str(tmp_path), central.url)
    outputs: dict[str, str] = {}

    code, outputs["init"] = run(*nl, "init", *keys)
    assert code == 0 and "Schema: bijgewerkt" in outputs["init"] and "Versleutelsleutel" in outputs["init"]
    code, outputs["intake"] = run(*nl, "intake", "--trust-new", "--trust-role", "lead", str(bundle))
    assert code == 0, outputs["intake"]
    assert (
        "Geïmporteerd: " in outputs["intake"]
        and "1 van 1 bundel opgenomen; 0 open conflicten centraal." in (outputs["intake"])
    )
    code, outputs["again"] = run(*nl, "intake", str(bundle))
    assert code == 0 and "niets gewijzigd" in outputs["again"]
    code, outputs["team"] = run(*nl, "team", "noord", "Eva")
    assert code == 0 and outputs["team"].strip() == "Team noord: Eva"
    monkeypatch.setenv("INSPECT_TUI_CENTRAL_SIGNING_KEY", str(central.signing_key))
    code, outputs["pull"] = run(*nl, "pull", "--out", str(tmp_path / "p.zip"), "--device", "inspector-eva")
    assert code == 0 and "apparaat inspector-eva, centrale wijzigingen" in outputs["pull"]
    assert "Haal de volgende keer alleen het nieuwe op met: --since" in outputs["pull"]
    code, outputs["share"] = run(
        *nl, "share", "--profile", "ggd", "--from", "2025-01-01", "--out", str(tmp_path / "s.zip")
    )
    assert (
        code == 0
        and "alle gemeenten, vanaf 01-01-2025; zekerheid van de wettelijke grondslag: laag" in (outputs["share"])
    )
    code, outputs["stats"] = run(*nl, "stats")
    assert code == 0 and "Per gemeente" in outputs["stats"] and "Gemeente" in outputs["stats"]
    assert "1 locatie, 1 inspectie, 1 bevinding; " in outputs["stats"]  # plural forms right
    code, outputs["report"] = run(*nl, "report", "--from", "2025-01-01", "--to", "2026-12-31")
    assert code == 0 and outputs["report"].startswith("# Centraal rapport, 01-01-2025 tot en met 31-12-2026")
    recipient = "The regional public health service (GGD)"  # the profile's own text (data, not interface)
    leaks = {
        name: found
        for name, out in outputs.items()
        if (found := english_in(out.replace(recipient, ""), *paths, "inspector-eva", "noord"))
    }
    assert leaks == {}
    code, english = run(*central.options(), "stats")
    assert code == 0 and "Per municipality" in english and "Central report, the start to" in english


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["stats", "--from", "2026-02-30"], "Fout: --from '2026-02-30' is geen datum; schrijf hem als JJJJ-MM-DD"),
        (["stats", "--from", "2026-03-02", "--to", "2026-03-01"], "Fout: --from 02-03-2026 ligt na --to 01-03-2026"),
        (["share", "--profile", "nope", "--out", "{tmp}/s.zip"], "Fout: geen deelprofiel 'nope'; kies uit:"),
        (
            ["share", "--profile", "certification-body", "--out", "{tmp}/s.zip", "--signing-key", "{key}"],
            "Fout: het profiel certification-body",
        ),
        (["pull", "--out", "{tmp}/nowhere/p.zip", "--signing-key", "{key}"], "Fout: de map {tmp}/nowhere bestaat niet"),
        (
            ["pull", "--out", "{tmp}/p.zip", "--team", "leeg", "--signing-key", "{key}"],
            "Fout: team leeg heeft geen leden",
        ),
        (["pull", "--out", "{tmp}/p.zip", "--since", "gisteren", "--signing-key", "{key}"], "Fout: --since 'gisteren'"),
        (["report", "--format", "pdf"], "Fout: een PDF heeft een bestand nodig"),
        (["intake", "{tmp}"], "Fout: geen bundels gevonden"),
        (["intake", "{tmp}/weg.zip"], "Fout: {tmp}/weg.zip is geen bundelbestand en geen map met bundels"),
        (["roster-pin", "{key}"], "Fout: {key} is geen geldig rooster"),
    ],
)
def test_central_errors_in_dutch(central: Central, tmp_path: Path, args: list[str], dutch: str) -> None:
    filled = [a.replace("{tmp}", str(tmp_path)).replace("{key}", str(central.signing_key)) for a in args]
    code, out = run("--lang", "nl", *central.options(), *filled)
    assert code == 1, out
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        dutch.replace("{tmp}", str(tmp_path)).replace("{key}", str(central.signing_key))
    ), out
    assert english_in(lines[0], str(tmp_path), central.url, *filled, "certification-body") == set(), lines[0]


def test_no_central_database_in_dutch(pg_url: str) -> None:
    code, out = run("--lang", "nl", "central", "stats")
    assert code == 1 and out.startswith("Fout: geen centrale database: geef --url")
    code, out = run("--lang", "nl", "central", "--url", "postgresql://nobody@/nothing?host=/nonexistent", "stats")
    assert code == 1 and out.startswith("Fout: de centrale database is niet bereikbaar")
    code, out = run("--lang", "nl", "central", "--url", pg_url, "--embedded", "/tmp/x", "stats")
    assert code == 1 and out.strip() == "Fout: geef --url of --embedded, niet allebei"


def test_import_and_intake_print_the_same_receipt(central: Central, tmp_path: Path) -> None:
    """One receipt printer: a bundle's lines are the same from `import` on a laptop and from `central intake`."""
    bundle = _bundle(central, tmp_path)
    laptop = tmp_path / "laptop.db"
    assert run("--db", str(laptop), "init")[0] == 0
    for lang in ("nl", "en"):
        code, local = run(
            "--lang",
            lang,
            "--db",
            str(laptop),
            "import",
            "--dry-run",
            "--trust-new",
            "--trust-role",
            "lead",
            str(bundle),
        )
        assert code == 0, local
        code, centrally = run(
            "--lang",
            lang,
            *central.options(),
            "intake",
            "--dry-run",
            "--trust-new",
            "--trust-role",
            "lead",
            str(bundle),
        )
        assert code == 0, centrally
        receipt = [line for line in local.splitlines() if not line.startswith(("Warning", "Waarschuwing"))]
        assert receipt and centrally.splitlines()[: len(receipt)] == receipt


def test_the_figures_render_in_dutch_without_a_server() -> None:
    from inspect_tui.central.stats import CentralStats, render
    from inspect_tui.i18n import using

    totals = {"sites": 1, "inspections": 2, "findings": 0, "revisions": 1250, "bundles_in": 1, "devices": 1}
    stats = CentralStats(
        "2026-01-01",
        None,
        "2026-11-30",
        totals | {"open_conflicts": 1},
        [
            {
                "municipality": "(no municipality)",
                "sites": 1,
                "sites_inspected": 1,
                "inspections": 2,
                "open_findings": 0,
                "critical_past_deadline": 0,
                "reinspections_due": 0,
            }
        ],
        [],
        [],
    )
    with using("nl"):
        text = render(stats, "text").decode()
        page = render(stats, "html").decode()
    assert text.startswith("Centraal rapport, 01-01-2026 tot en met 30-11-2026\n")
    assert "1 locatie, 2 inspecties, 0 bevindingen; 1.250 versies van 1 apparaat in 1 bundel; 1 open conflict." in text
    assert "(geen gemeente)" in text and "  (geen)" in text
    assert "<html lang='nl'>" in page
    english = render(stats, "text").decode()
    assert "(no municipality)" in english and "1 site, 2 inspections, 0 findings; 1,250 revisions" in english
    assert english_in(text, "1 open conflict.") == set()  # "conflict" is Dutch too


def test_a_dutch_report_names_items_and_the_findings_without_one_in_dutch(central: Central, tmp_path: Path) -> None:
    """The items failed most often by their Dutch text (an item id is English: snf.space.living_area_pp),
    and findings on no checklist item as "overig", in every format; English keeps English texts."""
    from inspect_tui.checklists import load_template
    from tests.helpers.bundles import SNF_ITEMS

    code, out = run(
        *central.options(), "intake", "--trust-new", "--trust-role", "lead", str(_bundle(central, tmp_path))
    )
    assert code == 0, out
    inspection = central.db.pg("SELECT id FROM inspections").fetchone()
    assert inspection is not None
    central.db.pg(
        "INSERT INTO findings (id, inspection_id, severity, description, deadline, status, rev) "
        "VALUES ('free', %s, 'minor', 'Losse bevinding', '2025-04-01', 'open', 'r-free')",
        [inspection[0]],
    )
    failed = next(item for item in load_template("snf").items if item.id == SNF_ITEMS[1])
    for fmt in ("md", "html"):
        code, dutch = run("--lang", "nl", *central.options(), "report", "--format", fmt)
        assert code == 0, dutch
        assert failed.text_nl in dutch and "overig" in dutch
        assert failed.id not in dutch and "other" not in dutch
        code, english = run(*central.options(), "report", "--format", fmt)
        assert failed.text_en in english and "other" in english
    code, figures = run("--lang", "nl", *central.options(), "stats", "--json")
    assert code == 0 and failed.id in figures and '"norm": "other"' in figures  # JSON keeps machine names


def test_a_share_names_its_tables_in_dutch(central: Central, tmp_path: Path) -> None:
    nl = ["--lang", "nl", *central.options()]
    code, output = run(*nl, "intake", "--trust-new", "--trust-role", "lead", str(_bundle(central, tmp_path)))
    assert code == 0, output
    key = ["--signing-key", str(central.signing_key)]
    code, output = run(*nl, "share", "--profile", "ggd", "--out", str(tmp_path / "s.zip"), *key)
    assert code == 0, output
    tables = [line.split()[0] for line in output.splitlines() if line.startswith("  ") and ": " in line[14:]]
    assert "bezetting" in tables and "occupancy" not in tables, output


def test_a_report_from_the_start_reads_as_dutch() -> None:
    from inspect_tui.central.stats import CentralStats, render
    from inspect_tui.i18n import using

    totals = {"sites": 0, "inspections": 0, "findings": 0, "revisions": 0, "bundles_in": 0, "devices": 0}
    stats = CentralStats(None, None, "2026-11-30", totals | {"open_conflicts": 0}, [], [], [])
    with using("nl"):
        text = render(stats, "text").decode()
    assert text.startswith("Centraal rapport, vanaf het begin tot en met 30-11-2026\n")
    assert render(stats, "text").decode().startswith("Central report, the start to 30-11-2026\n")
