"""Deleting what users expect to delete, and undoing the last deletion.

A draft inspection (never signed) goes with its answers, findings and photos; a site without
inspections goes with its units; a unit or an occupant as before (``site_records``); a finding
of a draft. Each is one transaction of deletion revisions that travel in the next bundle like
any other change, the reason kept in the record's notes. Every function returns a ``Deletion``
that ``undo_deletion`` brings back (within the session that holds it). Refusals name what is in
the way and leave the database as it was; ``removal_problem`` asks the same questions before a
screen asks for confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspect_tui.domain.base import Record, new_id
from inspect_tui.domain.enums import FindingStatus, InspectionStatus
from inspect_tui.domain.models import Answer, Attachment, Finding, Inspection, Occupant, Site, Unit
from inspect_tui.domain.text import MAX_LONG, check_safe_text
from inspect_tui.i18n import N_, _, ngettext
from inspect_tui.i18n.counts import kind_word
from inspect_tui.store.db import StoreError, device_id, get_meta, set_meta
from inspect_tui.store.queries.resume import RESUME_KEY
from inspect_tui.store.records import check_references, delete, get
from inspect_tui.store.revisions import head, record_local_revision
from inspect_tui.store.workflow.site_inspections import refresh_site_inspections

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_REASON = 200
"""Longest reason kept for a deletion, a withdrawal or an extension (one line)."""


@dataclass(frozen=True)
class Deletion:
    """What one deletion removed (and changed), to bring it back with ``undo_deletion``."""

    kind: str
    """inspection, site, unit, occupant or finding."""
    label: str
    """What the user saw: the site's name, the unit's label, the finding's description."""
    removed: tuple[Record, ...]
    """The records deleted, as they were, parents first."""
    changed: tuple[Record, ...] = ()
    """Records changed along with it (an earlier finding this draft had confirmed), as they were."""


def clean_reason(reason: str | None, what: str) -> str:
    """The reason, stripped; StoreError when empty, too long, or holding a control character (an
    escape a terminal would run, which every bundle would then refuse on export and import)."""
    why = " ".join((reason or "").split())
    if not why:
        raise StoreError(_("say why {what} (for example: started by mistake)").format(what=_(what)))
    try:
        check_safe_text(why)
    except ValueError as exc:
        raise StoreError(_("the reason: {problem}").format(problem=exc)) from None
    if len(why) > MAX_REASON:
        raise StoreError(
            _("keep the reason under {limit} characters (it has {n})").format(limit=MAX_REASON, n=len(why))
        )
    return why


def _noted(notes: str | None, why: str) -> str:
    note = f"Deleted: {why}"
    return (f"{notes}\n{note}" if notes else note)[:MAX_LONG]


_MISSING = {
    "inspection": N_("inspection {id} does not exist"),
    "site": N_("site {id} does not exist"),
    "unit": N_("unit {id} does not exist"),
    "finding": N_("finding {id} does not exist"),
    "occupant": N_("occupant {id} does not exist"),
}


def _missing(kind: str, record_id: str) -> str:
    return _(_MISSING[kind]).format(id=record_id)


def _count(db: Database, sql: str, args: list[object]) -> int:
    return int(db.execute(sql, args).fetchone()[0])


def was_signed(db: Database, inspection: Inspection) -> bool:
    """Signed at least once: completed, approved, returned, or reviewed (a reopened draft was signed)."""
    if inspection.status is not InspectionStatus.DRAFT or inspection.completed_at is not None:
        return True
    return bool(_count(db, "SELECT COUNT(*) FROM reviews WHERE inspection_id = ?", [inspection.id]))


# -- asking before the question ------------------------------------------------------------------


