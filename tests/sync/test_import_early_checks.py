"""Answers checked as their batch is merged (``RecordChecks.check_early``; every kind is, see also
``test_import_early_same_kind``) decide exactly as the checks once the bundle is read: the same bundles refused with the same message, the same
database otherwise, whatever the batch sizes, the answers' history and how many bundles."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_tui.checklists import load_template
from inspect_tui.domain.checklist import AnswerType
from inspect_tui.domain.enums import AnswerVerdict
from inspect_tui.domain.models import Answer, Inspection, Site, answer_id
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.db import device_id
from inspect_tui.store.revisions import Revision, make_rev
from inspect_tui.sync import BundleError
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.merge import apply_revisions
from inspect_tui.sync.validate_records import EARLY_KINDS, RecordChecks
from tests.helpers.bundles import make_device
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.early_checks import import_outcome

SNF = tuple(item.id for item in load_template("snf").items if item.answer_type is AnswerType.YES_NO_NA)
AKF = tuple(item.id for item in load_template("akf").items if item.answer_type is AnswerType.YES_NO_NA)
"""Items answered yes or no (the answers here say "yes")."""
ITEMS = {"snf": SNF[0], "snf2": SNF[1], "akf": AKF[0], "none": "snf.space.no_such_item"}
NOWHERE = "5b0e5a3c-1d2f-4e6a-8b7c-9d0e1f2a3b4c"


def _first(record: Site | Inspection | Answer, origin: str, data: dict[str, Any] | None = None) -> Revision:
    data = record.model_dump(mode="json") if data is None else data
    rev = make_rev(record.table, record.id, 1, None, (), False, canonical_json(data))
    return Revision(record.table, record.id, rev, 1, None, origin, data)


def _next(previous: Revision, data: dict[str, Any], *, deleted: bool = False) -> Revision:
    gen = previous.gen + 1
    rev = make_rev(previous.entity, previous.record_id, gen, previous.rev, (), deleted, canonical_json(data))
    ancestors = (previous.rev, *previous.ancestors)
    return Revision(
        previous.entity, previous.record_id, rev, gen, previous.rev, previous.origin, data, deleted, (), ancestors
    )


@dataclass(frozen=True)
class Spec:
    """One answer of the bundle: what its newest revision names, and its history."""

    inspection: str
    """a (snf), b (akf), removed (removed by the bundle), site (not an inspection), nowhere."""
    item: str
    id_follows: bool
    history: str
    """one, mended (a bad first version), spoiled (a good first version), deleted."""


SPECS = st.builds(
    Spec,
    st.sampled_from(["a", "a", "b", "removed", "site", "nowhere"]),
    st.sampled_from(sorted(ITEMS)),
    st.booleans(),
    st.sampled_from(["one", "one", "mended", "spoiled", "deleted"]),
)


def _answers(specs: list[Spec], ids: dict[str, str], origin: str) -> Iterator[Revision]:
    for number, spec in enumerate(specs):
        inspection_id = ids[spec.inspection]
        item = ITEMS[spec.item]
        record_id = answer_id(inspection_id, item) if spec.id_follows else str(uuid.UUID(int=number + 1, version=4))
        newest = Answer.model_construct(
            id=record_id, inspection_id=inspection_id, item_id=item, value="yes", verdict=AnswerVerdict.PASS
        ).model_dump(mode="json")
        good = {**newest, "inspection_id": ids["a"], "item_id": SNF[2]}
        bad = {**newest, "inspection_id": NOWHERE}
        record = Answer.model_construct(id=record_id, inspection_id=inspection_id, item_id=item)
        if spec.history == "one":
            yield _first(record, origin, newest)
        elif spec.history == "mended":
            first = _first(record, origin, bad)
            yield first
            yield _next(first, newest)
        elif spec.history == "spoiled":
            first = _first(record, origin, good)
            yield first
            yield _next(first, newest)
        else:
            first = _first(record, origin, newest)
            yield first
            yield _next(first, newest, deleted=True)


def _bundles(root: Path, specs: list[Spec], split: bool) -> list[Path]:
    source = make_device(root / "source.db")
    origin = device_id(source.db)
    site = Site(name="Vakantiepark De Wilgen", city="Venlo", street="Dorpsstraat", house_number=12)
    a = Inspection(site_id=site.id, templates=["snf"], inspector="Eva de Vries", started_at="2025-01-06T08:00:00+01:00")
    b = Inspection(site_id=site.id, templates=["akf"], inspector="Eva de Vries", started_at="2025-01-07T08:00:00+01:00")
    gone = Inspection(
        site_id=site.id, templates=["snf"], inspector="Joost Bakker", started_at="2025-01-08T08:00:00+01:00"
    )
    ids = {"a": a.id, "b": b.id, "removed": gone.id, "site": site.id, "nowhere": NOWHERE}
    first_gone = _first(gone, origin)
    parents = [_first(site, origin), _first(a, origin), _first(b, origin), first_gone]
    parents.append(_next(first_gone, first_gone.data or {}, deleted=True))
    answers = list(_answers(specs, ids, origin))
    paths = []
    with source.db.atomic():
        apply_revisions(source.db, parents if split else parents + answers)
    if split:
        result = export_bundle(source.db, root / "parents.zip", source.key, everything=True)
        assert result is not None
        paths.append(result.path)
        with source.db.atomic():
            apply_revisions(source.db, answers)
        result = export_bundle(source.db, root / "answers.zip", source.key)
    else:
        result = export_bundle(source.db, root / "all.zip", source.key, everything=True)
    assert result is not None
    paths.append(result.path)
    source.db.conn.close()
    return paths


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    specs=st.lists(SPECS, min_size=1, max_size=6),
    split=st.booleans(),
    batch=st.sampled_from([1, 2, 3, 5, 2000]),
    check=st.sampled_from([1, 2, 1000]),
)
def test_answers_checked_early_decide_as_the_checks_at_the_end(
    tmp_path_factory: pytest.TempPathFactory, specs: list[Spec], split: bool, batch: int, check: int
) -> None:
    root = tmp_path_factory.mktemp("early")
    paths = _bundles(root, specs, split)
    early = import_outcome(root, "early.db", paths, early=True, batch=batch, check=check)
    late = import_outcome(root, "late.db", paths, early=False, batch=batch, check=check)
    assert early == late


def test_a_plain_bundle_s_records_pass_early_and_the_end_reads_none_of_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick path is taken: with it the end checks no record (a test that could not fail otherwise)."""
    assert "answers" in EARLY_KINDS
    specs = [Spec("a", "snf", True, "one"), Spec("a", "snf2", True, "one"), Spec("b", "akf", True, "one")]
    paths = _bundles(tmp_path, specs, split=False)
    passed: list[set[str]] = []
    seen_at_end: list[str] = []
    check_early = RecordChecks.check_early
    check_carried = RecordChecks.check_carried

    def spy_early(self: RecordChecks, label: str, lines: Any) -> set[str]:
        passed.append(check_early(self, label, lines))
        return passed[-1]

    def spy_carried(self: RecordChecks, label: str, batches: Any) -> None:
        def watched(kinds: Any, deleted: Any) -> Any:
            for batch in batches(kinds, deleted):
                if deleted is False:
                    seen_at_end.extend(key[0] for key, _line in batch)
                yield batch

        check_carried(self, label, watched)

    monkeypatch.setattr(RecordChecks, "check_early", spy_early)
    monkeypatch.setattr(RecordChecks, "check_carried", spy_carried)
    target = make_device(tmp_path / "target.db")
    (receipt,) = import_bundles(target.db, paths)
    assert receipt.total("new") == 1 + 3 + 3  # a site, three inspections (one made and removed), three answers
    # The site, the three inspections' first versions (the removal is no record to check), three answers.
    assert sum(len(p) for p in passed) == 1 + 3 + 3, "every version passed as its batch was merged"
    assert seen_at_end == [], "nothing is left for the end's first pass"


