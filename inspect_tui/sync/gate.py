"""The trust gate of an import: who signed, whose revisions, and may they write them.

``import_bundles`` runs every bundle through one ``TrustGate`` before anything is written; the gate
reads what it needs through the ``BatchWriter`` and decides with the pure functions of
``sync.trust`` and ``sync.roster``. Rules (see README, "Trust"):

- with a pinned roster, a bundle's signer must be on it (valid now) as the device bag-info names;
  a newer roster signed by the same central key, carried in a bundle, replaces the pinned one;
- without a roster, a signer is accepted when a person accepted it before (recorded), or now with
  ``trust_new`` (recorded); every such device acts as an inspector (lead-only actions need a roster);
- every revision's id and generation are recomputed (sealed occupant lines too: they are sealed
  when made, so the id hashes the sealed bytes), its origin must have vouched for it, and its
  origin's role must allow it. Only sealed versions made by an earlier release, which sealed on
  export after hashing, are taken on a segment that release signed over their exact bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from inspect_tui.i18n import N_, _
from inspect_tui.store.batch import BatchWriter, RecordKey
from inspect_tui.store.revisions import Revision
from inspect_tui.sync import layout
from inspect_tui.sync.errors import BundleError, KeyProblem, NewSigner
from inspect_tui.sync.keys import fingerprint
from inspect_tui.sync.reader import BundleInfo, BundleReader, Line
from inspect_tui.sync.roster import Roster, check_pin, parse_roster, replaces
from inspect_tui.sync.signed_heads import signed_inspections
from inspect_tui.sync.trust import (
    CENTRAL,
    INSPECTOR,
    LEAD,
    Context,
    Segment,
    authorization_problem,
    generation_problem,
    id_problem,
    parse_segment,
    sealed,
    vouch_problem,
)


@dataclass
class TrustGate:
    """Accumulates what an import run learnt (new decisions, a newer roster, segments to keep)."""

    writer: BatchWriter
    own_key: bytes | None
    own_device: str
    trust_new: bool = False
    trust_role: str = INSPECTOR
    roster: Roster | None = None
    roster_changed: bool = False
    decisions: dict[bytes, tuple[str, str]] = field(default_factory=dict)
    new_decisions: dict[bytes, tuple[str, str]] = field(default_factory=dict)
    segments: list[tuple[str, str, list[str]]] = field(default_factory=list)
    undecided: list[NewSigner] = field(default_factory=list)
    """New signers met without trust_new: the import is refused once every bundle was checked."""
    batch_data: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    batch_owners: dict[RecordKey, str] = field(default_factory=dict)
    batch_inspections: dict[str, object] = field(default_factory=dict)
    """Each inspection's status as the latest revision this import carried so far sets it."""
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @classmethod
    def open(
        cls, writer: BatchWriter, own_key: bytes | None, own_device: str, trust_new: bool, trust_role: str = INSPECTOR
    ) -> TrustGate:
        if trust_role not in (INSPECTOR, LEAD):
            raise KeyProblem(_("a signer is accepted as inspector or lead, not {role}").format(role=trust_role[:20]))
        text = writer.pinned_roster()
        roster = parse_roster(text, N_("the pinned roster")) if text else None
        return cls(writer, own_key, own_device, trust_new, trust_role, roster, decisions=writer.trusted_keys())

    # -- the signer ---------------------------------------------------------------------------------------

    def admit(self, reader: BundleReader, info: BundleInfo) -> bool:
        """Check the bundle's signer (and take a newer roster it carries); True when newly trusted."""
        carried = reader.optional_member(layout.ROSTER)
        if carried is not None:
            try:
                candidate = parse_roster(carried, layout.ROSTER)
            except KeyProblem as exc:
                raise BundleError(exc.reason, source=reader.label, member=layout.ROSTER) from None
            if replaces(self.roster, candidate):
                self.roster, self.roster_changed = candidate, True
            elif (
                self.roster is not None
                and candidate.central_key == self.roster.central_key
                and candidate.serial == self.roster.serial
                and candidate.text != self.roster.text
            ):
                try:  # the pinned serial with other content: refused as a pin by hand would be
                    check_pin(self.roster.text, candidate, layout.ROSTER)
                except KeyProblem as exc:
                    raise BundleError(exc.reason, source=reader.label, member=layout.ROSTER) from None
        signer, device = reader.signer, info.device_id
        if signer == self.own_key:
            if device != self.own_device:
                raise BundleError(
                    _("signed with this database's key but made as device {device}").format(device=device),
                    source=reader.label,
                )
            return False
        if self.roster is not None:
            member = self.roster.member_for_key(signer, self.now)
            if member is None:
                raise BundleError(
                    _(
                        "signer {signer} (device {device}) is not on the pinned roster (serial {serial}), "
                        "or its entry is revoked or expired"
                    ).format(signer=fingerprint(signer), device=device, serial=self.roster.serial),
                    source=reader.label,
                )
            if member.device_id != device:
                raise BundleError(
                    _(
                        "signer {signer} is on the roster as device {roster_device}, but the bundle says device {device}"
                    ).format(signer=fingerprint(signer), roster_device=member.device_id, device=device),
                    source=reader.label,
                )
            return False
        known = self.decisions.get(signer) or self.new_decisions.get(signer)
        if known is not None:
            if known[0] != device:
                raise BundleError(
                    _("signer {signer} was accepted as device {known}, but the bundle says device {device}").format(
                        signer=fingerprint(signer), known=known[0], device=device
                    ),
                    source=reader.label,
                )
            return signer in self.new_decisions
        if not self.trust_new:
            self.undecided.append(
                NewSigner(
                    _(
                        "signer {signer} (device {device}) is new here; check the fingerprint with its owner, then import "
                        "again with --trust-new (or pin a team roster: keys roster pin FILE)"
                    ).format(signer=fingerprint(signer), device=device),
                    source=reader.label,
                    key=signer,
                    device=device,
                )
            )
        self.new_decisions[signer] = (device, self.trust_role)
        return True

    # -- the revisions -------------------------------------------------------------------------------------

    def _keys_of(self) -> dict[str, set[bytes]]:
        keys: dict[str, set[bytes]] = {}
        if self.roster is not None:
            for member in self.roster.members:
                if member.valid_at(self.now):
                    keys.setdefault(member.device_id, set()).add(member.public_key)
        else:
            for key, (device, _role) in (*self.decisions.items(), *self.new_decisions.items()):
                keys.setdefault(device, set()).add(key)
        if self.own_key is not None:
            keys.setdefault(self.own_device, set()).add(self.own_key)
        return keys

    def _role(self, device: str) -> str:
        if device == self.own_device:
            return CENTRAL  # made here (vouched by this database's own key): nothing to decide
        if self.roster is not None:
            return self.roster.role_of(device, self.now) or INSPECTOR
        roles = {r for d, r in (*self.decisions.values(), *self.new_decisions.values()) if d == device}
        return LEAD if LEAD in roles else INSPECTOR

    def _segments(self, reader: BundleReader) -> dict[str, list[Segment]]:
        raw = reader.optional_member(layout.SEGMENTS)
        found: dict[str, list[Segment]] = {}
        if raw is None:
            return found
        for number, line in enumerate(raw.split(b"\n"), start=1):
            if not line.strip():
                continue
            try:
                segment = parse_segment(line)
            except ValueError as exc:
                raise BundleError(
                    _("not a valid segment: {problem}").format(problem=exc),
                    source=reader.label,
                    member=layout.SEGMENTS,
                    line=number,
                ) from None
            found.setdefault(segment.device, []).append(segment)
        return found

    def _new_origins(self, reader: BundleReader, segments: dict[str, list[Segment]]) -> None:
        """Without a roster, a segment of a device with no trusted key is a new signer: a person decides."""
        if self.roster is not None:
            return
        known = {d for d, _r in (*self.decisions.values(), *self.new_decisions.values())} | {self.own_device}
        for device, found in sorted(segments.items()):
            if device in known:
                continue
            key = found[0].key
            if not self.trust_new:
                self.undecided.append(
                    NewSigner(
                        _(
                            "carries revisions of device {device}, signed by {signer}, new here; check the "
                            "fingerprint with its owner, then import again with --trust-new (or pin a team roster)"
                        ).format(device=device, signer=fingerprint(key)),
                        source=reader.label,
                        key=key,
                        device=device,
                    )
                )
            self.new_decisions[key] = (device, self.trust_role)

    def check_lines(self, reader: BundleReader, info: BundleInfo, lines: list[Line]) -> None:
        """Every revision: id and generation, origin's voucher, origin's right to write it."""
        segments = self._segments(reader)
        self._new_origins(reader, segments)
        self.check_chunk(reader, info, lines, segments)

    def segment_origins(self, reader: BundleReader, segments: dict[str, list[Segment]]) -> None:
        """Without a roster, the origins of a bundle's segments with no trusted key (see check_lines)."""
        self._new_origins(reader, segments)

    def check_chunk(
        self, reader: BundleReader, info: BundleInfo, lines: list[Line], segments: dict[str, list[Segment]]
    ) -> None:
        """check_lines for some of a bundle's lines, given the segments that may vouch for them
        (a streaming import passes only the segments listing these revisions)."""
        keys_of = self._keys_of()
        vouched: dict[str, tuple[Segment, list[str]]] = {}
        for line in lines:
            revision = line.revision
            data_json = revision.data_json or ""  # built once: write_revisions stores the same text
            problem = generation_problem(revision)
            if problem is None:
                digest = revision.content_digest  # both hashes made once (the central intake: before its lock)
                wrong_id = None if revision.content_rev == revision.rev else id_problem(revision, data_json)
                if wrong_id is None:
                    problem, segment = vouch_problem(revision, info.device_id, reader.signer, segments, keys_of, digest)
                    if problem is not None and info.version < 2:
                        problem += " " + _(
                            "(a format version {version} bundle, made by {agent}, carries no segments)"
                        ).format(version=info.version, agent=info.agent)
                else:
                    segment, problem = self._legacy_sealed(revision, info, reader.signer, digest, segments, keys_of)
                    problem = None if problem is None else wrong_id
                if segment is not None:
                    vouched.setdefault(segment.text, (segment, []))[1].append(revision.rev)
            if problem is not None:
                raise BundleError(problem, source=reader.label, member=line.member, line=line.number)
        self._authorize(reader, lines)
        self.segments.extend((s.device, s.text, revs) for s, revs in vouched.values())

    def _legacy_sealed(
        self,
        revision: Revision,
        info: BundleInfo,
        signer: bytes,
        digest: str,
        segments: dict[str, list[Segment]],
        keys_of: dict[str, set[bytes]],
    ) -> tuple[Segment | None, str | None]:
        """(segment, problem) for a sealed occupant line whose id does not hash: made by an earlier release.

        That release hashed the plain data and sealed on export, so the id cannot be recomputed; such a
        line is accepted only when a segment that release signed (``Segment.legacy``) lists exactly the
        sealed bytes: the origin's own, or that of the pinned roster's central system, which sealed
        plain data on the way; or in a format version 1 bundle (no segments yet) when its signer is
        the origin. Anything this release made must hash."""
        refused = "not a sealed version made by an earlier release"
        if not sealed(revision):
            return None, refused
        if self._held_otherwise(revision):
            return None, refused  # one id never holds two contents: anyone may vouch for their own "legacy" line
        entry = f"{revision.rev} {digest}"
        trusted = keys_of.get(revision.origin, set())
        for segment in segments.get(revision.origin, []):
            if segment.legacy and segment.key in trusted and entry in segment.entries:
                return segment, None
        for device, found in segments.items():
            if self.roster is None or self._role(device) != CENTRAL:
                continue  # only a roster's central system re-sealed on the way; nobody else may vouch so
            for segment in found:
                if segment.legacy and segment.key in keys_of.get(device, set()) and entry in segment.entries:
                    return segment, None
        if info.version < 2 and revision.origin == info.device_id and signer in trusted:
            return None, None
        return None, refused

    def _held_otherwise(self, revision: Revision) -> bool:
        """Whether this revision id is already held (stored, or earlier in this import) with other
        content: an id that does not hash is taken only for what it first stood for."""
        if revision.rev in self.batch_data:
            return self.batch_data[revision.rev] != revision.data
        stored = self.writer.revision_data([revision.rev])
        return revision.rev in stored and stored[revision.rev] != revision.data

    def _authorize(self, reader: BundleReader, lines: list[Line]) -> None:
        revisions = [line.revision for line in lines]
        bases = [r.base_rev for r in revisions if r.base_rev and r.base_rev not in self.batch_data]
        stored = self.writer.revision_data(sorted(set(bases))) if bases else {}
        wanted: set[RecordKey] = set()
        earlier: dict[str, dict[str, Any] | None] = {}  # bases in this chunk (lines come parents first)
        base_data: list[dict[str, Any] | None] = []
        unplaced: list[Revision] = []  # built on a version that is neither here nor in this import
        for r in revisions:
            if r.base_rev is None:
                base_data.append(None)
            elif r.base_rev in earlier:
                base_data.append(earlier[r.base_rev])
            else:
                base_data.append(self.batch_data.get(r.base_rev, stored.get(r.base_rev)))
                if r.base_rev not in self.batch_data and r.base_rev not in stored:
                    unplaced.append(r)
            earlier[r.rev] = r.data
        held = self._held_versions([r for r in unplaced if self._role(r.origin) == INSPECTOR])
        signed = signed_inspections(self.writer, revisions, base_data, self.batch_inspections, self._role)
        owner_keys = [_owner_keys(r, base) for r, base in zip(revisions, base_data, strict=True)]
        for r, keys in zip(revisions, owner_keys, strict=True):
            if r.base_rev is None:
                self.batch_owners.setdefault((r.entity, r.record_id), r.origin)
            wanted.update(keys)
        # A record the store holds keeps the maker of its stored first version: another "first
        # version" of it in a bundle (a second root under the same id) does not make its sender the owner.
        owners = {**self.batch_owners, **self.writer.record_owners(sorted(wanted))} if wanted else self.batch_owners
        roles: dict[str, str] = {}
        for line, revision, base, keys in zip(lines, revisions, base_data, owner_keys, strict=True):
            role = roles.get(revision.origin)
            if role is None:
                role = roles[revision.origin] = self._role(revision.origin)
            problem, owner = None, None
            # Built on a version not here, it is judged against every version held here: what it
            # changed from its own base cannot be told, and its generation would put it above them.
            judged = held.get((revision.entity, revision.record_id)) or [base]
            for owner in [self._owner(key, owners.get(key)) for key in keys] or [None]:
                for against in judged:
                    locked = revision.entity == "findings" and (revision.data or {}).get("inspection_id") in signed
                    problem = authorization_problem(revision, Context(role, against, owner, locked))
                    if problem is not None:
                        break
                if problem is not None:
                    break
            if problem is not None and revision in unplaced and judged != [base]:
                problem = _("{problem} (built on a version not held here)").format(problem=problem)
            if problem is not None:
                said = _("{entity} {record}: device {device} ({role}) may not write this revision: {problem}").format(
                    entity=_(revision.entity),
                    record=revision.record_id,
                    device=revision.origin,
                    role=_(role),
                    problem=problem,
                )
                if role == INSPECTOR and authorization_problem(revision, Context(LEAD, base, owner)) is None:
                    said = self._as_lead(revision.origin, problem) or said
                raise BundleError(
                    said,
                    source=reader.label,
                    member=line.member,
                    line=line.number,
                )
        for revision in revisions:
            self.batch_data[revision.rev] = revision.data
            if revision.entity == "inspections":
                self.batch_inspections[revision.record_id] = (revision.data or {}).get("status")

    def _held_versions(self, revisions: list[Revision]) -> dict[RecordKey, list[dict[str, Any] | None]]:
        """The data of the versions held here (the stored leaves) of these revisions' records."""
        ids: dict[str, set[str]] = {}
        for r in revisions:
            ids.setdefault(r.entity, set()).add(r.record_id)
        leaves: dict[RecordKey, list[str]] = {}
        for entity, record_ids in ids.items():
            for record_id, found in self.writer.stored_leaves(entity, sorted(record_ids)).items():
                if found:
                    leaves[(entity, record_id)] = sorted(rev for _alive, _gen, rev in found)
        every = sorted({rev for revs in leaves.values() for rev in revs})
        data = self.writer.revision_data(every) if every else {}
        return {key: [data.get(rev) for rev in revs] for key, revs in leaves.items()}

    def _owner(self, key: RecordKey, device: str | None) -> str | None:
        """The device that owns what key names. An answer is keyed by its inspection and item, so a
        team lead may have answered an item first: that says nothing of who made the inspection,
        and a photo on it is then judged without an owner, as before answers' photos were asked."""
        if key[0] == "answers" and device is not None and self._role(device) != INSPECTOR:
            return None
        return device

    def _as_lead(self, device: str, problem: str) -> str | None:
        """A revision only a team lead may write, made by a device nobody trusted yet (no roster):
        the refusal says how to accept it as a team lead's, if it is one. None for a known device."""
        if self.roster is not None or any(d == device for d, _role in self.decisions.values()):
            return None
        new = sorted(key for key, (d, _role) in self.new_decisions.items() if d == device)
        if not new:
            return None
        return _(
            "signer {signer} is new here, and {problem}: check the fingerprint with its owner; "
            "a team lead's device is accepted with --trust-new --trust-role lead"
        ).format(signer=fingerprint(new[0]), problem=problem)

    # -- writing what was decided --------------------------------------------------------------------------

    def decide(self) -> None:
        """Raise the first NewSigner met (after every bundle passed all other checks)."""
        if self.undecided:
            raise self.undecided[0]

    def record(self) -> None:
        """Inside the import's transaction: decisions, the newer roster, the segments."""
        for key, (device, role) in sorted(self.new_decisions.items()):
            self.writer.record_trust(key, device, role, "trust-new")
        if self.roster_changed and self.roster is not None:
            self.writer.pin_roster(self.roster.text)
        if self.segments:
            self.writer.store_segments(self.segments)


def _owner_key(entity: str, record_id: str, data: dict[str, Any] | None) -> RecordKey | None:
    """The record whose maker owns a record with this data (its inspection, its finding or its answer)."""
    data = data or {}
    if entity == "inspections":
        return ("inspections", record_id)
    if entity in ("answers", "findings", "reviews") and isinstance(data.get("inspection_id"), str):
        return ("inspections", data["inspection_id"])
    if entity == "attachments" and isinstance(data.get("finding_id"), str):
        return ("findings", data["finding_id"])
    if entity == "attachments" and isinstance(data.get("answer_id"), str):
        return ("answers", data["answer_id"])
    return None


def _owner_keys(revision: Revision, base: dict[str, Any] | None) -> tuple[RecordKey, ...]:
    """The records whose makers own this revision: the one its data names and, when the revision
    moves the record (a finding into another inspection), the one its base named too."""
    keys = (
        _owner_key(revision.entity, revision.record_id, revision.data),
        _owner_key(revision.entity, revision.record_id, base),
    )
    return tuple(dict.fromkeys(key for key in keys if key is not None))
