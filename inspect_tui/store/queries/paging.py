"""Keyset pagination: each page starts after the sort key of the last row of the previous page.

So page 1,000 costs what page 1 costs and no widget ever holds every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

PAGE_SIZE = 100
"""Rows read per page."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows and the key to continue after it (None when there is no more)."""

    rows: list[T]
    next_key: tuple[str, str] | None


def like_pattern(search: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') matching text that contains search."""
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def page_of(rows: list[T], keys: list[tuple[str, str]], limit: int) -> Page[T]:
    """The first limit rows, and the key of the last of them when more were read."""
    if len(rows) > limit:
        return Page(rows[:limit], keys[limit - 1])
    return Page(rows, None)
