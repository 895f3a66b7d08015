"""Dutch text of every interface string, keyed by its English text."""

from __future__ import annotations

DUTCH: dict[str, str] = {
}
