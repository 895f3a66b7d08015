"""A footer that shows only whole keys: the screen's first keys that fit, and always F1 and quit.

Textual's footer lets keys run off the right edge ("r Dag beoo▏"). This one measures each key
and leaves out the ones that do not fit whole; every key stays in the key map (F1) and the
command palette. Screens list their bindings most important first.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS = frozenset({"app.keymap", "keymap", "app.quit", "quit"})
"""Actions shown whatever the width: the key map (where every other key is) and quit."""

WIDE = 100
"""From this width on the footer also shows the command palette's key."""

# A screen may set FOOTER_FIRST (a tuple of actions) to put its most important keys first.


def key_width(key_display: str, description: str) -> int:
    """Cells a footer key takes: " key " then "description "."""
    return len(key_display) + 2 + (len(description) + 1 if description else 0)


class FitFooter(Footer):
    """The keys of the screen that fit the width whole, most important (first bound) first.

    The keys are built again only when what they show changes (focus moves and resizes often
    leave them as they are): each new key is a widget to style and lay out.
    """

    _shown: tuple[object, ...] | None = None
    """What the keys on screen show (see _choose), to know when to build them again."""

    def on_resize(self) -> None:
        if self._bindings_ready:
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        if self.is_attached and self._bindings_ready and self._signature(self._choose()) == self._shown:
            return
        await super().recompose()

    def _choose(self) -> tuple[list[tuple[Binding, bool, str]], tuple[Binding, bool, str] | None]:
        """The keys that fit, in their order, and the command palette's key (or None)."""
        active = self.screen.active_bindings
        shown: dict[str, tuple[Binding, bool, str]] = {}
        first = getattr(self.screen, "FOOTER_FIRST", ())
        for _node, binding, enabled, tooltip in sorted(
            active.values(), key=lambda b: first.index(b.binding.action) if b.binding.action in first else len(first)
        ):
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        width = self.size.width or self.app.size.width
        palette: tuple[Binding, bool, str] | None = None
        # Below 100 columns the screen's own keys come first; ctrl+p is in the key map (F1).
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and width >= WIDE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                palette = (found.binding, found.enabled, found.binding.tooltip or found.binding.description)
                shown.pop(found.binding.action, None)
        room = width - (key_width(self.app.get_key_display(palette[0]), palette[0].description) + 2 if palette else 0)

        def cost(item: tuple[Binding, bool, str]) -> int:
            return key_width(self.app.get_key_display(item[0]), item[0].description)

        chosen = {action for action in shown if action in ALWAYS}
        room -= sum(cost(shown[action]) for action in chosen)
        for action, item in shown.items():
            if action in chosen:
                continue
            need = cost(item)
            if need <= room:
                chosen.add(action)
                room -= need
            else:
                room = -1  # keep the order: no smaller key after a skipped one
        return [item for action, item in shown.items() if action in chosen], palette

    def _signature(
        self, choice: tuple[list[tuple[Binding, bool, str]], tuple[Binding, bool, str] | None]
    ) -> tuple[object, ...]:
        keys, palette = choice
        shown = [
            (binding.key, self.app.get_key_display(binding), binding.description, binding.action, enabled, tooltip)
            for binding, enabled, tooltip in [*keys, *([palette] if palette else [])]
        ]
        return (*shown, palette is not None, self.compact)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = self._choose()
        self._shown = self._signature((keys, palette))
        for binding, enabled, tooltip in keys:
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-compact" if self.compact else "",
                disabled=not enabled,
                tooltip=tooltip,
            )
            # Born with the footer's compact setting: a key made compact (its default) and then
            # not compact by the binding was styled twice more on mounting, for every key shown.
            key.set_reactive(FooterKey.compact, self.compact)
            yield key.data_bind(compact=Footer.compact)
        if palette is not None:
            binding, enabled, tooltip = palette
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette -compact",
                disabled=not enabled,
                tooltip=tooltip,
            )
            key.set_reactive(FooterKey.compact, True)  # compact, as a key is by default (not bound)
            yield key
