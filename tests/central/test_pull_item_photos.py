"""A narrowed pull carries the photos of checklist items as well as those of findings: a team lead
reviews the evidence of a failed item, and an inspector's laptop gets back what it is shown."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.pull import Selection, pull
from inspect_tui.cli import main
from inspect_tui.domain.enums import InspectionStatus
from inspect_tui.domain.models import Answer, Inspection, Site, answer_id
from inspect_tui.store import get, save
from inspect_tui.store import workflow as wf
from inspect_tui.store.workflow.item_photos import attach_item_photo
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import SNF_ITEMS, make_device, members
from tests.helpers.central import Central, trusting_intake
from tests.helpers.photo_bytes import jpeg_bytes

ITEM = SNF_ITEMS[0]


@pytest.mark.parametrize(
    "selection",
    [Selection(team="noord"), Selection(inspector="Eva de Vries"), Selection(device="inspector-eva"), Selection()],
)
def test_a_narrowed_pull_carries_the_photo_of_a_checklist_item(
    central: Central, tmp_path: Path, selection: Selection
) -> None:
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    site = Site(name="De Wilgen", city="Venlo", street="Dorpsstraat", house_number=12)
    save(device.db, site)
    started = wf.start_inspection(device.db, site.id, ["snf"], "Eva de Vries", now=dt.datetime(2026, 3, 3, 9, 0))
    answer = Answer(id=answer_id(started.id, ITEM), inspection_id=started.id, item_id=ITEM, value="no", verdict="fail")
    save(device.db, answer)
    photo = tmp_path / "kitchen.jpg"
    photo.write_bytes(jpeg_bytes(80, 60, seed=7))
    attached = attach_item_photo(device.db, started.id, ITEM, photo)
    inspection = get(device.db, Inspection, started.id)
    assert inspection is not None
    signed = {"signed_by": "Eva de Vries", "completed_at": dt.datetime(2026, 3, 3, 11, 0)}
    save(device.db, inspection.model_copy(update={"status": InspectionStatus.COMPLETED, **signed}))
    exported = export_bundle(device.db, tmp_path / "eva.zip", device.key, everything=True)
    assert exported is not None and trusting_intake(central.db, exported.path).error is None
    assert CliRunner().invoke(main, [*central.options(), "team", "noord", "Eva de Vries"]).exit_code == 0

    result = pull(central.db, tmp_path / "lead.zip", load_signing_key(central.db, central.signing_key), selection)
    assert result is not None
    assert result.counts["answers"] >= 1 and result.counts["attachments"] >= 1, result.counts  # revisions
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    carried = members(result.path)
    assert attached.id.encode() in carried["data/attachments.jsonl"]
    assert carried[f"data/blobs/{sha}"] == photo.read_bytes()
