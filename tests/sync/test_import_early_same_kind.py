"""Records that name a record of their own kind (a unit's parent, an inspection's previous one, a
finding's origin, an occupant's partner), checked as their batch is merged, decide exactly as the
checks once the bundle is read, also when a later line of the bundle changes the record named:
the same bundles refused with the same message, the same database otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from inspect_tui.checklists import load_template
from inspect_tui.domain.models import Inspection, Occupant, Site, Unit
from inspect_tui.domain.visit_records import Finding
from inspect_tui.store.db import device_id
from inspect_tui.store.import_scratch import ImportScratch
from inspect_tui.store.revisions import Revision
from inspect_tui.sync import BundleError, streaming
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.merge import apply_revisions
from inspect_tui.sync.validate_records import SAME_KIND
from tests.helpers.bundles import make_device
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.early_checks import import_outcome
from tests.sync.test_import_early_checks import _first, _next

SNF = tuple(item.id for item in load_template("snf").items)
NOWHERE = "5b0e5a3c-1d2f-4e6a-8b7c-9d0e1f2a3b4c"
FIELD = {"units": "parent_id", "inspections": "previous_id", "findings": "origin_id", "occupants": "couple_with"}


@dataclass(frozen=True)
class Pair:
    """Record b of a kind names record a of the same kind (or itself, or nothing known)."""

    kind: str
    names: str
    """a, nowhere, self."""
    a_first: bool
    """a's first version comes before b's in the bundle (else after: a later batch)."""
    change: str
    """What a version of a after b's does: none, site (another site), delete, cycle (a names b), late."""


PAIRS = st.builds(
    Pair,
    st.sampled_from(sorted(FIELD)),
    st.sampled_from(["a", "a", "a", "nowhere", "self"]),
    st.booleans(),
    st.sampled_from(["none", "none", "site", "delete", "cycle", "late"]),
)


def _world(origin: str) -> tuple[dict[str, Any], list[Revision]]:
    one = Site(name="Vakantiepark De Wilgen", city="Venlo")
    two = Site(name="Camping Het Veld", city="Horst")
    home = Unit(site_id=one.id, label="Hoofdgebouw")
    early = Inspection(
        site_id=one.id, templates=["snf"], inspector="Eva de Vries", started_at="2025-01-06T08:00:00+01:00"
    )
    there = Inspection(
        site_id=two.id, templates=["snf"], inspector="Eva de Vries", started_at="2025-01-05T08:00:00+01:00"
    )
    before = Inspection(
        site_id=one.id, templates=["snf"], inspector="Eva de Vries", started_at="2025-01-02T08:00:00+01:00"
    )
    records: dict[str, Any] = {"one": one, "two": two, "home": home, "early": early, "there": there, "before": before}
    return records, [_first(r, origin) for r in records.values()]


def _pair(pair: Pair, world: dict[str, Any]) -> tuple[Any, Any]:
    one, home, early = world["one"].id, world["home"].id, world["early"].id
    start = "2025-01-10T08:00:00+01:00"
    if pair.kind == "units":
        return Unit(site_id=one, label="Kamer 1"), Unit(site_id=one, label="Kamer 2")
    if pair.kind == "inspections":
        return (
            Inspection(
                site_id=one, templates=["snf"], inspector="Joost Bakker", started_at="2025-01-08T08:00:00+01:00"
            ),
            Inspection(site_id=one, templates=["snf"], inspector="Joost Bakker", started_at=start),
        )
    if pair.kind == "findings":  # b is due before its inspection began, as a, which it carries over
        made = {"item_id": SNF[0], "severity": "major", "description": "Geen rookmelder.", "deadline": "2025-01-04"}
        return Finding(inspection_id=world["before"].id, **made), Finding(inspection_id=early, **made)
    return Occupant(unit_id=home, name="Anna Nowak"), Occupant(unit_id=home, name="Piotr Nowak")


