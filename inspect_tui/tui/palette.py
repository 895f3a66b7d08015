"""The theme's colours in Rich's terms, for the cells the screens colour (``InspectApp.palette``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping


def rich_colour(value: str) -> str:
    """A Textual CSS colour ("ansi_red", "#ff0000", "ansi_default 50%") as a colour Rich can parse ("" if none)."""
    from textual.color import Color, ColorParseError

    first = value.split()[0] if value.split() else ""
    try:
        colour = Color.parse(first)
    except ColorParseError:
        return ""
    if colour.ansi == -1:
        return "default"
    return str(colour.rich_color.name)


def rich_palette(variables: dict[str, str]) -> dict[str, str]:
    """The theme's CSS variables that are colours, in Rich's terms."""
    return {name: rich_colour(value) for name, value in variables.items()}


class LazyPalette(Mapping[str, str]):
    """rich_palette of the theme's variables, each translated when first asked for.

    A screen asks for a few colours; translating all of them (some are not colours, and
    Textual looks for a suggestion on each of those) cost start-up about 10 ms.
    """

    def __init__(self, variables: dict[str, str]) -> None:
        self._variables = variables
        self._colours: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = rich_colour(self._variables[name])
        return colour

    def __iter__(self) -> Iterator[str]:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)
