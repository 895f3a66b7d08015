"""A compiled catalog (``.mo``) read as it is asked: gettext's answers without parsing it whole.

``gettext.GNUTranslations`` decodes all 1,800 messages of the Dutch catalog when it opens it
(about 3 ms of CPU), which every Dutch command paid however few texts it shows. ``Catalog``
reads the file once, indexes its original strings as bytes (one pass in C) and decodes a
translation when it is first asked for. ``gettext`` and ``ngettext`` answer as GNUTranslations
does (the header's charset and plural rule included; a test compares every message); anything
else (``_catalog``, ``pgettext``, ``npgettext`` …) is answered by a GNUTranslations made on
first use. Unlike GNUTranslations it does not check every message of a damaged file when it
opens it (the catalog is the package's own, compiled by pybabel).
"""

from __future__ import annotations

import struct
from gettext import GNUTranslations, NullTranslations, c2py

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing typing (type checkers read the name as it)."""
if TYPE_CHECKING:
    from collections.abc import Callable

_ORDER = {0x950412DE: "<", 0xDE120495: ">"}
"""The .mo magic number read little-endian: the byte order of the file's integers."""


def _germanic(n: int) -> int:
    """GNUTranslations' plural rule until a catalog's header names one."""
    return int(n != 1)


class Catalog(NullTranslations):
    """The translations of one compiled catalog, decoded on first use (see the module docstring)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        with open(path, "rb") as handle:
            data = handle.read()
        self._path = path
        self._data = data
        order = _ORDER.get(struct.unpack("<I", data[:4])[0]) if len(data) >= 20 else None
        if order is None:
            raise OSError(0, "Bad magic number", path)
        version, count, originals, translations = struct.unpack(f"{order}4I", data[4:20])
        if version >> 16 not in (0, 1):
            raise OSError(0, "Bad version number " + str(version >> 16), path)
        self._pair = f"{order}2I"
        self._translations = translations
        entries = struct.iter_unpack(self._pair, data[originals : originals + 8 * count])
        self._plain = {data[offset : offset + length]: number for number, (length, offset) in enumerate(entries)}
        # A plural entry's original is "singular\0plural": GNUTranslations finds it by the singular.
        self._plurals = {key.split(b"\0", 1)[0]: self._plain[key] for key in [k for k in self._plain if b"\0" in k]}
        self._found: dict[str, str | None] = {}
        self._forms: dict[str, list[str] | None] = {}
        self._full: GNUTranslations | None = None
        self.plural: Callable[[int], int] = _germanic
        self._info: dict[str, str] = {}
        self._charset: str | None = None
        header = self._plain.get(b"")
        if header is not None:
            self._read_header(self._raw(header))

    def _raw(self, number: int) -> bytes:
        length, offset = struct.unpack_from(self._pair, self._data, self._translations + 8 * number)
        return self._data[offset : offset + length]

    def _read_header(self, text: bytes) -> None:
        """The catalog's description, read as GNUTranslations reads it (charset, plural rule)."""
        last = None
        for line in text.split(b"\n"):
            item = line.decode().strip()
            if not item or (item.startswith("#-#-#-#-#") and item.endswith("#-#-#-#-#")):
                continue
            key = value = None
            if ":" in item:
                key, value = item.split(":", 1)
                key, value = key.strip().lower(), value.strip()
                self._info[key] = value
                last = key
            elif last:
                self._info[last] += "\n" + item
            if key == "content-type" and value is not None:
                self._charset = value.split("charset=")[1]
            elif key == "plural-forms" and value is not None:
                self.plural = c2py(value.split(";")[1].split("plural=")[1])

    def _key(self, message: str) -> bytes | None:
        """The message as the catalog's bytes; None when the catalog cannot hold it."""
        try:
            return message.encode(self._charset or "ascii")
        except UnicodeEncodeError:
            return None

    def _forms_of(self, singular: str) -> list[str] | None:
        """The translated forms of the plural entry for singular, or None."""
        if singular not in self._forms:
            key = self._key(singular)
            number = None if key is None else self._plurals.get(key)
            charset = self._charset or "ascii"
            self._forms[singular] = (
                None if number is None else [str(form, charset) for form in self._raw(number).split(b"\0")]
            )
        return self._forms[singular]

    def _form(self, singular: str, n: int) -> str | None:
        forms = self._forms_of(singular)
        plural = self.plural(n)
        return forms[plural] if forms is not None and 0 <= plural < len(forms) else None

    def gettext(self, message: str) -> str:
        """``GNUTranslations.gettext``: the translation, else the plural entry's form for 1, else message."""
        if message not in self._found:
            key = self._key(message)
            number = None if key is None or b"\0" in key else self._plain.get(key)
            if number is not None:
                self._found[message] = str(self._raw(number), self._charset or "ascii")
            else:
                self._found[message] = self._form(message, 1)
        found = self._found[message]
        return message if found is None else found

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """``GNUTranslations.ngettext``: the form of the language's plural rule for n."""
        found = self._form(msgid1, n)
        if found is not None:
            return found
        return msgid1 if n == 1 else msgid2

    def full(self) -> GNUTranslations:
        """The catalog parsed whole by gettext (for what this class does not answer itself)."""
        if self._full is None:
            with open(self._path, "rb") as handle:
                self._full = GNUTranslations(handle)
        return self._full

    def __getattr__(self, name: str) -> object:
        """``_catalog`` and the rest of GNUTranslations, from the catalog parsed whole."""
        if name.startswith("__") or name in ("_full", "_path"):
            raise AttributeError(name)
        return getattr(self.full(), name)

    def pgettext(self, context: str, message: str) -> str:
        return self.full().pgettext(context, message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.full().npgettext(context, msgid1, msgid2, n)
