"""A new signer whose bundle holds what only a team lead may write (no roster pinned): the refusal
names its fingerprint and how to accept it as a team lead's, as the README's round trip needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.domain.enums import InspectionStatus
from inspect_tui.domain.models import Inspection, Site
from inspect_tui.store import get, save
from inspect_tui.sync import BundleError, export_bundle
from inspect_tui.sync.errors import MAX_MESSAGE_CHARS
from inspect_tui.sync.importer import import_bundles
from inspect_tui.sync.keys import fingerprint
from tests.helpers.bundles import Device, full_dump, make_device, run

HINT = "--trust-new --trust-role lead"


def _approved(device: Device, folder: Path) -> tuple[Path, Inspection]:
    site = Site(name="De Wilgen", city="Venlo")
    save(device.db, site)
    draft = Inspection(site_id=site.id, templates=["snf"], inspector="Lotte", started_at=dt.datetime(2026, 3, 3, 9))
    save(device.db, draft)
    approved = draft.model_copy(update={"status": InspectionStatus.APPROVED, "signed_by": "Lotte"})
    save(device.db, approved)
    result = export_bundle(device.db, folder / "day.zip", device.key)
    assert result is not None
    return result.path, approved


@pytest.mark.parametrize("trust_new", [False, True])
def test_a_new_signer_writing_what_a_lead_may_is_told_how_to_accept_it_as_lead(
    tmp_path: Path, trust_new: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = make_device(tmp_path / "lead.db", device_id="lead-l")
    bundle, _ = _approved(lead, tmp_path)
    monkeypatch.chdir(tmp_path)
    bundle = Path(bundle.name)  # as a user names it
    receiver = make_device(tmp_path / "r.db", device_id="receiver")
    before = full_dump(receiver.db)
    with pytest.raises(BundleError) as refused:
        import_bundles(receiver.db, [bundle], trust_new=trust_new)  # as an inspector, if trusted
    message = str(refused.value)
    assert f"signer {fingerprint(bytes(lead.key.verify_key))} is new here" in message
    assert "only a team lead sets an inspection's status to approved" in message
    assert message.endswith(f"a team lead's device is accepted with {HINT}")
    assert len(message) <= MAX_MESSAGE_CHARS and "…" not in message
    assert full_dump(receiver.db) == before


def test_accepted_as_lead_the_same_bundle_goes_in(tmp_path: Path) -> None:
    lead = make_device(tmp_path / "lead.db", device_id="lead-l")
    bundle, approved = _approved(lead, tmp_path)
    receiver = make_device(tmp_path / "r.db", device_id="receiver")
    import_bundles(receiver.db, [bundle], trust_new=True, trust_role="lead")
    assert get(receiver.db, Inspection, approved.id).status == "approved"  # type: ignore[union-attr]


def test_a_signer_already_accepted_as_inspector_gets_no_such_hint(tmp_path: Path) -> None:
    """The role was decided by a person: the refusal is the rule alone, nothing suggests a lead."""
    device = make_device(tmp_path / "a.db", device_id="inspector-a")
    site = Site(name="De Wilgen", city="Venlo")
    save(device.db, site)
    receiver = make_device(tmp_path / "r.db", device_id="receiver")
    first = export_bundle(device.db, tmp_path / "first.zip", device.key)
    assert first is not None
    import_bundles(receiver.db, [first.path], trust_new=True)  # accepted as an inspector
    (tmp_path / "second").mkdir()
    bundle, _ = _approved(device, tmp_path / "second")
    with pytest.raises(BundleError) as refused:
        import_bundles(receiver.db, [bundle])
    message = str(refused.value)
    assert "device inspector-a (inspector) may not write this revision" in message
    assert HINT not in message and "is new here" not in message


def test_the_refusal_in_dutch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lead = make_device(tmp_path / "lead.db", device_id="lead-l")
    _approved(lead, tmp_path)
    receiver = make_device(tmp_path / "r.db", device_id="receiver")
    monkeypatch.chdir(tmp_path)
    code, output = run(CliRunner(), "--db", "r.db", "--lang", "nl", "import", "day.zip")
    assert code == 1
    line = output.strip().splitlines()[-1]
    assert line.startswith("Fout: ") and HINT in line and "is hier nieuw" in line and "…" not in line, line
    assert receiver.db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == 0


def test_in_dutch_the_refused_status_is_a_dutch_word(tmp_path: Path) -> None:
    from inspect_tui.i18n import using

    lead = make_device(tmp_path / "lead.db", device_id="lead-l")
    bundle, _ = _approved(lead, tmp_path)
    receiver = make_device(tmp_path / "r.db", device_id="receiver")
    with using("nl"), pytest.raises(BundleError) as refused:
        import_bundles(receiver.db, [bundle], trust_new=True)
    message = str(refused.value)
    assert "alleen een teamleider zet de status van een inspectie op goedgekeurd" in message
    assert "approved" not in message
