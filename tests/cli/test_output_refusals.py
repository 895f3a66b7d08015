"""Where a command's output goes, and what it keeps: each case gave a traceback, an English line
in Dutch, a backup overwritten, or an import that committed and then ran out of memory."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import inspect_tui.checklists
from inspect_tui.cli import main
from tests.helpers.bundles import file_hash

LAUNCH = "from inspect_tui.launch import main; main()"
INSPECTION = "8ce71065"


def _run(*args: str, code: int = 1) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def _ok(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_output_onto_a_copy_from_before_an_import_is_refused(sample: Path, tmp_path: Path) -> None:
    """`findings --out lead.db.pre-import.sqlite` replaced the backup with a CSV file."""
    bundle = tmp_path / "day.zip"
    _ok("--db", str(sample), "export", "--all", "--out", str(bundle))
    lead = tmp_path / "lead.db"
    _ok("--db", str(lead), "init")
    _ok("--db", str(lead), "import", "--trust-new", "--trust-role", "lead", str(bundle))
    copy = Path(f"{lead}.pre-import.sqlite")
    older = Path(f"{lead}.pre-import.1.sqlite")
    older.write_bytes(copy.read_bytes())
    for target in (copy, older):
        kept = _digest(target)
        for args in (
            ["findings", "--out", str(target)],
            ["report", INSPECTION, "--format", "md", "--out", str(target)],
        ):
            line = _run("--lang", "nl", "--db", str(lead), *args)
            assert line == f"Fout: --out {target} is de database {lead} of een bestand ernaast; geef een andere --out"
        assert _digest(target) == kept


def test_keeping_more_copies_than_a_disk_holds_is_refused_before_anything_is_imported(
    sample: Path, tmp_path: Path
) -> None:
    """--keep-snapshots 1000000000 was taken: the import committed, then listing that many names
    took all memory, and the command said it failed."""
    bundle = tmp_path / "day.zip"
    _ok("--db", str(sample), "export", "--all", "--out", str(bundle))
    lead = tmp_path / "lead.db"
    _ok("--db", str(lead), "init")
    before = file_hash(lead)
    args = ["--lang", "nl", "--db", str(lead), "import", "--trust-new", "--keep-snapshots", "1000000000", str(bundle)]
    line = _run(*args, code=2)
    assert "'--keep-snapshots': 1000000000 ligt niet in het bereik 1<=x<=100" in line, line
    assert file_hash(lead) == before and not Path(f"{lead}.pre-import.sqlite").exists()


@pytest.mark.parametrize("args", [["report", INSPECTION, "--out", ""], ["findings", "--out", ""]])
def test_an_empty_output_name_is_refused_not_replaced_by_a_name_made_up(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    line = _run("--lang", "nl", "--db", str(sample), *args, code=2)
    assert "een lege naam noemt geen bestand" in line, line
    assert not list(tmp_path.glob("report-*"))


def test_a_choice_not_offered_is_said_with_a_dutch_or(tmp_path: Path) -> None:
    data = json.loads(Path(inspect_tui.checklists.__file__).with_name("snf.json").read_text(encoding="utf-8"))
    data["applies_to"] = "castle"
    broken = tmp_path / "t.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    line = _run("--lang", "nl", "checklists", "validate", str(broken))
    assert line.endswith("applies_to: moet een van 'housing', 'workplace' of 'both' zijn"), line


FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["list", "inspections"],
        ["findings", "--date", "2026-11-17"],
        ["report", INSPECTION, "--format", "md", "--out", "-"],
    ],
    ids=lambda a: a[0],
)
def test_an_output_that_cannot_be_written_is_said_in_one_dutch_line(sample: Path, args: list[str]) -> None:
    """`stats > /dev/full` gave a traceback from the quick path; `report --out - > /dev/full` said
    "Fout: [Errno 28] No space left on device"."""
    before = file_hash(sample)
    with FULL.open("wb") as full:
        done = subprocess.run(
            [sys.executable, "-c", LAUNCH, "--lang", "nl", "--db", str(sample), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    said = done.stderr.decode()
    assert done.returncode == 1 and said == "Fout: kan de uitvoer niet schrijven: de schijf is vol\n", said
    assert file_hash(sample) == before


@pytest.mark.parametrize("args", [["list", "inspections"], ["stats"]])
def test_a_quick_answer_cut_short_by_a_pipe_ends_quietly(sample: Path, tmp_path: Path, args: list[str]) -> None:
    """`inspect-tui list inspections | true` printed a BrokenPipeError traceback."""
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        producer = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "--db", str(sample), *args], stdout=subprocess.PIPE, stderr=stderr
        )
        assert producer.stdout is not None
        producer.stdout.close()  # the reader is gone before a byte is written
        producer.wait(timeout=60)
    assert errors.read_text(encoding="utf-8") == ""


def test_exporting_a_damaged_database_says_so_as_the_other_commands_do(sample: Path, tmp_path: Path) -> None:
    """It said "kan de database niet lezen: database disk image is malformed", SQLite's English."""
    with sample.open("r+b") as damaged:
        for offset in range(200_000, sample.stat().st_size, 40_960):
            damaged.seek(offset)
            damaged.write(b"\xde\xad\xbe\xef" * 64)
    line = _run("--lang", "nl", "--db", str(sample), "export", "--all", "--out", str(tmp_path / "out.zip"))
    assert line == "Fout: de database is beschadigd (SQLite kan het niet helemaal lezen); zet het terug uit een back-up"
    assert not (tmp_path / "out.zip").exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["findings", "--open", "--out", "{tmp}/bevindingen.pdf"], "names no findings format"),
        (["report", "8ce71065", "--out", "{tmp}/rapport.docx"], "names no report format"),
    ],
)
def test_an_out_name_of_no_format_of_the_command_is_refused(tmp_path: Path, args: list[str], said: str) -> None:
    """findings --out x.pdf wrote CSV into it, report --out x.docx a PDF, without a word."""
    import shutil

    from tests.unit.test_cli_dutch import SAMPLE

    db = tmp_path / "sample.db"
    shutil.copy(SAMPLE, db)
    filled = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, ["--db", str(db), *filled])
    assert result.exit_code == 1 and said in result.stderr and len(result.stderr.splitlines()) == 1, result.output
    assert not Path(filled[-1]).exists()
