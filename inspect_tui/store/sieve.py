"""A set in a few bits per member that may say "perhaps" but never misses one (a Bloom filter).

A large import asks, for every revision, whether the store or the import's scratch holds its id
or its record already. When nothing can be there but what the import itself wrote, a sieve of
what it wrote answers most of those questions without a look-up at a random place of a B-tree
(those grow with the bundle: past the page cache, each one reads a page from the file); only
what the sieve lets through is looked up.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

BITS_PER_MEMBER = 16
"""With two probes: about 1.5 % of those not there are let through; 2 MB per million members."""
SIEVE_MOST = 4_000_000
"""Most members an import's sieves are sized for (8 MB each); past that they are full, dropped, and
everything is looked up again."""


class Sieve:
    """Members added with ``add_all``; ``among`` leaves out only what was never added.

    Sized for capacity members: past it the sieve is ``full`` and lets more through; the
    caller then stops relying on it (nothing is ever missed, only more is looked up)."""

    __slots__ = ("_bits", "_size", "capacity", "count")

    def __init__(self, capacity: int) -> None:
        self.capacity = max(int(capacity), 1)
        self._size = BITS_PER_MEMBER * self.capacity
        self._bits = bytearray(self._size // 8 + 1)
        self.count = 0

    @property
    def full(self) -> bool:
        return self.count > self.capacity

    def add_all(self, keys: Iterable[Hashable]) -> None:
        bits, size = self._bits, self._size
        added = 0
        for key in keys:
            value = hash(key)
            first, second = value % size, (value >> 32) % size
            bits[first >> 3] |= 1 << (first & 7)
            bits[second >> 3] |= 1 << (second & 7)
            added += 1
        self.count += added

    def among(self, keys: Iterable[K]) -> list[K]:
        """Those of keys that may have been added (all that were, about 1.5 % of the others)."""
        bits, size = self._bits, self._size
        found = []
        for key in keys:
            value = hash(key)
            first = value % size
            if (bits[first >> 3] >> (first & 7)) & 1:
                second = (value >> 32) % size
                if (bits[second >> 3] >> (second & 7)) & 1:
                    found.append(key)
        return found

    def __contains__(self, key: Hashable) -> bool:
        return bool(self.among((key,)))


class Written:
    """What one transaction wrote into a store that held no revision and no record before it: the
    revision ids, the records it wrote revisions of, the records it gave a row (in a new database
    nothing else can be there). Sized for expected revisions (at most ``SIEVE_MOST``); ``full`` once
    more were written, and the caller then drops it."""

    __slots__ = ("records", "revs", "rows")

    def __init__(self, expected: int) -> None:
        capacity = min(expected, SIEVE_MOST)
        self.revs, self.records, self.rows = Sieve(capacity), Sieve(capacity), Sieve(capacity)

    @property
    def full(self) -> bool:
        return self.revs.full or self.records.full or self.rows.full
