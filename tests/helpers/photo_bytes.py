"""Real photo bytes for tests: attachments are sniffed, so fake headers no longer pass."""

from __future__ import annotations

import io
import random

from PIL import Image


def jpeg_bytes(width: int = 64, height: int = 48, seed: int = 1) -> bytes:
    """A small JPEG of deterministic noise (noise keeps it from compressing to nothing)."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (width, height), bytes(rng.randrange(256) for _ in range(width * height * 3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def png_bytes(width: int = 8, height: int = 6, seed: int = 1) -> bytes:
    """A small PNG of deterministic noise."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (width, height), bytes(rng.randrange(256) for _ in range(width * height * 3)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
