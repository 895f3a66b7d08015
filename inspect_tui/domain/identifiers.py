"""Dutch identifiers and address parts: validation and display.

All rules come from NORMS.md (section "Identifiers and addresses").
"""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from inspect_tui.domain.bsn_text import may_hold_bsn, typed_bsn
from inspect_tui.i18n import _

_KVK = re.compile(r"^[0-9]{8}$")
_HOUSE_LETTER = re.compile(r"^[A-Za-z]$")
_ADDITION = re.compile(r"^[A-Za-z0-9]{1,4}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,19}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def normalise_bsn(value: str) -> str:
    """Return the 9-digit BSN or raise ValueError saying which rule failed."""
    digits = re.sub(r"[\s.-]", "", value)
    if not digits.isdigit() or len(digits) not in (8, 9):
        raise ValueError(_("a BSN has 9 digits (8-digit numbers get a leading 0)"))
    digits = digits.zfill(9)
    try:
        return str(stdnum_bsn.validate(digits))
    except StdnumError:
        raise ValueError(_("{bsn} fails the 11-proef; check the digits").format(bsn=mask_bsn(digits))) from None


def mask_bsn(value: str | None) -> str:
    """Show a BSN as ●●●●●●333: only the last three digits stay visible."""
    if not value:
        return ""
    return "●" * (len(value) - 3) + value[-3:]


def mask_bsns(text: str | None) -> str | None:
    """Free text with every number in it that passes the 11-proef shown as a BSN is (●●●●●●333):
    a BSN typed into a description is printed as the occupant list prints one."""
    if not may_hold_bsn(text):
        return text
    assert text is not None

    def masked(found: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", found.group(0))
        return mask_bsn(digits) if stdnum_bsn.is_valid(digits) else found.group(0)

    return typed_bsn().sub(masked, text)


def normalise_postcode(value: str) -> str:
    """Return a Dutch postcode written as "1234 AB" or raise ValueError."""
    compact = value.strip().upper().replace(" ", "")
    if not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
        raise ValueError(_("a postcode is four digits (not starting with 0) and two letters, e.g. 1234 AB"))
    if compact[4:] in {"SA", "SD", "SS"}:
        raise ValueError(_("postcode letters {letters} are never used; check the postcode").format(letters=compact[4:]))
    try:
        stdnum_postcode.validate(compact)
    except StdnumError:
        raise ValueError(_("{value} is not a valid Dutch postcode").format(value=repr(value))) from None
    return f"{compact[:4]} {compact[4:]}"


def normalise_kvk(value: str) -> str:
    """Return an 8-digit KvK number or raise ValueError."""
    compact = value.strip().replace(" ", "")
    if not _KVK.fullmatch(compact):
        raise ValueError(_("a KvK number has 8 digits"))
    return compact


def check_house_letter(value: str) -> str:
    if not _HOUSE_LETTER.fullmatch(value):
        raise ValueError(_("a house letter is a single letter, e.g. A"))
    return value.upper()


def check_addition(value: str) -> str:
    if not _ADDITION.fullmatch(value):
        raise ValueError(_("a house number addition is 1 to 4 letters or digits"))
    return value.upper()


def check_phone(value: str) -> str:
    if not _PHONE.fullmatch(value.strip()):
        raise ValueError(_("a phone number has 6 to 20 digits, optionally starting with +"))
    return value.strip()


def check_email(value: str) -> str:
    if not _EMAIL.fullmatch(value.strip()):
        raise ValueError(_("an e-mail address looks like name@example.nl"))
    return value.strip()


def check_country(value: str) -> str:
    code = value.strip().upper()
    if not _COUNTRY.fullmatch(code):
        raise ValueError(_("a country is a two-letter ISO code, e.g. DE"))
    return code
