"""Every record of a bundle checked as the app's own forms and stores would check it.

Each line already passed its record model (the same pydantic model a form fills in: safe text,
lengths, UUID ids, finite figures, dates in range and in order). What a single line cannot show
is checked here, over the whole bundle at once and before anything is written:

- references: every id names a record of the right kind that exists (see ``references``), on
  the same site where that applies;
- no cycles: a unit inside itself, an inspection following itself, a finding re-inspecting itself,
  however long the chain and whether its links are in the bundle or in the database;
- a record named as a parent may have been removed elsewhere meanwhile: no refusal, the merge
  keeps the removal held while records stand under it (``store.held``);
- content: checklist templates this version knows, answers and findings for items of the
  inspection's templates, an answer's id following from its inspection and item, an answer's
  value in the form the app stores for its item (a number, a count, yes/no, a date), a finding's
  deadline not before its inspection started.

Only the newest revision of each record in the bundle is checked: older revisions are history
and may name records removed since, as the app's own edits allow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from inspect_tui import __version__
from inspect_tui.checklists import template_ids
from inspect_tui.domain.answers import stored_form_problem
from inspect_tui.i18n import N_, _
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.fixed_fields import FIXED, fixed_problem
from inspect_tui.sync.item_rules import derived_answer_id, items_of, known_items
from inspect_tui.sync.layout import KINDS
from inspect_tui.sync.reader import Line
from inspect_tui.sync.references import CHAINS, NOUNS, REFERENCES, Carried, Key, RecordIndex, Ref, a_noun


def _short(record_id: str) -> str:
    return record_id[:36]


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value).date()
        except ValueError:
            return None
    return None


class RecordChecks:
    """The checks of one import: records of earlier bundles in it count as present for later ones."""

    def __init__(self, db: Database | None, carried: Carried | None = None, links: Carried | None = None) -> None:
        """db None checks a bundle on its own (verify): values, checklists, items, cycles within it.

        carried: where a streaming import keeps the records it carries (see ``check_carried``);
        links: the same records with only their chain field (``CHAINS``), for the cycle check."""
        self.index = RecordIndex(db, carried)
        self.chains = self.index if links is None else RecordIndex(db, links)

    def check_carried(self, label: str, batches: Batches) -> None:
        """The same checks as ``check``, over records a streaming import already merged.

        batches(kinds, deleted) yields the newest revision the bundle carries of its records, a
        batch at a time (kinds None: every kind; deleted None: both; deleted False leaves out the
        records whose newest revision passed ``check_early``); their data is looked up in
        ``carried``. Each rule runs over every batch before the next rule, as ``check`` does.
        """
        checker = _Batch(self.index, label)
        try:
            for batch in batches(None, False):
                self.index.clear()
                present = [(key, line, line.revision.data) for key, line in batch if line.revision.data is not None]
                if self.index.db is not None:
                    checker.references(present)
                checker.content(present)
            chains = _Batch(self.chains, label)
            for batch in batches(tuple(CHAINS), None):
                self.chains.clear()
                chains.cycles(batch)
        finally:
            self.index.clear()
            self.chains.clear()

    def check_early(self, label: str, lines: Sequence[Line]) -> set[str]:
        """While a streaming import merges a batch: the revisions of ``EARLY_KINDS`` that pass the
        references and content checks (``check_carried``'s first pass) already.

        Run once the batch and everything before it is merged and its records are carried. Every
        record these checks look at is of the record's own kind or of a kind read before it (kinds
        are read parents first), and none that comes later changes one of an earlier kind; a record
        of its own kind (``same_kind_targets``) may still change later in the bundle, so the caller
        remembers which revision of it was carried, and checks the record again at the end when
        that changed. Nothing is refused here: a line that fails (an older revision may, harmlessly;
        a parent may come in a later batch) is not counted as passed, and the pass at the end
        checks it as before, naming the record.
        """
        items = [
            ((line.revision.entity, line.revision.record_id), line, line.revision.data)
            for line in lines
            if line.revision.entity in EARLY_KINDS and not line.revision.deleted and line.revision.data is not None
        ]
        if not items or self.index.db is None:
            return set()
        checker = _Batch(self.index, label)
        self.index.clear()
        try:
            try:
                checker.references(items)
                checker.content(items)
            except BundleError:  # one at a time, from what is loaded now: the others still pass
                return {item[1].revision.rev for item in items if checker.passes(item)}
        finally:
            self.index.clear()
        return {line.revision.rev for _key, line, _data in items}

    def check(self, label: str, lines: Sequence[Line]) -> None:
        """Refuse (BundleError naming bundle, member and line) the first record that breaks a rule."""
        newest: dict[Key, Line] = {}
        for line in lines:
            rev = line.revision
            key = (rev.entity, rev.record_id)
            current = newest.get(key)
            if current is None or (rev.gen, rev.rev) > (current.revision.gen, current.revision.rev):
                newest[key] = line
        for key, line in newest.items():
            self.index.bundled[key] = None if line.revision.deleted else line.revision.data
        live = [(key, line, line.revision.data) for key, line in newest.items() if not line.revision.deleted]
        checker = _Batch(self.index, label)
        present = [(key, line, data) for key, line, data in live if data is not None]
        if self.index.db is not None:
            checker.references(present)
        checker.content(present)
        checker.cycles([(key, line) for key, line in newest.items() if key[0] in CHAINS])


EARLY_KINDS = frozenset(KINDS)
"""Kinds a streaming import checks as it merges them (see ``RecordChecks.check_early``)."""

SAME_KIND: dict[str, tuple[str, ...]] = {
    kind: fields
    for kind, refs in REFERENCES.items()
    if (fields := tuple(ref.field for ref in refs if ref.target == kind))
}
"""Per kind, the fields that name a record of the same kind (a unit's parent, a finding's origin …)."""


def same_kind_targets(line: Line) -> list[Key]:
    """The records of its own kind that the checks of a line's record look at."""
    data = line.revision.data or {}
    kind = line.revision.entity
    return [(kind, value) for field in SAME_KIND.get(kind, ()) if isinstance(value := data.get(field), str)]


