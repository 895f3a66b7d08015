"""Sealing occupants' personal fields to the central system's key, field by field.

A sealed field travels as ``record["sealed"][field] = base64(SealedBox(central).encrypt(json))``
with the plain field set to null, so a team lead can still review occupancy and findings while
only the central system can read BSNs, dates of birth, phone numbers and e-mail addresses.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from inspect_tui.domain.models import SEALABLE_FIELDS
from inspect_tui.sync.errors import KeyProblem


def has_personal_data(record: dict[str, Any]) -> bool:
    """The occupant record carries at least one sealable field in plain text."""
    return any(record.get(name) is not None for name in SEALABLE_FIELDS)


def seal_record(record: dict[str, Any], central: PublicKey) -> dict[str, Any]:
    """A copy of an occupant record with every plain personal field sealed to central.

    Fields that were sealed already (the record came sealed from elsewhere) stay as they are.
    """
    box = SealedBox(central)
    sealed: dict[str, str] = dict(record.get("sealed") or {})
    result = dict(record)
    for name in SEALABLE_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        plain = json.dumps(value, ensure_ascii=False).encode()
        sealed[name] = base64.b64encode(box.encrypt(plain)).decode("ascii")
        result[name] = None
    result["sealed"] = sealed or None
    return result


def unseal(record: dict[str, Any], private_key: PrivateKey) -> dict[str, Any]:
    """A copy of the record with its sealed fields decrypted back into place (the central side)."""
    box = SealedBox(private_key)
    result = dict(record)
    for name, value in (record.get("sealed") or {}).items():
        try:
            result[name] = json.loads(box.decrypt(base64.b64decode(value, validate=True)))
        except (CryptoError, binascii.Error, ValueError):
            raise KeyProblem(f"cannot unseal {name}: it was sealed to another key or is damaged") from None
    result["sealed"] = None
    return result
