"""Field descriptions from the docstrings under the fields, read only when a JSON Schema is written.

Every field of the stored records is documented by the docstring below it. Pydantic can turn
those into field descriptions as each class is made (``use_attribute_docstrings``), but it
finds a class's source by walking the interpreter's frames and looking up the module of each,
then parses the class: some 55 ms for the domain models, paid by every process that loads them
(the first key after start-up, every import or export), for text only the JSON Schemas show.
So the models are made without it, and the schemas are written with ``DescribedSchema``, which
adds each field's docstring as its description, as pydantic would have: a description given
with ``Field(description=...)`` wins, and a field's docstring is the one under its annotation in
the class that annotates it (a subclass that annotates a field again without a docstring leaves
it undescribed). Each module's source is parsed once.
"""

from __future__ import annotations

import ast
import inspect
import sys
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema


def _docstrings_of(body: list[ast.stmt]) -> dict[str, str]:
    """Field name → docstring for each string statement that follows an annotated name."""
    docs: dict[str, str] = {}
    target: str | None = None
    for statement in body:
        if isinstance(statement, ast.AnnAssign):
            if isinstance(statement.target, ast.Name):
                target = statement.target.id
            continue
        if (
            target is not None
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            docs[target] = inspect.cleandoc(statement.value.value)
        target = None
    return docs


@cache
def _module_docstrings(module_name: str) -> dict[str, dict[str, str]]:
    """Class qualified name → its fields' docstrings, for every class of a module (parsed once)."""
    module = sys.modules.get(module_name)
    if module is None:
        return {}
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return {}
    found: dict[str, dict[str, str]] = {}

    def walk(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                name = f"{prefix}{node.name}"
                found.setdefault(name, _docstrings_of(node.body))
                walk(node.body, f"{name}.")

    walk(tree.body, "")
    return found


def attribute_docstrings(cls: type) -> dict[str, str]:
    """The docstrings under the annotated fields of cls itself (not of its bases)."""
    return _module_docstrings(cls.__module__).get(cls.__qualname__, {})


def field_descriptions(model: type[BaseModel]) -> dict[str, str]:
    """Field name → description, for every field of model: the one given in ``Field`` or else
    the docstring under the field's annotation in the class that annotates it."""
    descriptions: dict[str, str] = {}
    for name, info in model.model_fields.items():
        if info.description is not None:
            descriptions[name] = info.description
            continue
        for cls in model.__mro__:
            if name in inspect.get_annotations(cls):
                doc = attribute_docstrings(cls).get(name)
                if doc is not None:
                    descriptions[name] = doc
                break
    return descriptions


class DescribedSchema(GenerateJsonSchema):
    """Pydantic's JSON Schema with each field's docstring as its description (see the module)."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        model: Any = schema["cls"]
        properties = json_schema.get("properties")
        if isinstance(properties, dict) and isinstance(model, type) and issubclass(model, BaseModel):
            for name, description in field_descriptions(model).items():
                shown = properties.get(name)
                if isinstance(shown, dict) and "description" not in shown:
                    shown["description"] = description
        return json_schema
