"""Translated text for every part of the product (the TUI, the CLI and the reports).

Strings are written in English in the code and looked up with ``_("…")`` or, when they
depend on a count, ``ngettext("{n} finding", "{n} findings", n)``. The Dutch text lives in
a gettext catalog in the package (``locale/nl/LC_MESSAGES/inspect_tui.po``, compiled to
``.mo`` next to it). Nothing here imports Textual.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

DOMAIN = "inspect_tui"
LOCALE_DIR = Path(__file__).with_name("locale")
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
    """Use another language for a while (a report in Dutch from an English session)."""
    previous = _current
    chosen = set_language(lang)
    try:
        yield chosen
    finally:
        set_language(previous)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (English: the texts of the code itself)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


def _(text: str) -> str:
    """The text in the interface language."""
    if _current == "en" or not text:
        return text
    return translations(_current).gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural text for ``n``, by the plural rule of the interface language."""
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
    parse_date,
)
from inspect_tui.i18n.zone import AMSTERDAM  # noqa: E402

UNIT_WORDS = {
    "persons": N_("persons"),
    "bedrooms": N_("bedrooms"),
    "beds": N_("beds"),
    "burners": N_("burners"),
    "showers": N_("showers"),
    "sockets": N_("sockets"),
    "toilets": N_("toilets"),
    "p/bedroom": N_("p/bedroom"),
}
"""Units of checklist answers that are words (``m²`` and ``l`` are the same in every language)."""


def unit_word(unit: str | None) -> str:
    """The unit of an answer in the interface language: ``persons`` → ``personen``."""
    if not unit:
        return ""
    english = UNIT_WORDS.get(unit)
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
    "parse_date",
    "pick",
    "set_language",
    "translations",
    "unit_word",
    "using",
]
