"""Where a BSN may stand in free text: nine digits, grouped by spaces, dots or dashes as people
write them. Looked for without ``re`` first: a command that prints text loads the pattern and the
11-proef's check (python-stdnum) only for a text that may hold such a number."""

from __future__ import annotations

from functools import cache

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing typing (type checkers read the name as it)."""
if TYPE_CHECKING:
    import re

_GROUPING = frozenset(" .-")


def may_hold_bsn(text: str | None) -> bool:
    """Whether text holds nine digits in a row once spaces, dots and dashes are left out (a superset
    of ``typed_bsn``'s matches: nearly every text is answered here, without ``re``)."""
    run = 0
    for char in text or "":
        if "0" <= char <= "9":
            run += 1
            if run >= 9:
                return True
        elif char not in _GROUPING:
            run = 0
    return False


@cache
def typed_bsn() -> re.Pattern[str]:
    """Nine digits in free text, grouped by spaces, dots or dashes as people write them."""
    import re

    return re.compile(r"(?<![\d.])(?<!\d-)\d(?:(?:\s?[.\-]\s?|\s)?\d){8}(?!\d|\s?[.\-]\s?\d)")
