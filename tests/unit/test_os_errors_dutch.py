"""File problems in the interface language: the system's English text never reaches a Dutch user."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.i18n import using
from inspect_tui.i18n.os_errors import REASONS, os_problem


@pytest.mark.parametrize(
    ("number", "dutch"),
    [(errno.ENOENT, "bestand of map bestaat niet"), (errno.EACCES, "geen toegang"), (errno.ENOSPC, "de schijf is vol")],
)
def test_a_file_problem_reads_in_dutch(number: int, dutch: str) -> None:
    error = OSError(number, "system text")
    with using("nl"):
        assert os_problem(error) == dutch
    with using("en"):
        assert os_problem(error) == _english(number)


def _english(number: int) -> str:
    return REASONS[number]


def test_a_rare_problem_reads_as_the_system_says_it() -> None:
    with using("nl"):
        assert os_problem(OSError(errno.EXDEV, "Invalid cross-device link")) == "Invalid cross-device link"
        assert os_problem(ValueError("odd")) == "odd"


def test_every_reason_has_a_dutch_entry() -> None:
    with using("nl"):
        same = [english for english in REASONS.values() if os_problem(OSError(_number(english), "")) == english]
    assert not same, same


def _number(english: str) -> int:
    return next(number for number, text in REASONS.items() if text == english)


def test_a_missing_roster_is_named_in_dutch(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--lang", "nl", "keys", "roster", "show", str(tmp_path / "geen.json")])
    assert result.exit_code != 0
    assert "bestand of map bestaat niet" in result.output
    assert "No such file" not in result.output and "Traceback" not in result.output
