"""The shipped checklist templates, the template model's validation and the loader's error messages."""

from __future__ import annotations

import ast
import copy
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel

from inspect_tui.checklists import ChecklistError, list_templates, load_file, load_template, template_ids
from inspect_tui.checklists.template_schema import checklist_schema, render_schema
from inspect_tui.domain import checklist, norms
from inspect_tui.domain.checklist import AnswerType, ChecklistTemplate
from inspect_tui.domain.described import field_descriptions
from inspect_tui.domain.enums import Severity

REPO = Path(__file__).resolve().parents[2]
SHIPPED = ("akf", "covid-2020", "rie", "snf")


def shipped_text(template_id: str) -> str:
    return files("inspect_tui.checklists").joinpath(f"{template_id}.json").read_text(encoding="utf-8")


# --- the shipped templates -------------------------------------------------------------------


def test_every_shipped_template_loads_and_validates() -> None:
    assert template_ids() == SHIPPED
    templates = list_templates()
    assert [template.id for template in templates] == list(SHIPPED)
    for template in templates:
        assert template.items and template.sections


def test_shipped_templates_match_the_json_schema() -> None:
    for template_id in SHIPPED:
        jsonschema.validate(json.loads(shipped_text(template_id)), checklist_schema())


def test_load_template_is_cached() -> None:
    assert load_template("snf") is load_template("snf")


def test_unknown_template_names_the_known_ones() -> None:
    with pytest.raises(ChecklistError) as caught:
        load_template("x")
    assert str(caught.value) == "unknown checklist 'x'; known: akf, covid-2020, rie, snf"


def test_item_ids_are_unique_across_all_templates() -> None:
    ids = [item.id for template in list_templates() for item in template.items]
    assert len(ids) == len(set(ids))


def test_item_ids_start_with_their_template_id() -> None:
    for template in list_templates():
        for item in template.items:
            assert item.id.startswith(f"{template.id}.")


def test_every_item_has_both_texts_and_a_source() -> None:
    for template in list_templates():
        for item in template.items:
            assert item.text_nl.strip() and item.text_en.strip(), item.id
            assert item.text_nl != item.text_en, item.id
            assert item.source.norm and item.source.clause, item.id
            if item.rule is not None:
                assert all(threshold.source.clause for threshold in item.rule.thresholds), item.id


def test_template_sizes_are_as_planned() -> None:
    sizes = {template.id: len(template.items) for template in list_templates()}
    assert 30 <= sizes["snf"] <= 40
    assert 15 <= sizes["akf"] <= 25
    assert 20 <= sizes["rie"] <= 30
    assert 18 <= sizes["covid-2020"] <= 30


def test_fire_safety_is_never_minor() -> None:
    for template in list_templates():
        for item in template.items:
            if item.section == "fire":
                assert item.severity_if_failed is not Severity.MINOR, item.id


def test_rie_sector_items_are_optional() -> None:
    rie = load_template("rie")
    for section in ("meat", "horticulture", "distribution"):
        items = rie.items_in(section)
        assert items and all(not item.required for item in items), section


def test_covid_items_cite_their_recommendation() -> None:
    for item in load_template("covid-2020").items:
        assert item.source.clause.startswith("aanbeveling "), item.id


def test_unverified_snf_checks_are_plain_yes_no() -> None:
    for item in load_template("snf").items:
        if item.source.confidence == "U":
            assert item.answer_type is AnswerType.YES_NO_NA and item.source.note, item.id


def test_measurement_items_feed_every_snf_rule() -> None:
    snf = load_template("snf")
    recorded = {item.measure for item in snf.items if item.measure is not None}
    assert recorded >= {
        "persons",
        "living_area_m2",
        "bedroom_area_m2",
        "bedrooms",
        "toilets",
        "showers",
        "burners",
        "fridge_litres",
        "sockets",
    }


def test_shipped_files_are_canonical_two_space_json() -> None:
    for template_id in SHIPPED:
        text = shipped_text(template_id)
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", template_id


# --- schema and model hygiene ----------------------------------------------------------------


def test_committed_schema_is_current() -> None:
    committed = (REPO / "schemas" / "checklist-template.schema.json").read_text(encoding="utf-8")
    assert committed == render_schema(), "stale schema: run `python -m inspect_tui.checklists.template_schema`"


def models_in(module: object) -> list[type[BaseModel]]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__  # type: ignore[attr-defined]
    ]


def test_every_model_field_has_a_description() -> None:
    for module in (checklist, norms):
        for model in models_in(module):
            described = field_descriptions(model)
            for name in model.model_fields:
                assert described.get(name), f"{model.__name__}.{name}"


def test_every_model_forbids_unknown_fields() -> None:
    for module in (checklist, norms):
        for model in models_in(module):
            assert model.model_config.get("extra") == "forbid", model.__name__


