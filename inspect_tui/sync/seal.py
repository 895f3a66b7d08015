"""Sealing occupants' personal fields to the central system's key, field by field.

A sealed field travels as ``record["sealed"][field] = base64(SealedBox(central).encrypt(json))``
with the plain field set to null, so a team lead can still review occupancy and findings while
only the central system can read BSNs, dates of birth, phone numbers and e-mail addresses.
Sealing happens when a version is made (``store.sealing``), so its revision id hashes the sealed form.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

from inspect_tui.i18n import _
from inspect_tui.store.sealing import has_personal_data, seal_record
from inspect_tui.sync.errors import KeyProblem

__all__ = ["has_personal_data", "seal_record", "unseal"]


def unseal(record: dict[str, Any], private_key: PrivateKey) -> dict[str, Any]:
    """A copy of the record with its sealed fields decrypted back into place (the central side)."""
    box = SealedBox(private_key)
    result = dict(record)
    for name, value in (record.get("sealed") or {}).items():
        try:
            result[name] = json.loads(box.decrypt(base64.b64decode(value, validate=True)))
        except (CryptoError, binascii.Error, ValueError):
            raise KeyProblem(
                _("cannot unseal {name}: it was sealed to another key or is damaged").format(name=name)
            ) from None
    result["sealed"] = None
    return result