def inspection_problem(db: Database, inspection: Inspection) -> str | None:
    """Why this inspection cannot be deleted, or None."""
    if was_signed(db, inspection):
        if inspection.status is InspectionStatus.DRAFT:
            return _(
                "only a draft that was never signed can be deleted; this draft was signed before "
                "(withdraw its findings instead)"
            )
        return _(
            "only a draft that was never signed can be deleted; this inspection is {status} "
            "(withdraw its findings instead)"
        ).format(status=_(inspection.status.value))
    later = _count(db, "SELECT COUNT(*) FROM inspections WHERE previous_id = ?", [inspection.id])
    if later:
        return ngettext(
            "{n} later inspection follows this one up; delete it first",
            "{n} later inspections follow this one up; delete those first",
            later,
        ).format(n=later)
    carried = _count(
        db,
        "SELECT COUNT(*) FROM findings g JOIN findings f ON g.origin_id = f.id WHERE f.inspection_id = ? "
        "AND g.inspection_id != ?",
        [inspection.id, inspection.id],
    )
    if carried:
        return ngettext(
            "{n} of its findings is carried into a later inspection; delete that one first",
            "{n} of its findings are carried into a later inspection; delete that one first",
            carried,
        ).format(n=carried)
    return None


def site_problem(db: Database, site_id: str) -> str | None:
    """Why this site cannot be deleted, or None."""
    inspections = _count(db, "SELECT COUNT(*) FROM inspections WHERE site_id = ?", [site_id])
    if inspections:
        return ngettext(
            "the site has {n} inspection; only a site without inspections can be deleted",
            "the site has {n} inspections; only a site without inspections can be deleted",
            inspections,
        ).format(n=inspections)
    occupants = _count(
        db, "SELECT COUNT(*) FROM occupants o JOIN units u ON u.id = o.unit_id WHERE u.site_id = ?", [site_id]
    )
    if occupants:
        return ngettext(
            "{n} occupant lives on the site; remove them first",
            "{n} occupants live on the site; remove them first",
            occupants,
        ).format(n=occupants)
    return None


def unit_problem(db: Database, unit_id: str) -> str | None:
    """Why this unit cannot be removed (occupants or sub-units in it), or None."""
    occupants = _count(db, "SELECT COUNT(*) FROM occupants WHERE unit_id = ?", [unit_id])
    if occupants:
        return ngettext(
            "{n} occupant lives in this unit; move or remove them first",
            "{n} occupants live in this unit; move or remove them first",
            occupants,
        ).format(n=occupants)
    inner = _count(db, "SELECT COUNT(*) FROM units WHERE parent_id = ?", [unit_id])
    if inner:
        return ngettext(
            "{n} unit lies inside this unit; remove it first",
            "{n} units lie inside this unit; remove them first",
            inner,
        ).format(n=inner)
    return None


def finding_problem(db: Database, finding: Finding) -> str | None:
    """Why this finding cannot be deleted (its inspection was signed: withdraw it), or None."""
    inspection = get(db, Inspection, finding.inspection_id)
    if inspection is None:
        return _missing("inspection", finding.inspection_id)
    if was_signed(db, inspection):
        return _("the inspection was signed: a finding can then only be withdrawn, with a reason")
    carried = _count(db, "SELECT COUNT(*) FROM findings WHERE origin_id = ?", [finding.id])
    if carried:
        return _("a later inspection carries this finding; it cannot be deleted")
    return None


def removal_problem(db: Database, kind: str, record_id: str) -> str | None:
    """Why the record cannot be deleted (asked before the confirmation question), or None."""
    if kind == "inspection":
        inspection = get(db, Inspection, record_id)
        return _missing("inspection", record_id) if inspection is None else inspection_problem(db, inspection)
    if kind == "site":
        return _missing("site", record_id) if get(db, Site, record_id) is None else site_problem(db, record_id)
    if kind == "unit":
        return _missing("unit", record_id) if get(db, Unit, record_id) is None else unit_problem(db, record_id)
    if kind == "finding":
        finding = get(db, Finding, record_id)
        return _missing("finding", record_id) if finding is None else finding_problem(db, finding)
    if kind == "occupant":
        return None if get(db, Occupant, record_id) is not None else _missing("occupant", record_id)
    raise StoreError(_("{kind} records are not deleted this way").format(kind=_(kind)))


