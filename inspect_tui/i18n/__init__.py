"""Translated text for every part of the product (the TUI, the CLI and the reports).

Strings are written in English in the code and looked up with ``_("…")`` or, when they
depend on a count, ``ngettext("{n} finding", "{n} findings", n)``. The Dutch text lives in
a gettext catalog in the package (``locale/nl/LC_MESSAGES/inspect_tui.po``, compiled to
``.mo`` next to it). Nothing here imports Textual, and nothing a command that only prints
English text does not need (gettext, pathlib, zoneinfo, typing: see ``inspect_tui.quick``); the
Dutch catalog is read as it is asked (``i18n.catalog``).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import cache

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing typing (type checkers read the name as it)."""
if TYPE_CHECKING:
    import gettext
    from collections.abc import Iterator
    from pathlib import Path
    from zoneinfo import ZoneInfo

    LOCALE_DIR: Path
    """The catalogs' folder (``locale`` beside this module), made on first use."""
    AMSTERDAM: ZoneInfo
    """``i18n.zone.AMSTERDAM``, loaded on first use."""

DOMAIN = "inspect_tui"
_LOCALE_FOLDER = os.path.join(os.path.dirname(__file__), "locale")
LANGUAGES = ("en", "nl")
"""Languages of the interface; English is the language of the code."""

_current = "en"


def detect_language(environ: dict[str, str] | None = None) -> str:
    """The language from the locale (LC_ALL, LC_MESSAGES, LANG): Dutch for nl_*, any other language
    of ``LANGUAGES`` for its own code (de_DE → de), else English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value[:2].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def set_language(lang: str | None) -> str:
    """Choose the interface language (None: from the locale); returns the language chosen."""
    global _current
    chosen = lang if lang in LANGUAGES else detect_language()
    _current = chosen
    return chosen


def language() -> str:
    """The interface language in use."""
    return _current


@contextmanager
def using(lang: str) -> Iterator[str]:
    """Use another language for a while (a report in Dutch from an English session). A generator,
    so that a ``using`` left open (a command's context never closed) still sets the language back
    when it is collected."""
    previous = _current
    chosen = set_language(lang)
    try:
        yield chosen
    finally:
        set_language(previous)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (English: the texts of the code itself)."""
    import gettext  # on first use: English output never loads it

    if lang == "en":
        return gettext.NullTranslations()
    compiled = os.path.join(_LOCALE_FOLDER, lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    if os.path.isfile(compiled) and lang in LANGUAGES:
        from inspect_tui.i18n.catalog import Catalog  # read as asked: a command shows a few texts of 1,800

        return Catalog(compiled)
    return gettext.translation(DOMAIN, localedir=_LOCALE_FOLDER, languages=[lang])


def _(text: str) -> str:
    """The text in the interface language."""
    if _current == "en" or not text:
        return text
    return translations(_current).gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural text for ``n``, by the plural rule of the interface language."""
    if _current == "en":  # what gettext.NullTranslations answers, without loading gettext
        return singular if n == 1 else plural
    return translations(_current).ngettext(singular, plural, n)


def N_(text: str) -> str:
    """Mark a text for extraction without translating it now (translated where it is shown)."""
    return text


def pick(english: str, dutch: str) -> str:
    """Choose between two texts that come with their own translation (checklist data)."""
    return dutch if _current == "nl" else english


from inspect_tui.i18n.formatting import (  # noqa: E402 - the formatting helpers use language()
    date_input,
    format_date,
    format_datetime,
    format_figure,
    format_number,
    format_time,
    localise_figures,
    no_such_day,
    parse_date,
)


def __getattr__(name: str) -> object:
    """``LOCALE_DIR`` and ``AMSTERDAM``, made on first use (pathlib and zoneinfo are loaded then)."""
    if name == "LOCALE_DIR":
        from pathlib import Path

        return Path(_LOCALE_FOLDER)
    if name == "AMSTERDAM":
        from inspect_tui.i18n.zone import AMSTERDAM

        return AMSTERDAM
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


UNIT_WORDS = {
    "persons": N_("persons"),
    "bedrooms": N_("bedrooms"),
    "beds": N_("beds"),
    "burners": N_("burners"),
    "showers": N_("showers"),
    "sockets": N_("sockets"),
    "toilets": N_("toilets"),
    "p/bedroom": N_("p/bedroom"),
    "p/toilet": N_("p/toilet"),
    "p/shower": N_("p/shower"),
    "sockets/p": N_("sockets/p"),
}
"""Units of checklist answers that are words (``m²`` and ``l`` are the same in every language)."""


ONE_UNIT_WORDS = {
    "persons": N_("person"),
    "bedrooms": N_("bedroom"),
    "beds": N_("bed"),
    "burners": N_("burner"),
    "showers": N_("shower"),
    "sockets": N_("socket"),
    "toilets": N_("toilet"),
}
"""The units that are words, for exactly one (``1 shower``, ``1 douche``)."""


def unit_word(unit: str | None, count: float | None = None) -> str:
    """The unit of an answer in the interface language: ``persons`` → ``personen``; singular
    after a ``count`` of exactly one (``1 douche``, not ``1 douches``)."""
    if not unit:
        return ""
    english = ONE_UNIT_WORDS.get(unit) if count == 1 else None
    english = english or UNIT_WORDS.get(unit)
    return _(english) if english else unit


__all__ = [
    "AMSTERDAM",
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "_",
    "date_input",
    "detect_language",
    "format_date",
    "format_datetime",
    "format_figure",
    "format_number",
    "format_time",
    "language",
    "localise_figures",
    "ngettext",
    "no_such_day",
    "parse_date",
    "pick",
    "set_language",
    "translations",
    "unit_word",
    "using",
]
