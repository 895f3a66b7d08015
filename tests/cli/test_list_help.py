"""`list --help` names every --status value the command takes, in English and in Dutch."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.reports.listing import STATUSES


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_list_help_names_every_status(lang: str) -> None:
    result = CliRunner().invoke(main, ["--lang", lang, "list", "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    missing = [status for kind in STATUSES.values() for status in kind if status not in text]
    assert missing == []
