"""The central package stays headless, and the CLI loads it (and PostgreSQL's driver) only when used."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

_PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import inspect_tui.central
    for info in pkgutil.walk_packages(inspect_tui.central.__path__, prefix="inspect_tui.central."):
        importlib.import_module(info.name)
    importlib.import_module("inspect_tui.cli.central")
    central = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    print(json.dumps({"textual": central}))
    """
)


def test_the_central_package_never_imports_textual() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["textual"] == []


def test_the_top_level_help_does_not_load_the_central_system() -> None:
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from inspect_tui.cli import main\n"
        "result = CliRunner().invoke(main, ['--help'])\n"
        "assert result.exit_code == 0 and 'central' in result.output, result.output\n"
        "loaded = [m for m in sys.modules if m.startswith(('psycopg', 'pgserver', 'inspect_tui.central'))]\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