def inspection_contents(db: Database, inspection_id: str) -> dict[str, int]:
    """What goes with a draft when it is deleted: typed answers, notes, findings, photos."""
    answered, noted = db.execute(
        "SELECT COALESCE(SUM(value IS NOT NULL AND NOT computed), 0), "
        "COALESCE(SUM(note IS NOT NULL AND note != ''), 0) FROM answers WHERE inspection_id = ?",
        [inspection_id],
    ).fetchone()
    findings = _count(db, "SELECT COUNT(*) FROM findings WHERE inspection_id = ?", [inspection_id])
    photos = _count(
        db,
        "SELECT COUNT(*) FROM attachments a WHERE a.finding_id IN (SELECT id FROM findings WHERE inspection_id = ?) "
        "OR a.answer_id IN (SELECT id FROM answers WHERE inspection_id = ?)",
        [inspection_id, inspection_id],
    )
    return {"answers": int(answered), "notes": int(noted), "findings": findings, "photos": photos}


# -- deleting ----------------------------------------------------------------------------------------


def _gone(db: Database, record: Record, origin: str) -> None:
    record_local_revision(db, record, origin, deleted=True)


def _attachments(db: Database, column: str, owner_id: str) -> list[Attachment]:
    rows = db.execute(f"SELECT id FROM attachments WHERE [{column}] = ? ORDER BY id", [owner_id]).fetchall()
    return [a for a in (get(db, Attachment, r[0]) for r in rows) if a is not None]


def delete_inspection(db: Database, inspection_id: str, reason: str) -> Deletion:
    """Delete a draft that was never signed, with its answers, findings and photos, recording why.

    Earlier findings this draft confirmed (resolved or still open) are open again, unconfirmed.
    """
    why = clean_reason(reason, N_("the draft is deleted"))
    with db.atomic():
        inspection = get(db, Inspection, inspection_id)
        if inspection is None:
            raise StoreError(_missing("inspection", inspection_id))
        problem = inspection_problem(db, inspection)
        if problem is not None:
            raise StoreError(problem)
        origin = device_id(db)
        removed: list[Record] = [inspection]
        answers = [
            a
            for a in (
                get(db, Answer, r[0])
                for r in db.execute("SELECT id FROM answers WHERE inspection_id = ? ORDER BY id", [inspection_id])
            )
            if a is not None
        ]
        findings = [
            f
            for f in (
                get(db, Finding, r[0])
                for r in db.execute("SELECT id FROM findings WHERE inspection_id = ? ORDER BY id", [inspection_id])
            )
            if f is not None
        ]
        removed.extend(answers)
        removed.extend(findings)
        photos = [p for a in answers for p in _attachments(db, "answer_id", a.id)]
        photos += [p for f in findings for p in _attachments(db, "finding_id", f.id)]
        removed.extend(photos)
        for record in reversed(removed[1:]):
            _gone(db, record, origin)
        changed: list[Record] = []
        for (finding_id,) in db.execute(
            "SELECT id FROM findings WHERE confirmed_in = ? ORDER BY id", [inspection_id]
        ).fetchall():
            earlier = get(db, Finding, finding_id)
            if earlier is None:
                continue
            changed.append(earlier)
            status = FindingStatus.OPEN if earlier.status is FindingStatus.RESOLVED else earlier.status
            unconfirmed = earlier.model_copy(
                update={"status": status, "confirmed_in": None, "confirmed_by": None, "confirmed_at": None}
            )
            record_local_revision(db, unconfirmed, origin)  # the earlier inspection is locked: like confirming
        _gone(db, inspection.model_copy(update={"notes": _noted(inspection.notes, why)}), origin)
        resume = get_meta(db, RESUME_KEY)
        if resume and inspection_id in resume:
            set_meta(db, RESUME_KEY, None)
        return Deletion("inspection", inspection.started_at.date().isoformat(), tuple(removed), tuple(changed))


def delete_site(db: Database, site_id: str, reason: str) -> Deletion:
    """Delete a site without inspections (and its empty units), recording why in its notes."""
    why = clean_reason(reason, N_("the site is deleted"))
    with db.atomic():
        site = get(db, Site, site_id)
        if site is None:
            raise StoreError(_missing("site", site_id))
        problem = site_problem(db, site_id)
        if problem is not None:
            raise StoreError(problem)
        origin = device_id(db)
        units = _units_parents_first(db, site_id)
        for unit in reversed(units):
            _gone(db, unit, origin)
        _gone(db, site.model_copy(update={"notes": _noted(site.notes, why)}), origin)
        return Deletion("site", site.name, (site, *units))