Item = tuple[Key, Line, dict[str, Any]]
Batches = Callable[[tuple[str, ...] | None, bool | None], Iterator[list[tuple[Key, Line]]]]


class _Batch:
    def __init__(self, index: RecordIndex, label: str) -> None:
        self.index = index
        self.label = label

    def _error(self, line: Line, reason: str) -> BundleError:
        return BundleError(reason, source=self.label, member=line.member, line=line.number)

    def _wrong(self, line: Line, ref: Ref, value: str, why: str) -> BundleError:
        kind = self.index.kind_of(value)
        if kind is not None and kind != ref.target:
            return self._error(
                line,
                _("{field}: {value} is {kind}, not {target}").format(
                    field=ref.field, value=_short(value), kind=a_noun(kind), target=a_noun(ref.target)
                ),
            )
        return self._error(line, f"{ref.field}: {why}")

    def passes(self, item: Item) -> bool:
        """One record passes the references and content checks (what it looks at is loaded)."""
        try:
            self.references([item])
            self.content([item])
        except BundleError:
            return False
        return True

    # -- references ----------------------------------------------------------------------------

    def references(self, items: list[Item]) -> None:
        wanted: list[Key] = []
        for key, _line, data in items:
            for ref in REFERENCES.get(key[0], ()):
                value = data.get(ref.field)
                if isinstance(value, str):
                    wanted.append((ref.target, value))
        self.index.load(wanted)
        missing = [k for k in wanted if self.index.live(k) is None]
        self.index.load_history(missing)
        for key, line, data in items:
            for ref in REFERENCES.get(key[0], ()):
                value = data.get(ref.field)
                if not isinstance(value, str):
                    continue
                target = (ref.target, value)
                noun = NOUNS[ref.target]
                if value == key[1] and ref.target == key[0]:
                    raise self._error(
                        line, _("{field}: {noun} cannot refer to itself").format(field=ref.field, noun=a_noun(key[0]))
                    )
                if self.index.live(target) is not None:
                    continue
                # A parent removed elsewhere (here or by this import) while this record was made under
                # it: the removal is held, a conflict the lead resolves (``store.held``), no refusal.
                if self.index.removed_here(target) or self.index.known(target):
                    continue
                raise self._wrong(
                    line,
                    ref,
                    value,
                    _("no {noun} {value} in this database or bundle").format(noun=_(noun), value=_short(value)),
                )
        self._same_site(items)

    def _site_of(self, key: Key) -> str | None:
        data = self.index.live(key)
        if data is None:
            return None
        kind = key[0]
        if kind in ("units", "inspections"):
            return str(data.get("site_id"))
        if kind == "findings":
            return self._site_of(("inspections", str(data.get("inspection_id"))))
        return None

    def _same_site(self, items: list[Item]) -> None:
        second: list[Key] = []
        for key, _line, data in items:
            if key[0] == "findings":
                origin = data.get("origin_id")
                if isinstance(origin, str):
                    found = self.index.live(("findings", origin))
                    if found is not None:
                        second.append(("inspections", str(found.get("inspection_id"))))
        self.index.load(second)
        for key, line, data in items:
            if key[0] in ("units", "inspections"):
                site: str | None = str(data.get("site_id"))
            elif key[0] == "findings":
                site = self._site_of(("inspections", str(data.get("inspection_id"))))
            else:
                continue
            for ref in REFERENCES[key[0]]:
                value = data.get(ref.field)
                if not ref.same_site or not isinstance(value, str) or site is None:
                    continue
                other = self._site_of((ref.target, value))
                if other is not None and other != site:
                    raise self._error(
                        line,
                        _("{field}: {noun} {value} belongs to another site").format(
                            field=ref.field, noun=_(NOUNS[ref.target]), value=_short(value)
                        ),
                    )
            if key[0] == "inspections" and isinstance(data.get("previous_id"), str):
                self._previous_is_earlier(line, data)

    def _previous_is_earlier(self, line: Line, data: dict[str, Any]) -> None:
        previous = self.index.live(("inspections", str(data["previous_id"])))
        started, before = _day(data.get("started_at")), _day(previous.get("started_at") if previous else None)
        if started is not None and before is not None and before > started:
            raise self._error(
                line,
                _("previous_id: inspection {id} started later ({day}), so it cannot be the previous one").format(
                    id=_short(str(data["previous_id"])), day=before.isoformat()
                ),
            )

    # -- content ---------------------------------------------------------------------------------

    def content(self, items: list[Item]) -> None:
        known = frozenset(template_ids())
        for key, line, data in items:
            if key[0] == "inspections":
                for template in data.get("templates") or ():
                    if template not in known:
                        raise self._error(
                            line,
                            _(
                                "templates: checklist '{template}' is not known to inspect-tui {version}; "
                                "import this bundle with a version of inspect-tui that ships checklist '{template}'"
                            ).format(template=template, version=__version__),
                        )
            elif key[0] in ("answers", "findings"):
                self._item(key, line, data, known)
        # A first version (generation 1: its revision id starts "1-") has nothing to differ from (another
        # first version of a record is the trust rules' refusal); an edit is compared with every version
        # held (a read per batch, so only then).
        self._fixed([item for item in items if item[0][0] in FIXED and not item[1].revision.rev.startswith("1-")])

    def _fixed(self, items: list[Item]) -> None:
        """Every revision of an inspection agrees on its site, checklists and start (``fixed_fields``)."""
        if items:
            held = self.index.held_versions(items[0][0][0], [key[1] for key, _line, _data in items])
            for key, line, data in items:
                problem = fixed_problem(key[0], data, held.get(key[1], ()))
                if problem is not None:
                    raise self._error(line, problem)

    def _carried_item(self, data: dict[str, Any], item: str) -> bool:
        """A finding carried over from an earlier inspection keeps that finding's item, even when
        the re-inspection's checklists leave it out (as the app's own carry-over does)."""
        origin = data.get("origin_id")
        if not isinstance(origin, str):
            return False
        kept = self.index.live(("findings", origin))
        return kept is None or kept.get("item_id") == item

    def _item(self, key: Key, line: Line, data: dict[str, Any], known: frozenset[str]) -> None:
        inspection_id = str(data.get("inspection_id"))
        inspection = self.index.live(("inspections", inspection_id))
        item = data.get("item_id")
        if key[0] == "answers" and isinstance(item, str):
            expected = derived_answer_id(inspection_id, item)
            if key[1] != expected:
                raise self._error(
                    line,
                    _("id: an answer's id follows from its inspection and item ({expected})").format(expected=expected),
                )
            checked = known_items().get(item)
            value = data.get("value")
            problem = stored_form_problem(checked, value) if checked and isinstance(value, str) else None
            if problem is not None:
                raise self._error(line, _("value ({item}): {problem}").format(item=item, problem=problem))
        if inspection is None:
            return
        templates = tuple(t for t in inspection.get("templates") or () if isinstance(t, str))
        items = items_of(templates, known)
        if isinstance(item, str) and items is not None and item not in items and not self._carried_item(data, item):
            raise self._error(
                line,
                _("item_id: {item} is no item of the inspection's checklists ({templates})").format(
                    item=item, templates=", ".join(templates)
                ),
            )
        if key[0] == "findings":
            started = _day(inspection.get("started_at"))
            deadline = _day(str(data.get("deadline")))
            origin = data.get("origin_id")
            kept = self.index.live(("findings", str(origin))) if isinstance(origin, str) else None
            if kept is not None and _day(str(kept.get("deadline"))) == deadline:
                return  # carried over: it keeps the earlier finding's deadline
            if started is not None and deadline is not None and deadline < started:
                raise self._error(
                    line,
                    _("deadline: {deadline} is before the inspection that found it started ({started})").format(
                        deadline=deadline.isoformat(), started=started.isoformat()
                    ),
                )

    # -- cycles ------------------------------------------------------------------------------------

    def cycles(self, items: list[tuple[Key, Line]]) -> None:
        self.index.load_carried(key for key, _line in items)
        frontier: list[Key] = []
        for key, _line in items:
            data = self.index.live(key)
            nxt = data.get(CHAINS[key[0]]) if data else None
            if isinstance(nxt, str):
                frontier.append((key[0], nxt))
        # Follow every chain one step per round; each round is one batched lookup per kind.
        seen: set[Key] = set()
        while frontier:
            self.index.load(k for k in frontier if k not in self.index.bundled)
            following: list[Key] = []
            for key in frontier:
                if key in seen:
                    continue
                seen.add(key)
                data = self.index.live(key)
                nxt = data.get(CHAINS[key[0]]) if data else None
                if isinstance(nxt, str):
                    following.append((key[0], nxt))
            frontier = following
        for key, line in items:
            field = CHAINS[key[0]]
            path = {key}
            data = self.index.live(key)
            while data is not None:
                nxt = data.get(field)
                if not isinstance(nxt, str):
                    break
                step = (key[0], nxt)
                if step in path:
                    what = {
                        "units": N_("a unit cannot be inside one of its own sub-units"),
                        "inspections": N_("an inspection cannot follow one that follows it"),
                        "findings": N_("a finding cannot re-inspect one that re-inspects it"),
                    }[key[0]]
                    raise self._error(
                        line,
                        _("{field}: {what} (a cycle of {n} records)").format(field=field, what=_(what), n=len(path)),
                    )
                path.add(step)
                data = self.index.live(step)
