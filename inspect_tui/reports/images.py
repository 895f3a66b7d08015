"""Photos made ready for print: decoded once, reduced to what a page can show, as JPEG.

A photo is shown about 6 cm wide; a camera's 4000×3000 pixels would cost the PDF a full
decode and a re-compression for nothing. So a picture is reduced by a whole factor to
roughly ``TARGET_PIXELS`` on its long side (JPEGs are decoded at that scale directly) and
stored as JPEG, which the PDF embeds without recompressing. A JPEG that is small enough is
embedded untouched. Each distinct photo (by SHA-256) is prepared once per report.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

TARGET_PIXELS = 600
"""Aimed-for long side of an embedded picture: about 250 dpi at the size a report prints it."""

KEEP_PIXELS = 900
"""A JPEG whose long side is at most this is embedded as it is."""


@dataclass(frozen=True)
class PreparedImage:
    """A picture ready to embed: JPEG bytes and its size in pixels."""

    data: bytes
    width: int
    height: int

    @property
    def aspect(self) -> float:
        """Height over width."""
        return self.height / self.width if self.width else 1.0


def prepare_image(data: bytes) -> PreparedImage | None:
    """Reduce and convert a photo for embedding; None when the bytes are not a readable picture."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format == "JPEG":
                if max(image.size) <= KEEP_PIXELS and image.mode in ("RGB", "L"):
                    return PreparedImage(data, *image.size)
                # Let the JPEG decoder skip detail: it decodes at 1/2, 1/4 or 1/8 scale.
                smallest = TARGET_PIXELS * 2 // 3
                image.draft("RGB", (smallest, smallest))
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return None
    if image.mode not in ("RGB", "L"):
        image = _flatten(image)
    factor = round(max(image.size) / TARGET_PIXELS)
    if factor >= 2:
        image = image.reduce(factor)  # a box filter over whole blocks: fast and clean
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return PreparedImage(out.getvalue(), *image.size)


def _flatten(image: Image.Image) -> Image.Image:
    """An RGB picture; transparent parts become white (JPEG has no transparency)."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
