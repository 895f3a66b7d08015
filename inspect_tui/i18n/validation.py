"""Validation messages in the interface language.

Pydantic writes its messages in its own English ("Input should be greater than or equal to 1").
The common kinds are said again from the error's type and context, in every language in the
app's words ("must be at least 1", "moet minstens 1 zijn"); the rest (the domain's own rules)
keep their text.
"""

from __future__ import annotations

from typing import Any

from inspect_tui.i18n import N_, _, format_number, localise_figures, ngettext
from inspect_tui.i18n.counts import count_text

MESSAGES: dict[str, str] = {
    "greater_than_equal": N_("must be at least {ge}"),
    "greater_than": N_("must be more than {gt}"),
    "less_than_equal": N_("must be at most {le}"),
    "less_than": N_("must be less than {lt}"),
    "string_too_long": N_("is too long (at most {max_length} characters)"),
    "too_short": N_("needs at least {min_length}"),
    "too_long": N_("may hold at most {max_length}"),
    "string_pattern_mismatch": N_("does not have the right form"),
    "int_parsing": N_("is not a whole number"),
    "int_from_float": N_("is not a whole number"),
    "float_parsing": N_("is not a number"),
    "decimal_parsing": N_("is not a number"),
    "bool_parsing": N_("is not yes or no"),
    "date_parsing": N_("is not a date"),
    "date_from_datetime_parsing": N_("is not a date"),
    "datetime_parsing": N_("is not a date and time"),
    "datetime_from_date_parsing": N_("is not a date and time"),
    "missing": N_("is required"),
    "enum": N_("must be one of {expected}"),
    "literal_error": N_("must be one of {expected}"),
    "string_type": N_("must be text"),
    "extra_forbidden": N_("is not a known field"),
    "dict_type": N_("must be a JSON object"),
    "model_type": N_("must be a JSON object"),
    "model_attributes_type": N_("must be a JSON object"),
    "list_type": N_("must be a JSON list"),
    "tuple_type": N_("must be a JSON list"),
    "int_type": N_("is not a whole number"),
    "float_type": N_("is not a number"),
    "bool_type": N_("is not yes or no"),
    "date_type": N_("is not a date"),
    "none_required": N_("must be empty (null)"),
}


def _too_long(error: dict[str, Any] | Any) -> str | None:
    """Text over its limit: the length given, the limit and what to do (pydantic names only the limit)."""
    given = error.get("input")
    most = (error.get("ctx") or {}).get("max_length")
    if error.get("type") != "string_too_long" or not isinstance(given, str) or not isinstance(most, int):
        return None
    return ngettext(
        "{length} character; at most {most} — shorten it",
        "{length} characters; at most {most} — shorten it",
        len(given),
    ).format(length=format_number(len(given)), most=format_number(most))


def _too_short(error: dict[str, Any] | Any) -> str | None:
    """Text under its least length: "is too short (at least 1 character)"."""
    least = (error.get("ctx") or {}).get("min_length")
    if error.get("type") != "string_too_short" or not isinstance(least, int):
        return None
    return ngettext(
        "is too short (at least {least} character)", "is too short (at least {least} characters)", least
    ).format(least=format_number(least))


def _too_many(error: dict[str, Any] | Any) -> str | None:
    """A list (or mapping) over its limit: how many were given, the limit and what to do."""
    context = error.get("ctx") or {}
    most, given = context.get("max_length"), context.get("actual_length")
    if not isinstance(given, int) and hasattr(error.get("input"), "__len__"):
        given = len(error["input"])
    if error.get("type") != "too_long" or not isinstance(most, int) or not isinstance(given, int):
        return None
    return ngettext(
        "{count} item; at most {most} — remove some",
        "{count} items; at most {most} — remove some",
        given,
    ).format(count=count_text(given), most=count_text(most))


def _choices(expected: str) -> str:
    """pydantic's list of allowed values ("'housing', 'workplace' or 'both'") with the last "or" in
    the interface language (the values themselves are what is written in a file or bundle)."""
    head, sep, last = expected.rpartition("' or '")
    return f"{head}' {_('or')} '{last}" if sep else expected


def message_of(error: dict[str, Any] | Any) -> str:
    """The message of one pydantic error in the interface language."""
    too_long = _too_long(error) or _too_short(error) or _too_many(error)
    if too_long is not None:
        return too_long
    original = str(error["msg"])
    template = MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return original
    context = {
        key: format_number(value)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else _choices(value)
        if key == "expected" and isinstance(value, str)
        else localise_figures(str(value))
        for key, value in (error.get("ctx") or {}).items()
    }
    try:
        return _(template).format(**context)
    except (KeyError, IndexError):
        return original
