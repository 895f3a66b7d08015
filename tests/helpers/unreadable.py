"""A file that exists but cannot be read, for tests of the messages that say so."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest


def refuse_reading(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading path raises EACCES, as for a file owned by another user: chmod cannot show it
    when the tests run as root, so ``Path.read_text`` refuses it instead."""
    original: Callable[..., str] = Path.read_text

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if self == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