def test_an_answer_refused_early_is_named_by_the_checks_at_the_end(tmp_path: Path) -> None:
    specs = [Spec("a", "snf", True, "one"), Spec("a", "akf", True, "one")]
    paths = _bundles(tmp_path, specs, split=False)
    target = make_device(tmp_path / "target.db")
    with pytest.raises(BundleError) as caught:
        import_bundles(target.db, paths)
    assert "data/answers.jsonl line 2" in str(caught.value)
    assert f"item_id: {AKF[0]} is no item of the inspection's checklists (snf)" in str(caught.value)


def test_every_record_an_early_kind_s_checks_look_at_is_of_a_kind_read_before_it() -> None:
    """What makes checking early sound: a bundle's kinds are read parents first, and an early kind's
    references (and the checklists of its inspection) point only at kinds read before it, or at
    its own kind (``SAME_KIND``: remembered, and checked again when a later line changes them)."""
    from inspect_tui.sync.layout import KINDS
    from inspect_tui.sync.references import REFERENCES
    from inspect_tui.sync.validate_records import SAME_KIND

    assert frozenset(KINDS) == EARLY_KINDS
    for kind in EARLY_KINDS:
        for ref in REFERENCES.get(kind, ()):
            if ref.target == kind:
                assert ref.field in SAME_KIND[kind], (kind, ref)
            else:
                assert KINDS.index(ref.target) < KINDS.index(kind), (kind, ref)
    assert KINDS.index("inspections") < KINDS.index("answers") < KINDS.index("findings")
