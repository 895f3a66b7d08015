"""The bundle files a command is given: a folder stands for the *.zip files in it.

One rule for the laptop's `import`, the review screen's import dialog and `central intake`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def zip_files(folder: Path) -> list[Path]:
    """The *.zip files in folder (.ZIP too), sorted by name; sub-folders are not searched."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".zip" and p.is_file())


def bundle_files(arguments: Iterable[Path]) -> list[Path]:
    """The names given, each folder replaced by its *.zip files (sorted); a file named twice (itself
    and through its folder) is taken once. Other names stay as given: opening them says what is
    wrong. An empty result (only empty folders) is the caller's to say."""
    found: list[Path] = []
    for argument in arguments:
        found.extend(zip_files(argument) if argument.is_dir() else [argument])
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())
