"""Shared base for every stored record."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from inspect_tui.domain.limits import Moment, RecordId
from inspect_tui.i18n.zone import zoned

ZonedMoment = Annotated[Moment, AfterValidator(zoned)]
"""A record's moment (see ``Moment``), kept with its offset: a naive time is Europe/Amsterdam local time.

Every time field of a record has this type (a test checks it). A validator on the field's type
rather than one on every field of every record: a record's other fields (twenty on a site) then
cost no call into Python each when a bundle line is validated."""

_seeded: ContextVar[random.Random | None] = ContextVar("seeded_ids", default=None)


def new_id() -> str:
    """A fresh UUID made where the record is created, never a BSN or an address."""
    rng = _seeded.get()
    if rng is None:
        return str(uuid.uuid4())
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@contextmanager
def seeded_ids(seed: int) -> Iterator[None]:
    """Make new ids reproducible (for the demo database generator): same seed, same ids."""
    token = _seeded.set(random.Random(seed))
    try:
        yield
    finally:
        _seeded.reset(token)


class Record(BaseModel):
    """A record with a UUID; subclasses name the store table they live in."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
    )

    table: ClassVar[str] = ""

    id: RecordId = Field(default_factory=new_id)
    """UUID made where the record was created."""


def _located(err: ErrorDetails) -> tuple[str, str]:
    """(field, message) of one pydantic error.

    A model-level rule has no location of its own; its message starts with the field it is
    about ("reason: a reason is required …"), so that field is named, not "record".
    """
    from inspect_tui.i18n.validation import message_of

    message = message_of(err).removeprefix("Value error, ")
    if err["loc"]:
        return ".".join(str(p) for p in err["loc"]), message
    named, _, rest = message.partition(": ")
    if rest and named.isidentifier():
        return named, rest
    return "record", message


def describe_error(exc: ValidationError) -> str:
    """Turn a pydantic error into one line naming each field and the rule it broke."""
    return "; ".join(f"{field}: {message}" for field, message in map(_located, exc.errors()))


def field_errors(exc: ValidationError) -> dict[str, str]:
    """Map each failing field to its message (for inline display next to the field)."""
    result: dict[str, str] = {}
    for err in exc.errors():
        field, message = _located(err)
        result.setdefault(field.split(".", 1)[0], message)
    return result


def dump_record(record: BaseModel) -> dict[str, Any]:
    """The record as JSON-compatible data (dates as ISO strings)."""
    return record.model_dump(mode="json")
