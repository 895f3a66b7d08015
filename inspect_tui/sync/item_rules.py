"""What an answer's or a finding's item must be, for the record checks of ``validate_records``:
the items of an inspection's checklists, and the id an answer's inspection and item give it."""

from __future__ import annotations

import hashlib
import uuid
from functools import cache

from inspect_tui.checklists import load_template, template_ids
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.models import answer_id


@cache
def template_items(template_id: str) -> frozenset[str]:
    return frozenset(item.id for item in load_template(template_id).items)


@cache
def known_items() -> dict[str, Item]:
    """Every item of every checklist this version ships, by id (item ids start with their template's)."""
    return {item.id: item for template in template_ids() for item in load_template(template).items}


@cache
def items_of(templates: tuple[str, ...], known: frozenset[str]) -> frozenset[str] | None:
    """Every item id of the templates, or None when one is unknown (nothing to check against)."""
    if not templates or not all(t in known for t in templates):
        return None
    return frozenset().union(*(template_items(t) for t in templates))


_namespaces: dict[str, bytes] = {}


def derived_answer_id(inspection_id: str, item_id: str) -> str:
    """``models.answer_id`` without building two UUID objects per answer (same result)."""
    space = _namespaces.get(inspection_id)
    if space is None:
        try:
            space = uuid.UUID(inspection_id).bytes
        except ValueError:
            return answer_id(inspection_id, item_id)  # raises as the model would
        if len(_namespaces) > 100_000:
            _namespaces.clear()
        _namespaces[inspection_id] = space
    digest = bytearray(hashlib.sha1(space + item_id.encode(), usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
