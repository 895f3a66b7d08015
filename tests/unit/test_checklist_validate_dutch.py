"""`inspect-tui --lang nl checklists validate`: every structural problem of a template in Dutch, on one line."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.i18n import language
from tests.unit.test_checklists import minimal
from tests.unit.test_cli_dutch import english_in

Change = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()


def _second_rule(data: dict[str, Any]) -> None:
    extra = copy.deepcopy(data["items"][1])
    extra["id"] = "snf.sanitary.again"
    data["items"].append(extra)


def _hidden_threshold(data: dict[str, Any]) -> None:
    thresholds = data["items"][1]["rule"]["thresholds"]
    thresholds.append(copy.deepcopy(thresholds[0]) | {"value": 6, "condition": {"housing_types": ["a"]}})


def _steps(*steps: dict[str, Any], metric: str = "burners") -> Change:
    def change(data: dict[str, Any]) -> None:
        rule = data["items"][1]["rule"]
        rule["metric"], rule["comparator"] = metric, ">="
        rule["thresholds"] = [{"steps": list(steps), "source": data["items"][1]["source"]}]

    return change


def _rule_on_count(data: dict[str, Any]) -> None:
    data["items"][0]["rule"] = data["items"][1].pop("rule")


def _critical_advice(data: dict[str, Any]) -> None:
    data["items"][0] |= {"rule_kind": "recommendation", "severity_if_failed": "critical"}


CASES: list[tuple[str, Change, str]] = [
    ("twice", _set("items/1/id", "snf.sanitary.toilets"), "id wordt twee keer gebruikt (items[0] en items[1])"),
    ("section", _set("items/1/section", "keuken"), "onbekende sectie 'keuken'; secties: sanitary"),
    ("prefix", _set("items/0/id", "akf.sanitary.toilets"), "punt-id's in deze checklist beginnen met 'snf.'"),
    ("unit", _set("items/0/unit", None), "een count-punt heeft een eenheid nodig"),
    ("unit only", _set("items/1/unit", "m²"), "unit is alleen voor number- en count-punten, niet voor yes_no_na"),
    ("measure", _set("items/0/answer_type", "number"), "meting toilets wordt vastgelegd door een count-punt"),
    ("expected", _set("items/0/expected", "no"), "expected is alleen voor yes_no_na-punten, niet voor count"),
    ("rule yes", _set("items/1/expected", "no"), "een punt met een regel voldoet bij 'yes'"),
    ("rule on count", _rule_on_count, "een regel hoort bij een yes_no_na-punt, niet bij count"),
    ("second rule", _second_rule, "maat persons_per_toilet heeft al een regel in punt 'snf.sanitary.toilets_pp'"),
    ("hidden", _hidden_threshold, "thresholds[1] wordt nooit gebruikt: thresholds[0] komt eerst"),
    ("dates", _set("items/0/source/effective_until", "2020-01-01"), "ligt vóór effective_from"),
    (
        "steps gap",
        _steps({"min_persons": 0, "max_persons": 8, "fixed": 4}, {"min_persons": 10, "per_persons": 2}),
        "steps[1] begint bij 10, verwacht 9",
    ),
    ("steps open", _steps({"min_persons": 0, "fixed": 4}, {"min_persons": 1, "fixed": 2}), "alleen de laatste trede"),
    ("step kind", _steps({"min_persons": 0, "fixed": 4, "per_persons": 2}), "precies één van fixed of per_persons"),
    ("step band", _steps({"min_persons": 5, "max_persons": 3, "fixed": 1}), "max_persons 3 is lager dan min_persons 5"),
    ("not burners", _steps({"min_persons": 0, "fixed": 1}, metric="persons_per_toilet"), "thresholds[0]: treden"),
    ("threshold", _set("items/1/rule/thresholds/0/value", None), "precies één van value of steps"),
    ("advice", _critical_advice, "een aanbeveling is bij afkeur een advies"),
    ("sections", _set("sections", [{"id": "a", "title_nl": "A", "title_en": "A"}] * 2), "sectie-id 'a' wordt twee"),
    ("list", _set("items", {"id": "x"}), "items: moet een JSON-lijst zijn"),
    ("object", _set("items/0", "toilets"), "items[0]: moet een JSON-object zijn"),
    ("missing", _set("items/1/id", _DELETE), "items[1] (id): is verplicht"),
    ("extra", _set("items/0/valeu", 8), "is geen bekend veld"),
]


def validate(path: Path, lang: str) -> str:
    result = CliRunner().invoke(main, ["--lang", lang, "checklists", "validate", str(path)])
    assert language() == "en"
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(("change", "dutch"), [(c, d) for _n, c, d in CASES], ids=[n for n, _c, _d in CASES])
def test_template_problems_in_dutch(tmp_path: Path, change: Change, dutch: str) -> None:
    data = minimal()
    change(data)
    path = tmp_path / "sjabloon.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    line = validate(path, "nl")
    assert line.startswith(f"Fout: {path}: "), line
    assert dutch in line, line
    values = ("2020-01-01", "2021-09-01", "items")  # the template's own values and keys, as written in the file
    assert english_in(line, str(path), *values) == set(), line
    english = validate(path, "en")
    assert english.startswith(f"Error: {path}: ") and english != line.replace("Fout: ", "Error: ")


def test_a_valid_template_in_dutch(tmp_path: Path) -> None:
    path = tmp_path / "goed.json"
    path.write_text(json.dumps(minimal()), encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "nl", "checklists", "validate", str(path)])
    assert result.exit_code == 0 and result.output.strip() == f"{path}: in orde (snf, 2 punten)", result.output