@pytest.mark.parametrize("module", [checklist, norms])
def test_domain_modules_import_only_stdlib_pydantic_and_each_other(module: object) -> None:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    allowed_own = {
        "inspect_tui.domain.checklist",
        "inspect_tui.domain.checklist_words",
        "inspect_tui.domain.norms",
        "inspect_tui.domain.enums",
        "inspect_tui.i18n",  # the bottom layer: messages in the interface language
    }
    for name in imported:
        top = name.split(".")[0]
        assert top not in {"textual", "rich", "sqlite_utils"}, name
        assert top != "inspect_tui" or name in allowed_own, name


# --- malformed templates: one line naming file, item and problem -----------------------------


def minimal() -> dict[str, Any]:
    source = {"norm": "SNF 2021", "clause": "sanitair", "confidence": "S", "effective_from": "2021-09-01"}
    return {
        "id": "snf",
        "version": "1",
        "title_nl": "Test",
        "title_en": "Test",
        "applies_to": "housing",
        "description": "",
        "rule_kind": "certification",
        "sections": [{"id": "sanitary", "title_nl": "Sanitair", "title_en": "Sanitation"}],
        "items": [
            {
                "id": "snf.sanitary.toilets",
                "section": "sanitary",
                "text_nl": "Toiletten",
                "text_en": "Toilets",
                "answer_type": "count",
                "unit": "toilets",
                "measure": "toilets",
                "severity_if_failed": "major",
                "source": dict(source),
            },
            {
                "id": "snf.sanitary.toilets_pp",
                "section": "sanitary",
                "text_nl": "Eén toilet per 8",
                "text_en": "One toilet per 8",
                "answer_type": "yes_no_na",
                "severity_if_failed": "major",
                "source": dict(source),
                "rule": {
                    "metric": "persons_per_toilet",
                    "comparator": "<=",
                    "thresholds": [{"value": 8, "source": dict(source)}],
                },
            },
        ],
    }


def error_for(tmp_path: Path, data: dict[str, Any] | str) -> str:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")


def test_minimal_template_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(minimal()), encoding="utf-8")
    template = load_file(path)
    assert isinstance(template, ChecklistTemplate)
    assert template.item("snf.sanitary.toilets_pp").rule is not None


def test_bad_answer_type(tmp_path: Path) -> None:
    data = minimal()
    data["items"][0]["answer_type"] = "maybe"
    assert error_for(tmp_path, data) == (
        "item 'snf.sanitary.toilets' (answer_type): "
        "must be one of 'yes_no_na', 'number', 'count', 'choice', 'text' or 'date'"
    )


def test_duplicate_item_id(tmp_path: Path) -> None:
    data = minimal()
    data["items"][1]["id"] = "snf.sanitary.toilets"
    assert error_for(tmp_path, data) == "item 'snf.sanitary.toilets': id is used twice (items[0] and items[1])"


def test_unknown_section(tmp_path: Path) -> None:
    data = minimal()
    data["items"][1]["section"] = "kitchen"
    assert error_for(tmp_path, data) == "item 'snf.sanitary.toilets_pp': unknown section 'kitchen'; sections: sanitary"


def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    text = '{\n  "id": "snf",\n  "version": "1"\n  "title_nl": "x"\n}\n'
    assert error_for(tmp_path, text) == "invalid JSON at line 4, column 3: Expecting ',' delimiter"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError) as caught:
        load_file(tmp_path / "gone.json")
    assert str(caught.value) == f"{tmp_path / 'gone.json'}: file not found"


def test_duplicate_json_key(tmp_path: Path) -> None:
    text = json.dumps(minimal()).replace('"version": "1"', '"version": "1", "version": "2"')
    assert error_for(tmp_path, text) == "key 'version' appears twice in one JSON object"


def test_unknown_field_in_nested_rule(tmp_path: Path) -> None:
    data = minimal()
    data["items"][1]["rule"]["thresholds"][0]["valeu"] = 8
    message = error_for(tmp_path, data)
    assert message.startswith("item 'snf.sanitary.toilets_pp' (rule.thresholds[0].valeu): is not a known field")


def test_wrong_item_id_prefix(tmp_path: Path) -> None:
    data = minimal()
    data["items"][0]["id"] = "akf.sanitary.toilets"
    assert error_for(tmp_path, data) == "item 'akf.sanitary.toilets': item ids in this template start with 'snf.'"


def test_malformed_item_id_names_the_position(tmp_path: Path) -> None:
    data = minimal()
    data["items"][0]["id"] = "Toilets"
    assert error_for(tmp_path, data).startswith("item 'Toilets' (id): does not have the right form")


def test_missing_field_of_an_item_without_id(tmp_path: Path) -> None:
    data = minimal()
    del data["items"][1]["id"]
    assert error_for(tmp_path, data) == "items[1] (id): is required"


