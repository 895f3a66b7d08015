"""JSON Schema of checklist templates, generated from the pydantic model.

Regenerate the committed copy with ``python -m inspect_tui.checklists.template_schema``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from inspect_tui.domain.checklist import ChecklistTemplate
from inspect_tui.domain.described import DescribedSchema

SCHEMA_PATH = Path("schemas") / "checklist-template.schema.json"
"""Where the schema is committed, relative to the repository root."""


def checklist_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a checklist template file."""
    schema = ChecklistTemplate.model_json_schema(schema_generator=DescribedSchema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render_schema() -> str:
    """The schema as committed: 2-space indent, UTF-8, trailing newline."""
    return json.dumps(checklist_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema to the path given, or to ``schemas/checklist-template.schema.json``."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else SCHEMA_PATH
    target.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
