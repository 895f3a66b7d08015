"""The sample's deterministic ingredients: its seed and week, BSNs, photos, made-up people."""

from __future__ import annotations

import datetime as dt
import random
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

SEED = 20261116
"""Seed of the record ids and of every random choice."""
DEVICE_ID = "5a3b1e00-2026-4b16-9a3e-00000000d3e0"
"""The sample database's fixed device id."""
WEEK = dt.date(2026, 11, 16)
"""Monday of the sample's working week."""
TEAM_LEAD = "M. Bakker"
"""The team lead who reviews the inspections."""


def sample_bsns(start: int = 999_990_000) -> Iterator[str]:
    """BSNs from the BRP test block 99999xxxx that pass the 11-proef, in ascending order."""
    for number in range(start, 1_000_000_000):
        digits = f"{number:09d}"
        total = sum((9 - i) * int(d) for i, d in enumerate(digits[:8])) - int(digits[8])
        if total > 0 and total % 11 == 0:
            yield digits


def png_bytes(width: int, height: int, seed: int) -> bytes:
    """A small RGB PNG with a seeded pattern; the same arguments always give the same bytes.

    The image data is written in stored (uncompressed) deflate blocks so the bytes do not
    depend on the zlib build.
    """
    rng = random.Random(seed)
    base = [rng.randrange(60, 200) for _ in range(3)]
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter type: none
        for x in range(width):
            shade = (x * 5 + y * 3 + (8 if (x // 4 + y // 4) % 2 else 0)) % 48
            raw.extend(min(255, channel + shade) for channel in base)
    stream = bytearray(b"\x78\x01")
    for offset in range(0, len(raw), 65535):
        block = bytes(raw[offset : offset + 65535])
        final = 1 if offset + 65535 >= len(raw) else 0
        stream += struct.pack("<BHH", final, len(block), len(block) ^ 0xFFFF) + block
    stream += struct.pack(">I", zlib.adler32(bytes(raw)))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", bytes(stream)) + chunk(b"IEND", b"")


PEOPLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "PL": (
        ("Marek", "Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł"),
        ("Kowalski", "Nowak", "Wiśniewska", "Wójcik", "Lewandowski", "Zielińska"),
    ),
    "RO": (
        ("Ion", "Maria", "Andrei", "Elena", "Mihai", "Ioana"),
        ("Popescu", "Ionescu", "Dumitru", "Stan", "Constantin"),
    ),
    "BG": (("Georgi", "Ivana", "Dimitar", "Petya"), ("Ivanov", "Georgieva", "Dimitrov", "Petrova")),
    "LT": (("Tomas", "Rūta", "Mindaugas", "Aistė"), ("Kazlauskas", "Jankauskienė", "Petrauskas")),
    "PT": (("João", "Ana", "Miguel", "Inês"), ("Silva", "Santos", "Ferreira", "Pereira")),
    "HU": (("László", "Eszter", "Gábor"), ("Nagy", "Kovács", "Tóth")),
    "LV": (("Jānis", "Līga"), ("Bērziņš", "Kalniņa")),
}
MARKERS = ("Test", "Demo", "Proef")


@dataclass(frozen=True)
class Fail:
    """A finding to record when an item fails: what the inspector wrote, and where."""

    description: str
    unit: str | None = None
    partner: str | None = None


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in the sample week: day 0 is Monday 2026-11-16 (negative days go back)."""
    return dt.datetime.combine(WEEK + dt.timedelta(days=day), dt.time(hour, minute))


def ascii_handle(text: str) -> str:
    """A made-up e-mail handle from a name: letters without accents."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain if c.isalnum() or c in ".-")
