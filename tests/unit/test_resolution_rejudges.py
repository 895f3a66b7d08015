"""Keeping a version of a unit in conflict re-judges the site's open inspections, as saving it from
its form does: a draft judged on the version set aside would say pass where the kept one fails."""

from __future__ import annotations

import datetime as dt

from inspect_tui.domain.enums import AnswerVerdict
from inspect_tui.domain.models import Unit
from inspect_tui.store import get
from inspect_tui.store import workflow as wf
from inspect_tui.store.queries import conflict_versions
from inspect_tui.store.workflow import keep_version
from tests.helpers.bundles import Device, make_device
from tests.helpers.history_scenario import fork
from tests.unit.test_verdict_rules import house

ITEM = "snf.space.bedroom_area_pp"


def _verdict(device: Device, inspection_id: str) -> AnswerVerdict:
    return wf.answers_by_item(device.db, inspection_id)[ITEM].verdict


def test_keeping_a_version_rejudges_the_open_inspection() -> None:
    device = make_device(None, device_id="laptop-lead")
    site, bedroom = house(device.db, persons_in_bedroom=2)  # 8 m² for 2: 4 m²/p
    draft = wf.start_inspection(device.db, site.id, ["snf"], "J. de Vries", now=dt.datetime(2026, 3, 2, 9))
    moment = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    fork(
        device,
        "units",
        bedroom.id,
        [("laptop-a", "Eva", moment, {"floor_area_m2": 20.0}), ("laptop-b", "Bas", moment, {"floor_area_m2": 5.0})],
    )
    before = _verdict(device, draft.id)
    small = next(v for v in conflict_versions(device.db, "units", bedroom.id) if v.data["floor_area_m2"] == 5.0)
    keep_version(device.db, "units", small.data)
    assert get(device.db, Unit, bedroom.id).floor_area_m2 == 5.0  # type: ignore[union-attr]
    assert _verdict(device, draft.id) == AnswerVerdict.FAIL != before  # 2.5 m²/p, judged at once
