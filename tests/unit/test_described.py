"""Field descriptions come from the docstrings under the fields when a schema is written, not as
each model class is made (inspect_tui.domain.described)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from pydantic import BaseModel, ConfigDict, Field
from pydantic._internal._docs_extraction import extract_docstrings_from_cls

from inspect_tui.domain import base, checklist, norms, signed, visit_records
from inspect_tui.domain.described import DescribedSchema, attribute_docstrings, field_descriptions
from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.sync import envelope
from inspect_tui.sync.layout import KINDS


def _models() -> Iterator[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    modules = (base, checklist, norms, signed, visit_records, envelope)
    found = [v for m in modules for v in vars(m).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    for model in [*found, *MODEL_BY_TABLE.values(), *(envelope.envelope_model(kind) for kind in KINDS)]:
        for cls in model.__mro__:
            if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not BaseModel and cls not in seen:
                seen.add(cls)
                yield cls


MODELS = list(_models())


def test_no_model_reads_docstrings_as_it_is_made() -> None:
    # Pydantic's own reading costs every process that loads the models (see the module).
    assert MODELS
    for model in MODELS:
        assert not model.model_config.get("use_attribute_docstrings"), model.__name__


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_class_has_the_docstrings_pydantic_finds(model: type[BaseModel]) -> None:
    if model.__module__ not in sys.modules or "<locals>" in model.__qualname__:
        pytest.skip("made at run time")
    assert attribute_docstrings(model) == extract_docstrings_from_cls(model, use_inspect=True)


class _Base(BaseModel):
    kept: int = 0
    """Kept by subclasses."""
    annotated_again: int = 0
    """Only here."""


class _Child(_Base):
    annotated_again: int = 1
    given: str = Field(default="", description="Given in Field.")
    """Not this one."""
    plain: str = ""


class _PydanticBase(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    kept: int = 0
    """Kept by subclasses."""
    annotated_again: int = 0
    """Only here."""


class _PydanticChild(_PydanticBase):
    annotated_again: int = 1
    given: str = Field(default="", description="Given in Field.")
    """Not this one."""
    plain: str = ""


def test_descriptions_follow_pydantics_rules() -> None:
    assert field_descriptions(_Child) == {"kept": "Kept by subclasses.", "given": "Given in Field."}
    made = {name: info.description for name, info in _PydanticChild.model_fields.items() if info.description}
    assert field_descriptions(_Child) == made


def test_the_schema_is_the_one_pydantic_writes_with_docstrings() -> None:
    assert (
        _Child.model_json_schema(schema_generator=DescribedSchema)["properties"]
        == (_PydanticChild.model_json_schema()["properties"])
    )
    assert "description" not in _Child.model_json_schema()["properties"]["kept"]
