"""What a JSON parser says is wrong with a text, in the interface language.

Two parsers read JSON here: pydantic's (a bundle's lines: "expected `,` or `}` at line 1 column
30") and Python's ``json`` (checklist templates, rosters: "Expecting ',' delimiter"). Both speak
English; their phrases are the message ids below (a brace doubled, as every message id is a format
string), so the English interface shows them as they are and another language has them said in
its own words, with the place where the parser stopped. A phrase not listed (a newer parser's) is
shown as the parser wrote it.
"""

from __future__ import annotations

import json
import re

from inspect_tui.i18n import N_, _

_MESSAGE_IDS: tuple[str, ...] = (
    # pydantic-core's parser
    N_("EOF while parsing a list"),
    N_("EOF while parsing a string"),
    N_("EOF while parsing a value"),
    N_("EOF while parsing an object"),
    N_("control character (\\u0000-\\u001F) found while parsing a string"),
    N_("expected `,` or `]`"),
    N_("expected `,` or `}}`"),
    N_("expected `:`"),
    N_("expected ident"),
    N_("expected value"),
    N_("float value was found where an int was expected"),
    N_("invalid escape"),
    N_("invalid number"),
    N_("invalid unicode code point"),
    N_("key must be a string"),
    N_("lone leading surrogate in hex escape"),
    N_("number out of range"),
    N_("recursion limit exceeded"),
    N_("trailing characters"),
    N_("trailing comma"),
    N_("unexpected end of hex escape"),
    # Python's json module
    N_("Expecting ',' delimiter"),
    N_("Expecting ':' delimiter"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Expecting value"),
    N_("Extra data"),
    N_("Invalid \\escape"),
    N_("Invalid \\uXXXX escape"),
    N_("Invalid control character at"),
    N_("Unexpected UTF-8 BOM (decode using utf-8-sig)"),
    N_("Unterminated string starting at"),
)

PHRASES: dict[str, str] = {m.replace("{{", "{").replace("}}", "}"): m for m in _MESSAGE_IDS}
"""Each parser phrase and its message id."""

_PLACE = re.compile(r"^(?P<phrase>.*?) at line (?P<line>\d+) column (?P<column>\d+)$")


def json_phrase(phrase: str) -> str:
    """A parser's phrase (no place) in the interface language, or as written when not known."""
    message_id = PHRASES.get(phrase)
    return phrase if message_id is None else _(message_id).format()


def json_problem(detail: str) -> str:
    """pydantic's "expected value at line 1 column 5" in the interface language."""
    found = _PLACE.match(detail)
    if found is None:
        return json_phrase(detail)
    return _("{problem} at line {line} column {column}").format(
        problem=json_phrase(found["phrase"]), line=found["line"], column=found["column"]
    )


def json_decode_problem(error: json.JSONDecodeError) -> str:
    """Python's "Expecting value: line 1 column 1 (char 0)" in the interface language."""
    return _("invalid JSON at line {line}, column {column}: {problem}").format(
        line=error.lineno, column=error.colno, problem=json_phrase(error.msg)
    )
