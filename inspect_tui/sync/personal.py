"""Personal data in a bundle: the Personal-Data label checked against what the lines carry.

bag-info.txt says ``Personal-Data: sealed`` when occupants' BSN, date of birth, phone and e-mail
were sealed to the central key. A bundle so labelled that carries any of them in plain text is
refused: the label would make a receiver (or a person reading ``verify``) believe the data is
protected when it is not.
"""

from __future__ import annotations

from inspect_tui.domain.models import SEALABLE_FIELDS
from inspect_tui.i18n import ngettext
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.reader import BundleInfo, Line


def plain_personal_lines(lines: list[Line]) -> list[Line]:
    """Occupant lines that carry a personal field in plain text."""
    found = []
    for line in lines:
        rev = line.revision
        data = rev.data if rev.entity == "occupants" else None
        if data is not None and any(data.get(name) is not None for name in SEALABLE_FIELDS):
            found.append(line)
    return found


def check_personal_label(label: str, info: BundleInfo, lines: list[Line]) -> list[Line]:
    """The lines with plain personal data; refuses the bundle when its label says sealed."""
    plain = plain_personal_lines(lines)
    if info.sealed and plain:
        first = plain[0]
        fields = [n for n in SEALABLE_FIELDS if first.revision.data and first.revision.data.get(n) is not None]
        raise BundleError(
            ngettext(
                "bag-info.txt says Personal-Data: sealed, but occupant {id} carries {fields} unencrypted "
                "({n} line in all)",
                "bag-info.txt says Personal-Data: sealed, but occupant {id} carries {fields} unencrypted "
                "({n} lines in all)",
                len(plain),
            ).format(id=first.revision.record_id, fields=", ".join(fields), n=len(plain)),
            source=label,
            member=first.member,
            line=first.number,
        )
    return plain
