"""The revision envelope: one line of ``data/<kind>.jsonl``, validated strictly.

Every line is ``{"rev", "gen", "base_rev", "merged", "ancestors", "origin", "deleted", "record"}``
where ``record`` is the record's own JSON data, plus ``at`` and ``by`` (when and by whom the
revision was made; hashed into ``rev``) on revisions that carry them. Unknown keys, wrong types and values that break
a domain rule (a BSN failing the 11-proef, a text too long) are refused with the field named.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Annotated, Any, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

from inspect_tui.domain.base import Record
from inspect_tui.domain.described import DescribedSchema
from inspect_tui.domain.fields import Text100
from inspect_tui.domain.limits import check_moment
from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.i18n import N_, _
from inspect_tui.i18n.json_errors import json_problem
from inspect_tui.i18n.validation import message_of
from inspect_tui.store.revisions import MAX_ANCESTORS, Revision

REV_PATTERN = r"^[1-9][0-9]{0,8}-[0-9a-f]{32}$"
DEVICE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
MOMENT_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"


def _moment(value: str) -> str:
    """A revision's time: ISO 8601 with seconds and a zone (``2026-11-17T09:30:00Z``)."""
    try:
        moment = dt.datetime.fromisoformat(value) if re.match(MOMENT_PATTERN, value) is not None else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(_("not a time with seconds and a zone, such as 2026-11-17T09:30:00Z"))
    check_moment(moment)  # 9999-12-31T23:59:59-01:00 would be past the calendar's end on any clock
    return value


Moment = Annotated[str, Field(max_length=40, json_schema_extra={"pattern": MOMENT_PATTERN}), AfterValidator(_moment)]

Rev = Annotated[str, Field(pattern=REV_PATTERN)]


class Envelope(BaseModel):
    """One revision of one record, as a bundle line carries it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    rev: Rev
    """Revision id, ``<generation>-<hash>``; the same edit from the same base has the same id everywhere."""
    gen: int = Field(ge=1, le=999_999_999)
    """Generation: one more than the revision it was based on."""
    base_rev: Rev | None
    """The revision this one was edited from; null for a record's first version."""
    merged: list[Rev] = Field(max_length=MAX_ANCESTORS)
    """Other leaves this revision resolves (a conflict resolution), sorted."""
    ancestors: list[Rev] = Field(max_length=MAX_ANCESTORS)
    """The base revision and its ancestors, newest first, so a receiver can place it in the tree."""
    origin: str = Field(pattern=DEVICE_PATTERN)
    """Device id of the device that made this revision."""
    deleted: bool
    """This revision removes the record (its last data is kept)."""
    at: Moment | None = None
    """When the revision was made (ISO 8601 with its zone); absent on revisions made before stamps existed."""
    by: Text100 | None = None
    """The person who made it, as the origin device knew them; absent when unknown."""
    record: Record
    """The record's data (its kind follows from the file)."""

    @model_validator(mode="after")
    def _tree_is_consistent(self) -> Envelope:
        if "id" not in self.record.model_fields_set:
            raise ValueError(_("record: id is required (a record keeps the id it was made with)"))
        if int(self.rev.split("-", 1)[0]) != self.gen:
            raise ValueError(_("gen: does not match the generation in rev"))
        if self.base_rev is None and self.ancestors:
            raise ValueError(_("ancestors: a first version has no ancestors"))
        if self.base_rev is not None and (not self.ancestors or self.ancestors[0] != self.base_rev):
            raise ValueError(_("ancestors: must start with base_rev"))
        if self.rev in self.ancestors or self.rev in self.merged:
            raise ValueError(_("rev: a revision cannot descend from itself"))
        if len(set(self.ancestors)) != len(self.ancestors):
            raise ValueError(_("ancestors: lists a revision twice"))
        return self

    def to_revision(self, kind: str) -> Revision:
        """The store's revision for this line (the record's data normalised by its model)."""
        return Revision(
            entity=kind,
            record_id=self.record.id,
            rev=self.rev,
            gen=self.gen,
            base_rev=self.base_rev,
            origin=self.origin,
            data=self.record.model_dump(mode="json"),
            deleted=self.deleted,
            merged=tuple(sorted(self.merged)),
            ancestors=tuple(self.ancestors),
            made_at=self.at,
            made_by=self.by,
        )


@cache
def envelope_model(kind: str) -> type[Envelope]:
    """The envelope model whose ``record`` is the model of kind (e.g. ``OccupantRevision``)."""
    model = MODEL_BY_TABLE[kind]
    created = create_model(
        f"{model.__name__}Revision",
        __base__=Envelope,
        __doc__=f"One revision of one {model.__name__.lower()} record, as a bundle line carries it.",
        record=(model, Field(description=f"The {model.__name__.lower()}'s data.")),
    )
    return cast(type[Envelope], created)


_MESSAGES = {
    "extra_forbidden": N_("unknown field"),
    "missing": N_("required field missing"),
}


def describe(exc: ValidationError) -> str:
    """One line naming each failing field (record fields by their own name) and the rule."""
    parts: list[str] = []
    for err in exc.errors()[:3]:
        loc = [str(p) for p in err["loc"]]
        if err["type"] == "json_invalid":
            detail = str((err.get("ctx") or {}).get("error", err["msg"]))
            parts.append(_("malformed JSON ({detail})").format(detail=json_problem(detail)))
            continue
        if loc and loc[0] == "record" and len(loc) > 1:
            loc = loc[1:]
        field = ".".join(loc) or "line"
        known = _MESSAGES.get(err["type"])
        message = _(known) if known else message_of(err).removeprefix("Value error, ")
        if ": " in message and message.split(": ", 1)[0].isidentifier() and field in ("line", "record"):
            parts.append(message)  # a model-level rule that already names its field
        else:
            parts.append(f"{field}: {message}")
    if len(exc.errors()) > 3:
        parts.append(_("and {n} more").format(n=len(exc.errors()) - 3))
    return "; ".join(parts)


def parse_line(kind: str, line: bytes) -> Envelope:
    """Validate one line of data/<kind>.jsonl; raises ValidationError (see describe)."""
    return envelope_model(kind).model_validate_json(line, strict=True)


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one line of data/<kind>.jsonl."""
    schema = envelope_model(kind).model_json_schema(mode="validation", schema_generator=DescribedSchema)
    record = schema["$defs"][MODEL_BY_TABLE[kind].__name__]
    record["required"] = ["id", *[name for name in record.get("required", []) if name != "id"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
