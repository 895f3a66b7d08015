"""README "How to add a language": its commands, run as written, give a catalog of every text of the code."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from inspect_tui import i18n, launch
from inspect_tui.i18n.extract import package_messages

REPO = Path(__file__).resolve().parents[2]


def readme_steps() -> list[list[str]]:
    """The pybabel commands of the README's section, joined across their line continuations."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### How to add a language", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    joined = re.sub(r"\\\n\s*", " ", block)
    return [shlex.split(line) for line in joined.splitlines() if line.startswith("pybabel ")]


def test_the_readme_commands_make_a_complete_catalog(tmp_path: Path) -> None:
    steps = readme_steps()
    assert [step[1] for step in steps] == ["extract", "init", "compile"]
    pybabel = Path(sys.executable).with_name("pybabel")
    for step in steps:
        args = [a.replace("inspect_tui/i18n/locale", str(tmp_path)) for a in step[1:]]
        done = subprocess.run([str(pybabel), *args], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
    with (tmp_path / "inspect_tui.pot").open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    missing = set(package_messages()) - template
    assert missing == set(), "the README's extract step misses texts of the code"
    assert (tmp_path / "de" / "LC_MESSAGES" / "inspect_tui.mo").is_file()


def test_one_list_of_languages() -> None:
    """The README says: add the language to LANGUAGES (and launch.py); the --lang choices follow."""
    from inspect_tui.cli.main import main

    assert launch.LANGUAGES == i18n.LANGUAGES
    lang = next(p for p in main.params if p.name == "lang")
    assert tuple(lang.type.choices) == i18n.LANGUAGES  # type: ignore[attr-defined]
    assert i18n.detect_language({"LANG": "nl_BE.UTF-8"}) == "nl"
    assert i18n.detect_language({"LANG": "de_DE.UTF-8"}) == "en"  # not (yet) one of LANGUAGES
    assert i18n.format_number(1250.5, 1, lang="de") == "1.250,5"  # a new language's numbers come from Babel
