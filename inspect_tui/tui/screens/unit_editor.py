"""Create or edit a unit of a site: a building, caravan, room or bedroom."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import Unit
from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.record_editor import RecordEditor
from inspect_tui.tui.widgets.form import FieldSpec


class UnitEditor(RecordEditor):
    """The unit form; new units are placed under ``parent_id`` (None: at the top of the site)."""

    model: ClassVar[type[Record]] = Unit
    title_new = "New unit"
    title_edit = "Edit unit"

    def specs(self) -> Sequence[FieldSpec]:
        return [
            FieldSpec("label", _("Label"), placeholder=_("e.g. Caravan 7, Kamer 2")),
            FieldSpec(
                "kind",
                _("Kind"),
                "select",
                [
                    (_("building"), "building"),
                    (_("caravan"), "caravan"),
                    (_("room"), "room"),
                    (_("bedroom"), "bedroom"),
                ],
                allow_blank=False,
            ),
            FieldSpec("floor_area_m2", _("Floor area (m²)"), "number"),
            FieldSpec("beds", _("Beds"), "integer"),
            FieldSpec("registered_persons", _("Persons in the provider's register"), "integer"),
            FieldSpec("toilets", _("Toilets"), "integer"),
            FieldSpec("showers", _("Showers"), "integer"),
            FieldSpec("burners", _("Cooking burners"), "integer"),
            FieldSpec("fridge_litres", _("Fridge and freezer capacity (litres)"), "number"),
            FieldSpec("sockets", _("Wall sockets"), "integer"),
            FieldSpec("notes", _("Notes")),
        ]

    def loaded(self, data: dict[str, Any], extra: Any = None) -> None:
        if not data:
            data = {"kind": self.fixed.pop("kind", "building")}
        super().loaded(data, extra)
