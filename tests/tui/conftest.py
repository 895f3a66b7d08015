from __future__ import annotations

from pathlib import Path

import pytest
from tui_seed import Seeded, fixed_clock, seed

from inspect_tui.tui.app import InspectApp, make_app


@pytest.fixture
def seeded(tmp_path: Path) -> Seeded:
    return seed(tmp_path / "inspect.db")


@pytest.fixture
def app(seeded: Seeded) -> InspectApp:
    return make_app(seeded.path, lang="en", clock=fixed_clock)
