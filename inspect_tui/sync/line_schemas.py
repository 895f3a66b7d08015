"""JSON Schemas of bundle lines, one per record kind, generated from the pydantic models.

The committed copies live in ``schemas/bundle-<kind>.schema.json``; a test fails when they are
stale. Regenerate them with ``python -m inspect_tui.sync.line_schemas [FOLDER]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from inspect_tui.sync.envelope import schema_for
from inspect_tui.sync.layout import KINDS

SCHEMA_DIR = Path("schemas")
"""Where the schemas are committed, relative to the repository root."""


def schema_file_name(kind: str) -> str:
    """e.g. bundle-occupants.schema.json"""
    return f"bundle-{kind}.schema.json"


def render_schemas() -> dict[str, str]:
    """Every bundle schema as committed (file name → text): 2-space indent, UTF-8, trailing newline."""
    return {schema_file_name(kind): json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n" for kind in KINDS}


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    """Write every bundle schema into folder; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        target = folder / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the schemas to the folder given, or to ``schemas/``."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_schemas(Path(args[0]) if args else SCHEMA_DIR):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