def _changed(pair: Pair, a: Any, b: Any, world: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = a.model_dump(mode="json")
    field = FIELD[pair.kind]
    if pair.change == "cycle":
        data[field] = b.id
    elif pair.change == "site" and pair.kind in ("units", "inspections"):
        data["site_id"] = world["two"].id
    elif pair.change == "site" and pair.kind == "findings":
        data["inspection_id"] = world["there"].id
    elif pair.change == "late" and pair.kind == "inspections":
        data["started_at"] = "2025-01-12T08:00:00+01:00"
    elif pair.change == "late" and pair.kind == "findings":
        data["deadline"] = "2025-01-05"
    else:
        data["notes" if pair.kind != "findings" else "description"] = "Later version."
    return data


def _bundles(root: Path, pairs: list[Pair], split: bool) -> list[Path]:
    source = make_device(root / "source.db")
    origin = device_id(source.db)
    world, parents = _world(origin)
    order: list[Revision] = []
    later: list[Revision] = []
    for pair in pairs:
        a, b = _pair(pair, world)
        named = {"a": a.id, "nowhere": NOWHERE, "self": b.id}[pair.names]
        first_a = _first(a, origin)
        first_b = _first(b, origin, {**b.model_dump(mode="json"), FIELD[pair.kind]: named})
        order.extend([first_a, first_b] if pair.a_first else [first_b, first_a])
        if pair.change != "none":
            data = _changed(pair, a, b, world)
            later.append(_next(first_a, data, deleted=pair.change == "delete"))
    paths = []
    split = split and bool(later)
    with source.db.atomic():
        apply_revisions(source.db, parents + order + ([] if split else later))
    if split:
        result = export_bundle(source.db, root / "first.zip", source.key, everything=True)
        assert result is not None
        paths.append(result.path)
        with source.db.atomic():
            apply_revisions(source.db, later)
        result = export_bundle(source.db, root / "later.zip", source.key)
    else:
        result = export_bundle(source.db, root / "all.zip", source.key, everything=True)
    assert result is not None
    paths.append(result.path)
    source.db.conn.close()
    return paths


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(pairs=[Pair("units", "a", True, "site")], split=False, batch=1, check=1000)
@example(
    pairs=[Pair("occupants", "a", True, "delete"), Pair("inspections", "a", True, "late")], split=True, batch=2, check=2
)
@given(
    pairs=st.lists(PAIRS, min_size=1, max_size=3),
    split=st.booleans(),
    batch=st.sampled_from([1, 2, 3, 5, 2000]),
    check=st.sampled_from([1, 2, 1000]),
)
def test_records_naming_their_own_kind_checked_early_decide_as_the_checks_at_the_end(
    tmp_path_factory: pytest.TempPathFactory, pairs: list[Pair], split: bool, batch: int, check: int
) -> None:
    root = tmp_path_factory.mktemp("same-kind")
    paths = _bundles(root, pairs, split)
    early = import_outcome(root, "early.db", paths, early=True, batch=batch, check=check, chain=check)
    late = import_outcome(root, "late.db", paths, early=False, batch=batch, check=check, chain=check)
    assert early == late


@pytest.mark.parametrize("change", ["site", "cycle", "late"])  # a removal of the record named is held
def test_a_record_checked_early_is_checked_again_when_a_later_line_changes_the_record_it_names(
    tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick path is taken and then undone: without the second look the import would pass."""
    kind = "inspections" if change == "late" else "units" if change != "cycle" else "findings"
    paths = _bundles(tmp_path, [Pair(kind, "a", True, change)], split=False)
    again: list[int] = []
    recheck = ImportScratch.recheck_changed

    def watched(self: ImportScratch) -> int:
        again.append(recheck(self))
        return again[-1]

    monkeypatch.setattr(streaming, "BATCH_LINES", 1)
    monkeypatch.setattr(ImportScratch, "recheck_changed", watched)
    with pytest.raises(BundleError) as caught:
        import_bundles(make_device(tmp_path / "target.db").db, paths)
    assert {
        "site": "belongs to another site",
        "cycle": "(a cycle of 2 records)",
        "late": "so it cannot be the previous one",
    }[change] in str(caught.value)
    assert again == [1], "b passed as it was merged, and is checked again at the end"


def test_the_fields_naming_the_own_kind_are_the_ones_remembered() -> None:
    assert {kind: fields for kind, fields in SAME_KIND.items()} == {k: (f,) for k, f in FIELD.items()}