def test_template_level_field(tmp_path: Path) -> None:
    data = minimal()
    data["applies_to"] = "ships"
    assert error_for(tmp_path, data) == "applies_to: must be one of 'housing', 'workplace' or 'both'"


def test_several_problems_are_counted(tmp_path: Path) -> None:
    data = minimal()
    data["version"] = ""
    data["title_en"] = ""
    assert error_for(tmp_path, data).endswith("(and 1 more)")


@pytest.mark.parametrize(
    ("index", "change", "expected"),
    [
        (0, {"unit": None}, "a count item needs a unit"),
        (1, {"unit": "m²"}, "unit is only for number and count items, not yes_no_na"),
        (0, {"answer_type": "number"}, "measure toilets is recorded by a count item, not number"),
        (
            1,
            {"choices": [{"value": "a", "text_nl": "a", "text_en": "a"}]},
            "choices are only for choice items",
        ),
        (1, {"expected": "no"}, "an item with a rule passes on 'yes'"),
        (0, {"expected": "no"}, "expected is only for yes_no_na items, not count"),
        (
            0,
            {"answer_type": "choice", "unit": None, "measure": None},
            "a choice item needs at least two choices",
        ),
    ],
)
def test_item_consistency_with_answer_type(tmp_path: Path, index: int, change: dict[str, Any], expected: str) -> None:
    data = minimal()
    data["items"][index].update(change)
    message = error_for(tmp_path, data)
    item_id = data["items"][index]["id"]
    assert message.startswith(f"item {item_id!r}: ")
    assert expected in message


def test_rule_on_a_count_item(tmp_path: Path) -> None:
    data = minimal()
    data["items"][0]["rule"] = data["items"][1].pop("rule")
    assert "a rule belongs on a yes_no_na item, not count" in error_for(tmp_path, data)


def test_second_rule_for_the_same_metric(tmp_path: Path) -> None:
    data = minimal()
    extra = copy.deepcopy(data["items"][1])
    extra["id"] = "snf.sanitary.toilets_again"
    data["items"].append(extra)
    assert error_for(tmp_path, data) == (
        "item 'snf.sanitary.toilets_again': metric persons_per_toilet already has a rule "
        "in item 'snf.sanitary.toilets_pp'"
    )


def test_threshold_hidden_behind_a_general_one(tmp_path: Path) -> None:
    data = minimal()
    thresholds = data["items"][1]["rule"]["thresholds"]
    specific = copy.deepcopy(thresholds[0]) | {"value": 6, "condition": {"housing_types": ["a"]}}
    thresholds.append(specific)
    assert error_for(tmp_path, data) == (
        "item 'snf.sanitary.toilets_pp' (rule): thresholds[1] is never used: thresholds[0] comes first "
        "and applies to the same sites on the same dates"
    )


def test_dated_thresholds_in_either_order_are_reachable(tmp_path: Path) -> None:
    data = minimal()
    thresholds = data["items"][1]["rule"]["thresholds"]
    thresholds[0]["source"] = thresholds[0]["source"] | {"effective_until": "2025-12-31"}
    later = copy.deepcopy(thresholds[0])
    later["value"] = 6
    later["source"] = later["source"] | {"effective_from": "2026-01-01"}
    del later["source"]["effective_until"]
    thresholds.insert(0, later)
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert len(load_file(path).item("snf.sanitary.toilets_pp").rule.thresholds) == 2  # type: ignore[union-attr]


def test_source_dates_in_order(tmp_path: Path) -> None:
    data = minimal()
    data["items"][0]["source"]["effective_until"] = "2020-01-01"
    assert error_for(tmp_path, data) == (
        "item 'snf.sanitary.toilets' (source): effective_until 2020-01-01 is before effective_from 2021-09-01"
    )


def test_burner_steps_must_cover_every_number_of_persons(tmp_path: Path) -> None:
    data = minimal()
    source = data["items"][1]["source"]
    data["items"][1]["rule"] = {
        "metric": "burners",
        "comparator": ">=",
        "thresholds": [
            {
                "steps": [
                    {"min_persons": 0, "max_persons": 8, "fixed": 4},
                    {"min_persons": 10, "per_persons": 2},
                ],
                "source": source,
            }
        ],
    }
    assert error_for(tmp_path, data) == (
        "item 'snf.sanitary.toilets_pp' (rule.thresholds[0]): steps[1] starts at 10, expected 9"
    )


def test_steps_only_for_burners(tmp_path: Path) -> None:
    data = minimal()
    threshold = data["items"][1]["rule"]["thresholds"][0]
    del threshold["value"]
    threshold["steps"] = [{"min_persons": 0, "fixed": 1}]
    assert "steps are only supported for the burners metric" in error_for(tmp_path, data)
