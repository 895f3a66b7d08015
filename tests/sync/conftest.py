"""Fixtures for the sync tests: populated devices and their bundles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import Device, make_device, populate


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Device]:
    """A device whose database holds every kind of record (and a deletion and edits)."""
    device = make_device(tmp_path / "source.db")
    device.ids = populate(device.db)
    yield device
    device.db.conn.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Device]:
    """An empty device (the team lead's laptop)."""
    device = make_device(tmp_path / "target.db")
    yield device
    device.db.conn.close()


@pytest.fixture
def full_bundle(source: Device, tmp_path: Path) -> Path:
    """`export --all` of the populated source."""
    result = export_bundle(source.db, tmp_path / "full.zip", source.key, everything=True)
    assert result is not None
    return result.path


@pytest.fixture
def cli() -> CliRunner:
    """Runs `inspect-tui` in-process."""
    return CliRunner()
