"""The headless core never imports Textual (STYLE.md); only the app, started on demand, does."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

CORE = ("inspect_tui.domain", "inspect_tui.store", "inspect_tui.sync", "inspect_tui.reports", "inspect_tui.i18n")

_PROBE = textwrap.dedent(
    """
    import importlib, importlib.util, json, pkgutil, sys

    imported, absent = [], []
    for name in sys.argv[1:]:
        if importlib.util.find_spec(name) is None:
            absent.append(name)
            continue
        package = importlib.import_module(name)
        imported.append(name)
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), prefix=name + "."):
            if info.name.rsplit(".", 1)[-1] in ("__main__",):
                continue
            importlib.import_module(info.name)
            imported.append(info.name)
    loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    print(json.dumps({"imported": imported, "absent": absent, "textual": loaded}))
    """
)


def _probe(*packages: str) -> dict[str, list[str]]:
    """Import packages and all their submodules in a fresh interpreter; what it saw."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *packages], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_core_packages_and_their_submodules_never_import_textual() -> None:
    result = _probe(*CORE)
    assert result["textual"] == [], f"textual was imported: {result['textual']}"
    # domain and store always exist; sync and reports are skipped only while they do not exist yet.
    assert {"inspect_tui.domain", "inspect_tui.store"} <= set(result["imported"])
    assert set(result["absent"]) <= {"inspect_tui.sync", "inspect_tui.reports"}
    assert {"inspect_tui.domain.models", "inspect_tui.store.workflow"} <= set(result["imported"])


def test_the_cli_imports_the_app_lazily() -> None:
    result = _probe("inspect_tui.cli", "inspect_tui.sample")
    assert result["textual"] == [], f"importing the CLI loaded textual: {result['textual']}"
    assert "inspect_tui.cli.main" in result["imported"]


def test_the_probe_does_see_textual() -> None:
    """The probe is not blind: importing a Textual module shows up."""
    pytest.importorskip("textual")
    result = _probe("textual.app")
    assert "textual" in result["textual"]


def test_every_name_of_the_queries_package_stays_what_its_module_defines() -> None:
    # A name loaded on first use must not be a submodule's name too: importing that submodule
    # puts the module in the package under that name, and the next caller gets the module.
    import importlib
    import types

    from inspect_tui.store import queries

    for name, module in queries._LAZY.items():
        assert getattr(queries, name) is getattr(importlib.import_module(module), name), name
    for name in queries.__all__:
        assert not isinstance(getattr(queries, name), types.ModuleType), name
