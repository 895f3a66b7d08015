"""README "A round trip as a team lead would do it", run as written on a copy of sample.db: each
command succeeds, but for the one the README marks as refused (which must say why)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main

REPO = Path(__file__).resolve().parents[2]


def _round_trip() -> list[tuple[list[str], str]]:
    """The block's commands (without the leading `inspect-tui`) with their comments."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"A round trip as a team lead would do it:\n\n```sh\n(.*?)```", text, re.S)
    assert block is not None, "the README's round trip block is gone"
    commands = []
    for line in block.group(1).splitlines():
        command, _, comment = line.partition("#")
        words = shlex.split(command)
        assert words[0] == "inspect-tui", line
        commands.append((words[1:], comment.strip()))
    return commands


def test_the_readme_round_trip_works_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(REPO / "sample.db", tmp_path / "sample.db")
    monkeypatch.chdir(tmp_path)
    commands = _round_trip()
    assert len(commands) >= 7
    for args, comment in commands:
        result = CliRunner().invoke(main, args)
        said = f"inspect-tui {shlex.join(args)}\n{result.output}"
        if comment.startswith("refused"):
            assert result.exit_code == 1, said
            assert "is new here" in result.output and "Traceback" not in result.output, said
        else:
            assert result.exit_code == 0, said
        if "already imported" in comment:
            assert "already imported" in result.output and "nothing changed" in result.output, said
    assert (tmp_path / "findings.csv").stat().st_size > 0
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
