"""The shipped checklist templates (JSON package data) and a loader for template files.

Every problem with a template becomes a ``ChecklistError`` whose message is one line naming
the file, the item (or JSON path) and what is wrong.
"""

from __future__ import annotations

import json
import os
import stat
from functools import lru_cache
from importlib.resources import files
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from inspect_tui.domain.checklist import ChecklistTemplate
from inspect_tui.domain.text import check_safe_text
from inspect_tui.i18n import _, format_number
from inspect_tui.i18n.json_errors import json_decode_problem
from inspect_tui.i18n.os_errors import os_problem

__all__ = ["ChecklistError", "list_templates", "load_file", "load_template", "parse_template", "template_ids"]


class ChecklistError(ValueError):
    """A checklist template could not be found, read or validated."""


@lru_cache(maxsize=1)
def template_ids() -> tuple[str, ...]:
    """Ids of the shipped templates, sorted."""
    names = (entry.name for entry in files(__name__).iterdir() if entry.is_file())
    return tuple(sorted(name.removesuffix(".json") for name in names if name.endswith(".json")))


@lru_cache(maxsize=32)
def load_template(template_id: str) -> ChecklistTemplate:
    """The shipped template ``template_id`` (e.g. ``snf``); loaded once, then cached."""
    if template_id not in template_ids():
        raise ChecklistError(
            _("unknown checklist {id}; known: {known}").format(id=repr(template_id), known=", ".join(template_ids()))
        )
    name = f"{template_id}.json"
    template = parse_template(files(__name__).joinpath(name).read_text(encoding="utf-8"), name)
    if template.id != template_id:
        raise ChecklistError(f"{name}: id is {template.id!r}; a shipped template's id must match its file name")
    return template


def list_templates() -> list[ChecklistTemplate]:
    """All shipped templates, sorted by id."""
    return [load_template(template_id) for template_id in template_ids()]


MAX_TEMPLATE_BYTES = 4 * 1024 * 1024
"""A template file larger than this is refused unread (the shipped ones are some 25 kB)."""


def load_file(path: str | os.PathLike[str]) -> ChecklistTemplate:
    """Read and validate a template file, e.g. one an inspector edited.

    A pipe or a device (``/dev/zero``) is refused unread, and so is a file too large to be a
    template: reading either could fill the memory."""
    label = os.fspath(path)
    try:
        # Without blocking: opening a pipe would otherwise wait for a writer.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ChecklistError(
                    f"{label}: " + _("not a regular file (a pipe, device or folder); give a template's .json file")
                )
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
    except FileNotFoundError:
        raise ChecklistError(f"{label}: " + _("file not found")) from None
    except OSError as error:
        raise ChecklistError(f"{label}: " + _("cannot be read: {problem}").format(problem=os_problem(error))) from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ChecklistError(
            f"{label}: "
            + _("larger than {limit} bytes; a checklist template is far smaller").format(
                limit=format_number(MAX_TEMPLATE_BYTES, 0)
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ChecklistError(f"{label}: " + _("not UTF-8 text (byte {byte})").format(byte=error.start)) from None
    return parse_template(text, label)


def parse_template(text: str, label: str) -> ChecklistTemplate:
    """Validate template JSON ``text``; ``label`` names its origin in error messages."""
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as error:
        raise ChecklistError(f"{label}: {json_decode_problem(error)}") from None
    except (_DuplicateKeyError, _UnsafeTextError) as error:
        raise ChecklistError(f"{label}: {error}") from None
    except RecursionError:
        raise ChecklistError(f"{label}: " + _("invalid JSON: nested too deeply")) from None
    except ValueError:  # a whole number of more digits than Python converts (4,300)
        raise ChecklistError(f"{label}: " + _("invalid JSON: a number with too many digits")) from None
    try:
        return ChecklistTemplate.model_validate(data)
    except ValidationError as error:
        # "should have at least 1 item after validation" only echoes an element that already failed.
        problems = [
            problem
            for problem in error.errors(include_url=False)
            if not (problem["type"] == "too_short" and "after validation" in problem["msg"])
        ] or error.errors(include_url=False)
        more = " " + _("(and {n} more)").format(n=len(problems) - 1) if len(problems) > 1 else ""
        raise ChecklistError(f"{label}: {_describe(problems[0], data)}{more}") from None


class _DuplicateKeyError(ValueError):
    pass


class _UnsafeTextError(ValueError):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads silently keeps the last of two equal keys; in a hand-edited file that hides a typo.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(_("key {key} appears twice in one JSON object").format(key=repr(key)))
        _refuse_unsafe_text(key, value)
        result[key] = value
    return result


def _refuse_unsafe_text(key: str, value: Any) -> None:
    """A template's texts are shown on screen and printed: a control character (an escape a terminal
    would run) or a bidirectional control is refused, by the rule of every record a bundle carries."""
    texts = (
        [value]
        if isinstance(value, str)
        else [v for v in value if isinstance(v, str)]
        if isinstance(value, list)
        else []
    )
    for text in texts:
        try:
            check_safe_text(text, multiline=True)
        except ValueError as exc:
            raise _UnsafeTextError(f"{key}: {exc}") from None


def _describe(problem: ErrorDetails, data: object) -> str:
    from inspect_tui.i18n.validation import message_of

    message = " ".join(message_of(problem).removeprefix("Value error, ").split())
    item_id = (problem.get("ctx") or {}).get("item_id")
    if isinstance(item_id, str):
        return _("item {id}").format(id=repr(item_id)) + f": {message}"
    loc = problem["loc"]
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        who = _item_name(data, loc[1])
        rest = _json_path(loc[2:])
        return f"{who} ({rest}): {message}" if rest else f"{who}: {message}"
    path = _json_path(loc)
    return f"{path}: {message}" if path else message


def _item_name(data: object, index: int) -> str:
    items = data.get("items") if isinstance(data, dict) else None
    if isinstance(items, list) and index < len(items):
        entry = items[index]
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            return _("item {id}").format(id=repr(entry["id"]))
    return f"items[{index}]"


def _json_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path
