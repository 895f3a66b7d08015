"""Find the translatable texts in the code (for ``pybabel extract`` and the catalog test).

Besides ``_("…")``, ``N_("…")`` and ``ngettext("…", "…", n)``, the interface shows texts that
are plain literals by Textual's convention: the description and tooltip of a ``Binding`` and
the ``title_new`` / ``title_edit`` of an editor. Babel's own Python extractor misses those,
so ``babel.cfg`` points at :func:`extract` below. So are the texts of the command line's
``--help`` (shown in the interface language by ``inspect_tui.cli.help_text``): the docstring of
a click command, the ``help=`` / ``short_help=`` / ``epilog=`` of a command or option, and the
placeholders (``metavar="DATE"``, an argument's name as click shows it: ``TEMPLATE_ID``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

Message = str | tuple[str, str]
"""A text, or (singular, plural) for ngettext."""

_TITLE_NAMES = ("title_new", "title_edit")
_CLICK_CALLS = ("option", "argument", "command", "group")
_CLICK_TEXTS = ("help", "short_help", "epilog")
_PLACEHOLDER = re.compile(r"(?<![\w-])[A-Z][A-Z_]*(?![\w-])")
PACKAGE = Path(__file__).resolve().parent.parent


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def messages_in(source: str) -> Iterator[tuple[int, str, Message]]:
    """(line, keyword, message) for every translatable literal in a Python source."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = _literal(node.args[0]) if node.args else None
            if name in ("_", "N_") and first:
                yield node.lineno, "_", first
            elif name == "ngettext" and first and len(node.args) >= 2:
                plural = _literal(node.args[1])
                if plural:
                    yield node.lineno, "ngettext", (first, plural)
            elif name == "Binding":
                description = _literal(node.args[2]) if len(node.args) >= 3 else None
                for keyword in node.keywords:
                    if keyword.arg == "description":
                        description = _literal(keyword.value)
                    if keyword.arg == "tooltip" and (tooltip := _literal(keyword.value)):
                        yield node.lineno, "_", tooltip
                if description:
                    yield node.lineno, "_", description
            elif name in _CLICK_CALLS:
                yield from _click_texts(node, name)
        elif isinstance(node, ast.FunctionDef) and any(_is_click_decorator(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.lineno, "_", doc.partition("\f")[0]
        elif (
            isinstance(node, ast.Assign)
            and any(getattr(t, "id", "") in _TITLE_NAMES for t in node.targets)
            and (title := _literal(node.value))
        ):
            yield node.lineno, "_", title


def _click_texts(node: ast.Call, name: str) -> Iterator[tuple[int, str, Message]]:
    """The help texts and placeholders of a click command, option or argument."""
    for keyword in node.keywords:
        text = _literal(keyword.value)
        if not text:
            continue
        if keyword.arg in _CLICK_TEXTS:
            yield node.lineno, "_", text
        elif keyword.arg == "metavar":
            for placeholder in _PLACEHOLDER.findall(text):
                yield node.lineno, "_", placeholder
    argument = _literal(node.args[0]) if name == "argument" and node.args else None
    if argument and not any(k.arg == "metavar" for k in node.keywords):
        yield node.lineno, "_", argument.replace("-", "_").upper()


def _is_click_decorator(node: ast.expr) -> bool:
    """``@click.command(…)``, ``@group.command("x")``, ``@click.group``: a command's docstring is its help."""
    target = node.func if isinstance(node, ast.Call) else node
    return getattr(target, "attr", getattr(target, "id", "")) in ("command", "group")


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, Message, list[str]]]:
    """Babel extraction method (see ``babel.cfg``)."""
    encoding = options.get("encoding", "utf-8")
    for line, keyword, message in messages_in(fileobj.read().decode(encoding)):
        yield line, keyword, message, []


def package_messages(root: Path = PACKAGE) -> dict[Message, list[str]]:
    """Every translatable text of the package, with where it occurs (``path:line``)."""
    found: dict[Message, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        for line, _keyword, message in messages_in(path.read_text(encoding="utf-8")):
            found.setdefault(message, []).append(f"{path.relative_to(root.parent)}:{line}")
    return found
