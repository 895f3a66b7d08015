"""A site's address as one line, from its parts (no pydantic: the findings export and the quick
command path build it straight from the stored columns; ``Site.address_line`` uses the same)."""

from __future__ import annotations


def address_line(
    street: str | None,
    house_number: int | None,
    house_letter: str | None,
    house_addition: str | None,
    postcode: str | None,
    city: str | None,
    country: str,
) -> str:
    """Address written the Dutch way: "Straat 12A-2, 1234 AB PLAATS"."""
    number = ""
    if house_number is not None:
        number = f"{house_number}{house_letter or ''}"
        if house_addition:
            number += f"-{house_addition}"
    first = " ".join(p for p in (street, number) if p)
    second = "  ".join(p for p in (postcode, (city or "").upper()) if p)
    if country != "NL":
        second = f"{second} ({country})".strip()
    return ", ".join(p for p in (first, second) if p)
