"""Where a BSN may stand in free text, as people write one: nine digits, grouped by spaces, dots,
dashes or slashes or not, or eight in a row (a BSN of eight digits passes the 11-proef too; eight
digits grouped are taken for a date, 01-02-2027). One rule for the reports, which print it masked,
and the central shares, which leave it out.

Looked for without ``re`` first: a command that prints text loads the pattern and the 11-proef's
check (python-stdnum) only for a text that may hold such a number."""

from __future__ import annotations

from functools import cache

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing typing (type checkers read the name as it)."""
if TYPE_CHECKING:
    import re

_GROUPING = frozenset(" .-/")


def may_hold_bsn(text: str | None) -> bool:
    """Whether text holds nine digits in a row once spaces, dots, dashes and slashes are left out,
    or eight in a row as they stand (a superset of ``typed_bsn``'s matches: nearly every text, a
    date among them, is answered here, without ``re``)."""
    grouped = plain = 0
    for char in text or "":
        if "0" <= char <= "9":
            grouped += 1
            plain += 1
            if grouped >= 9 or plain >= 8:
                return True
        else:
            plain = 0
            if char not in _GROUPING:
                grouped = 0
    return False


@cache
def typed_bsn() -> re.Pattern[str]:
    """A number written as a BSN may be (see the module); whether it is one, the 11-proef says."""
    import re

    return re.compile(r"(?<![\d./])(?<!\d-)(?:\d(?:(?:\s*[.\-]\s*|/|\s+)?\d){8}|\d{8})(?!\d|\s*[.\-]\s*\d|/\d)")


def masked_bsns(text: str) -> str:
    """Text with a BSN typed into it shown as the occupant list shows one (●●●●●●333); a text that
    cannot hold one, nearly every text, is returned without loading ``re`` or the 11-proef."""
    if not may_hold_bsn(text):
        return text
    from inspect_tui.domain.identifiers import mask_bsns

    return mask_bsns(text) or text
