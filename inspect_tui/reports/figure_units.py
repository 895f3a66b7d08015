"""The unit of each shipped checklist item's figure, without loading the checklists.

The findings export and `inspect-tui list findings` show a figure with its unit (``m²/p`` for a
rule's figure, the item's own unit for a measured item); reading it from this table spares
those commands loading the templates and pydantic. ``computed()`` derives the same table from
the templates, and a test keeps the two equal (after a template changes, paste its output here).
"""

from __future__ import annotations

FIGURE_UNITS: dict[str, str] = {
    "akf.space.persons": "persons",
    "akf.space.living_area": "m²",
    "akf.space.living_area_pp": "m²/p",
    "akf.space.walkable_floor": "m²",
    "akf.space.walkable_floor_pp": "m²/p",
    "akf.space.max_in_bedroom": "persons",
    "akf.space.persons_per_bedroom": "p/bedroom",
    "covid-2020.housing.max_in_bedroom": "persons",
    "covid-2020.housing.one_per_bedroom": "p/bedroom",
    "snf.space.persons": "persons",
    "snf.space.living_area": "m²",
    "snf.space.living_area_pp": "m²/p",
    "snf.space.bedrooms": "bedrooms",
    "snf.space.bedroom_area": "m²",
    "snf.space.bedroom_area_pp": "m²/p",
    "snf.sanitary.toilets": "toilets",
    "snf.sanitary.toilets_pp": "p/toilet",
    "snf.sanitary.showers": "showers",
    "snf.sanitary.showers_pp": "p/shower",
    "snf.facilities.sockets": "sockets",
    "snf.facilities.sockets_pp": "sockets/p",
    "snf.facilities.fridge_litres": "l",
    "snf.facilities.fridge_pp": "l/p",
    "snf.facilities.burners": "burners",
    "snf.facilities.burners_enough": "burners",
    "snf.management.beds_registered": "beds",
}
"""Item id → unit of its figure; items without a unit are left out."""


def computed() -> dict[str, str]:
    """The table as the shipped templates make it (loads them)."""
    from inspect_tui.checklists import list_templates
    from inspect_tui.domain.norms import metric_unit

    table: dict[str, str] = {}
    for template in list_templates():
        for item in template.items:
            unit = metric_unit(item.rule.metric) if item.rule is not None else item.unit or ""
            if unit:
                table[item.id] = unit
    return table


def figure_unit(item_id: str | None) -> str:
    """The unit of an item's figure (``m²/p``); "" for a free finding or an item without one."""
    return FIGURE_UNITS.get(item_id or "", "")


if __name__ == "__main__":
    for item_id, unit in computed().items():
        print(f'    "{item_id}": "{unit}",')