def _units_parents_first(db: Database, site_id: str) -> list[Unit]:
    units = [
        u
        for u in (
            get(db, Unit, r[0]) for r in db.execute("SELECT id FROM units WHERE site_id = ? ORDER BY id", [site_id])
        )
        if u is not None
    ]
    placed: list[Unit] = []
    done: set[str | None] = {None}
    while len(placed) < len(units):
        ready = [u for u in units if u.id not in done and u.parent_id in done]
        if not ready:  # a parent outside the site (cannot happen through the store): keep the rest as they are
            ready = [u for u in units if u.id not in done]
        placed.extend(ready)
        done.update(u.id for u in ready)
    return placed


def delete_finding(db: Database, finding_id: str) -> Deletion:
    """Delete a finding of a draft that was never signed, with its photos (after signing: withdraw it)."""
    with db.atomic():
        finding = get(db, Finding, finding_id)
        if finding is None:
            raise StoreError(_missing("finding", finding_id))
        problem = finding_problem(db, finding)
        if problem is not None:
            raise StoreError(problem)
        origin = device_id(db)
        photos = _attachments(db, "finding_id", finding.id)
        for photo in photos:
            _gone(db, photo, origin)
        _gone(db, finding, origin)
        return Deletion("finding", finding.description.splitlines()[0][:60], (finding, *photos))


def remove_unit_or_occupant(db: Database, model: type[Unit] | type[Occupant], record_id: str) -> Deletion:
    """Remove a unit (empty: no occupants, no units inside) or an occupant; open inspections are re-judged."""
    with db.atomic():
        current = get(db, model, record_id)
        if current is None:
            raise StoreError(_missing("unit" if model is Unit else "occupant", record_id))
        if isinstance(current, Unit):
            problem = unit_problem(db, record_id)
            if problem is not None:
                raise StoreError(problem)
            site_id = current.site_id
            label = current.label
        else:
            assert isinstance(current, Occupant)
            unit = get(db, Unit, current.unit_id)
            site_id = unit.site_id if unit is not None else ""
            label = current.name
        delete(db, model, record_id)
        if site_id:
            refresh_site_inspections(db, site_id)
        return Deletion("unit" if model is Unit else "occupant", label, (current,))


# -- undo --------------------------------------------------------------------------------------------


def undo_deletion(db: Database, deletion: Deletion) -> list[str]:
    """Bring back what a deletion removed (and put back what it changed); the ids restored.

    Refused, with the database unchanged, when a record came back already or its parent is gone.
    A removed occupant comes back as a new record (its history was erased when it was removed).
    """
    with db.atomic():
        origin = device_id(db)
        restored: list[str] = []
        sites: set[str] = set()
        for record in deletion.removed:
            if isinstance(record, Occupant):
                record = record.model_copy(update={"id": new_id(), "couple_with": None})
            else:
                state = head(db, record.table, record.id)
                if state is not None and not state[2]:
                    raise StoreError(
                        _("{kind} {id} is back already; nothing to undo").format(
                            kind=_(record.table[:-1]), id=record.id[:8]
                        )
                    )
            _parent_present(db, record)
            record_local_revision(db, record, origin)
            restored.append(record.id)
            if isinstance(record, Unit):
                sites.add(record.site_id)
            elif isinstance(record, Occupant):
                unit = get(db, Unit, record.unit_id)
                if unit is not None:
                    sites.add(unit.site_id)
        for record in deletion.changed:
            record_local_revision(db, record, origin)
        for site_id in sorted(sites):
            refresh_site_inspections(db, site_id)
        return restored


def _parent_present(db: Database, record: Record) -> None:
    if isinstance(record, Answer | Finding):
        if get(db, Inspection, record.inspection_id) is None:
            raise StoreError(
                _("inspection {id} is gone; it cannot take the {kind} back").format(
                    id=record.inspection_id[:8], kind=kind_word(record.table)
                )
            )
    elif isinstance(record, Attachment):
        parent = record.finding_id or record.answer_id
        table = "findings" if record.finding_id else "answers"
        if db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [parent]).fetchone() is None:
            raise StoreError(_("the photo's finding or answer is gone; it cannot come back"))
    else:
        check_references(db, record)
