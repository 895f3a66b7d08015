"""The gettext template is the code's texts, and the Dutch catalog is the template translated.

Run after a change of texts (README, "How to add a language"): the extract command, then
``pybabel update -N`` with the template, then ``pybabel compile``. Texts no code uses any more
become obsolete (``#~``) and leave the catalog's active entries.
"""

from __future__ import annotations

from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from inspect_tui import i18n
from inspect_tui.i18n.extract import package_messages

POT = i18n.LOCALE_DIR / "inspect_tui.pot"
PO = i18n.LOCALE_DIR / "nl" / "LC_MESSAGES" / "inspect_tui.po"
HOW = "regenerate the template and update the catalog (README: How to add a language)"


def _read(path: Any) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def test_the_template_holds_exactly_the_texts_of_the_code() -> None:
    code = set(package_messages())
    assert len(code) > 1000  # the walk sees the code
    template = {m.id for m in _read(POT) if m.id}
    assert sorted(map(str, template - code)) == [], HOW + ": the template has texts no code uses"
    assert sorted(map(str, code - template)) == [], HOW + ": the template lacks texts of the code"


def test_the_dutch_catalog_is_the_template_every_text_translated_none_fuzzy() -> None:
    template = {m.id for m in _read(POT) if m.id}
    catalog = _read(PO)
    entries = {m.id: m for m in catalog if m.id}
    assert sorted(map(str, set(entries) - template)) == [], HOW + ": the catalog has texts no code uses"
    assert sorted(map(str, template - set(entries))) == [], HOW + ": the catalog lacks texts of the template"
    for msgid, message in entries.items():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert isinstance(msgid, tuple) == isinstance(message.string, tuple), msgid
        assert len(forms) == (2 if isinstance(msgid, tuple) else 1) and all(forms), f"untranslated: {msgid}"
        assert not message.fuzzy, f"fuzzy: {msgid}"


def test_each_text_once_in_the_catalog() -> None:
    """*.po files merge by union: two branches adding or moving one text would leave it twice, and
    reading the catalog keeps only one of them silently."""
    lines = PO.read_text(encoding="utf-8").splitlines()
    catalog = _read(PO)
    active = sum(1 for line in lines if line.startswith("msgid "))
    obsolete = sum(1 for line in lines if line.startswith("#~ msgid "))
    assert (active, obsolete) == (len(list(catalog)), len(catalog.obsolete)), "a text is in the catalog twice"
