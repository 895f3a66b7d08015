"""Field types shared by the record models: bounded, safe text, ids, sealed values, figures."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Annotated

from pydantic import (
    AfterValidator,
    Field,
)

from inspect_tui.domain.checklist import ITEM_ID_PATTERN, TEMPLATE_ID_PATTERN
from inspect_tui.domain.identifiers import (
    normalise_kvk,
)
from inspect_tui.domain.limits import MAX_TEMPLATE_ID
from inspect_tui.domain.text import SafeLongText, SafeText, one_line
from inspect_tui.i18n import _

Kvk = Annotated[str, AfterValidator(normalise_kvk)]
ShortText = SafeText
Text255 = Annotated[str, Field(max_length=255), AfterValidator(one_line)]
Text100 = Annotated[str, Field(max_length=100), AfterValidator(one_line)]
Text50 = Annotated[str, Field(max_length=50), AfterValidator(one_line)]
Text20 = Annotated[str, Field(max_length=20), AfterValidator(one_line)]
LongText = SafeLongText
TemplateId = Annotated[str, Field(pattern=TEMPLATE_ID_PATTERN, max_length=MAX_TEMPLATE_ID)]
ItemId = Annotated[str, Field(pattern=ITEM_ID_PATTERN, max_length=100)]


def _sealed_value(value: str) -> str:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(_("a sealed value is base64 text")) from None
    return value


SealedValue = Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_sealed_value)]


def _naive(moment: dt.datetime) -> dt.datetime:
    """A time comparable with any other: an aware time in UTC without its zone, a naive one as is."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value
