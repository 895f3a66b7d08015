"""README "Central system": the embedded start and the daily flow, run as written against a real PostgreSQL.

Filled in are only what the README cannot write: the words in capitals (device ids and keys that
`central init` and `keys` print), the laptops' databases, what the inspector enters in the app
and what the lead decides in it (through the store functions the app calls).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.domain.enums import InspectionStatus, ReviewDecision, Severity
from inspect_tui.domain.models import Answer, Finding, Inspection, Site, Unit, answer_id
from inspect_tui.store import open_db, save
from inspect_tui.store.workflow.reviews import review
from tests.helpers.bundles import SNF_ITEMS

REPO = Path(__file__).resolve().parents[2]


def _blocks() -> tuple[str, str]:
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Central system", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    start = next(b for b in blocks if " init " in b and "--embedded" in b)
    daily = next(b for b in blocks if "# 1. " in b)
    return re.sub(r"\\\n\s*", " ", start), daily


def _inspect(db_path: Path, inspector: str) -> str:
    """What an inspector enters in the app: a site, a unit, answers with a failure, a finding; signed."""
    db = open_db(db_path)
    site = Site(name="Park De Wilgen", city="Venlo", street="Dorpsstraat", house_number=3)
    save(db, site)
    unit = Unit(site_id=site.id, label="Chalet 1", floor_area_m2=40.0, beds=4)
    save(db, unit)
    inspection = Inspection(site_id=site.id, templates=["snf"], inspector=inspector, started_at=dt.datetime(2026, 3, 3))
    save(db, inspection)
    for item, verdict, value in ((SNF_ITEMS[0], "pass", "yes"), (SNF_ITEMS[1], "fail", "no")):
        item_answer = {"id": answer_id(inspection.id, item), "inspection_id": inspection.id, "item_id": item}
        save(db, Answer(**item_answer, value=value, verdict=verdict))
    save(db, Finding(inspection_id=inspection.id, item_id=SNF_ITEMS[1], unit_id=unit.id, severity=Severity.MAJOR,
                     description="Rookmelder ontbreekt.", deadline=dt.date(2026, 4, 1)))  # fmt: skip
    signed = {"status": InspectionStatus.COMPLETED, "signed_by": inspector, "completed_at": dt.datetime(2026, 3, 3, 11)}
    save(db, inspection.model_copy(update=signed))
    return inspection.id


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, f"{shlex.join(args)}\n{result.output}"
    return result.output


def test_the_readme_daily_flow_runs_as_written(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path / "config"))
    for name in ("INSPECT_TUI_CENTRAL_URL", "INSPECT_TUI_CENTRAL_SIGNING_KEY", "LANG", "LC_ALL"):
        monkeypatch.delenv(name, raising=False)
    start, daily = _blocks()
    here = ["central", "--url", pg_url]  # the README's --embedded ~/central-pg, on the test's server

    def words(command: str) -> list[str]:
        parts = [os.path.expanduser(w) for w in shlex.split(command, comments=True)]
        if parts[:2] == ["inspect-tui", "central"] and parts[2] == "--embedded":
            return [*here, *parts[4:]]
        return [*here, *parts[1:]] if parts[0] == "central" else parts[1:]

    printed = _run(words(start))
    fill = {
        "CENTRAL_DEVICE": re.findall(r"Central device\s+(\S+)", printed)[0],
        "CENTRAL_PUBLIC_KEY": re.findall(r"public key ([0-9a-f]{64})", printed)[0],
        "SEALING_PUBLIC_KEY": re.findall(r"public key ([0-9a-f]{64})", printed)[1],
    }
    for laptop in ("eva", "lead"):
        _run(["--db", f"{laptop}.db", "init"])
        shown = _run(["--db", f"{laptop}.db", "keys"])
        fill[f"{laptop.upper()}_DEVICE"] = re.findall(r"Device\s+(\S+)", shown)[0]
        fill[f"{laptop.upper()}_PUBLIC_KEY"] = re.findall(r"public key ([0-9a-f]{64})", shown)[0]
    ran: list[str] = []
    inspection = ""
    for line in daily.splitlines():
        for word, value in fill.items():
            line = re.sub(rf"\b{word}\b", value, line)
        if line.startswith("# 1."):
            inspection = _inspect(tmp_path / "eva.db", "Eva de Vries")
        if line.startswith("inspect-tui --db lead.db export"):  # the lead decided in the app
            review(open_db(tmp_path / "lead.db"), inspection, "Lotte Bakker", ReviewDecision.APPROVE)
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("central() {"):
            assert "--embedded ~/central-pg" in line
            continue
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            monkeypatch.setenv(name, os.path.expanduser(value))
            continue
        commands = [line] + (["# every laptop", line.replace("eva.db", "lead.db")] if "# every laptop" in line else [])
        for command in (c for full in commands for c in full.split("#")[0].split("&&") if c.strip()):
            if command.split()[0] == "mkdir":
                Path(shlex.split(command)[-1]).mkdir(parents=True, exist_ok=True)
            else:
                ran.append(_run(words(command)))
    assert len(ran) >= 16
    assert "approved" in _run(["--db", "eva.db", "list", "inspections"])  # the decision reached the inspector
    assert "Venlo" in ran[-2] and "Judged" in ran[-2]  # central stats
    assert Path("h1.pdf").read_bytes().startswith(b"%PDF") and Path("venlo.zip").is_file()
