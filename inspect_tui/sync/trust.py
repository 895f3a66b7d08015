"""Trust decisions on import, as pure functions over revisions and what the store can tell.

Three questions are asked of every revision a bundle carries, before anything is written:

1. Is it what it says it is? Its id is recomputed from exactly what travelled (record data with
   occupants' personal fields in their sealed form, parents, deletion) and its generation must be
   one more than its highest parent's. The one exception is a sealed occupant version made by an
   earlier release (it sealed on export, after hashing): accepted only when a segment that release
   signed lists exactly the sealed bytes (``Segment.legacy``).
2. Did its origin vouch for it? Either the bundle's signer is the origin device, or the bundle
   carries a change-log segment signed by the origin's key listing the revision and the digest
   of its content (relays pass segments on untouched).
3. May its origin write it? The origin's role (from the pinned roster; without a roster every
   trusted device is an inspector) decides per record kind, status and parents.

The central store calls the same functions (see ``store.batch.BatchWriter``).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from inspect_tui.i18n import N_, _
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.revisions import Revision, digest_of, make_rev, stamp_of

INSPECTOR, LEAD, CENTRAL = "inspector", "lead", "central"
INSPECTOR_KINDS = frozenset({"sites", "units", "occupants", "inspections", "answers", "findings", "attachments"})
INSPECTOR_STATUSES = frozenset({"draft", "completed"})
STATUS_WORDS = {"approved": N_("approved"), "returned": N_("returned")}
"""The statuses only a team lead sets, as a refusal names them in the reader's language."""
OWNED_BY_INSPECTION = frozenset({"answers", "findings"})
MAX_SEGMENT_REVS = 2_000_000


def generation(rev: str) -> int:
    """The generation written in a revision id."""
    return int(rev.split("-", 1)[0])


def revision_problem(revision: Revision, data_json: str | None = None) -> str | None:
    """Why a revision's generation or id is not what its content makes it, or None.

    Every id is recomputed, sealed occupant lines included: their personal fields are sealed when
    the version is made, so the id hashes the sealed bytes that travel (see ``store.sealing``).
    """
    return generation_problem(revision) or id_problem(revision, data_json)


def generation_problem(revision: Revision) -> str | None:
    """Why a revision's generation is not one more than its highest parent's, or None."""
    parents = [p for p in (revision.base_rev, *revision.merged) if p]
    expected = 1 + max((generation(p) for p in parents), default=0)
    if revision.gen != expected:
        return _(
            "gen {gen} is not one more than its highest parent's ({expected}); refusing a forged generation"
        ).format(gen=revision.gen, expected=expected)
    return None


def id_problem(revision: Revision, data_json: str | None = None) -> str | None:
    """Why a revision's id is not the hash of exactly what travelled (data, parents, deletion), or None."""
    if data_json is None:
        data_json = canonical_json(revision.data) if revision.data is not None else ""
    computed = make_rev(
        revision.entity,
        revision.record_id,
        revision.gen,
        revision.base_rev,
        revision.merged,
        revision.deleted,
        data_json,
        stamp_of(revision.made_at, revision.made_by),
    )
    if computed != revision.rev:
        return _(
            "rev {rev} is not the hash of its content ({computed}); the record was changed after it was made"
        ).format(rev=revision.rev, computed=computed)
    return None


def sealed(revision: Revision) -> bool:
    """The revision carries personal fields sealed to the central key."""
    return revision.entity == "occupants" and bool(revision.data and revision.data.get("sealed"))


def content_digest(revision: Revision) -> str:
    """What an origin's segment lists per revision: a hash of the revision as it travels."""
    data_json = canonical_json(revision.data) if revision.data is not None else ""
    stamp = stamp_of(revision.made_at, revision.made_by)
    return digest_of(
        revision.entity, revision.record_id, revision.rev, revision.deleted, revision.merged, data_json, stamp
    )


# -- change-log segments --------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A device's signed statement: these revisions (with these digests) are mine."""

    device: str
    key: bytes
    seq_from: int
    seq_to: int
    entries: frozenset[str]
    """``<rev> <digest>`` per revision."""
    text: str
    """The signed line as it travels (relayed untouched)."""
    legacy: bool = False
    """Signed by an earlier release (no ``version`` in its body): it sealed occupants' personal fields on
    export, after hashing, so the sealed lines it lists cannot be re-hashed (see ``sync.gate``)."""


SEGMENT_VERSION = 2
"""Segments of this release: every revision they list hashes to its id as it travels."""
_LEGACY_FIELDS = frozenset({"device", "key", "seq_from", "seq_to", "revs"})


def _segment_body(device: str, key: bytes, seq_from: int, seq_to: int, entries: list[str]) -> dict[str, Any]:
    return {
        "device": device,
        "key": key.hex(),
        "seq_from": seq_from,
        "seq_to": seq_to,
        "revs": entries,
        "version": SEGMENT_VERSION,
    }


def make_segment(signing_key: SigningKey, device: str, seq: tuple[int, int], entries: Iterable[str]) -> str:
    """One signed segment line: ``<rev> <digest>`` entries of revisions this device made."""
    entries = sorted(entries)
    body = _segment_body(device, bytes(signing_key.verify_key), seq[0], seq[1], entries)
    signature = signing_key.sign(canonical_json(body).encode()).signature
    return canonical_json({"body": body, "signature": base64.b64encode(signature).decode()})


def parse_segment(line: str | bytes) -> Segment:
    """Check one segment line's form and signature; raises ValueError naming what is wrong."""
    try:
        document = json.loads(line)
        body = document["body"]
        signature = base64.b64decode(document["signature"], validate=True)
        key = bytes.fromhex(body["key"])
        entries = body["revs"]
        legacy = set(body) == _LEGACY_FIELDS
        if not legacy and (set(body) != _LEGACY_FIELDS | {"version"} or body["version"] != SEGMENT_VERSION):
            raise ValueError(_("missing or unknown fields"))
        if not isinstance(entries, list):
            raise ValueError(_("missing or unknown fields"))
        if len(entries) > MAX_SEGMENT_REVS or not all(isinstance(e, str) and len(e) < 80 for e in entries):
            raise ValueError(_("revs is not a list of revision entries"))
        VerifyKey(key).verify(canonical_json(body).encode(), signature)
        seq_from, seq_to = int(body["seq_from"]), int(body["seq_to"])
    except BadSignatureError:
        raise ValueError(_("its signature does not verify with the key it names")) from None
    except RecursionError:  # a hostile line of nested brackets: json gives up before the signature is read
        raise ValueError(_("not a signed segment (nested too deeply)")) from None
    except (KeyError, TypeError, binascii.Error, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(_("not a signed segment ({problem})").format(problem=exc.__class__.__name__)) from None
    text = line.decode() if isinstance(line, bytes) else line
    return Segment(str(body["device"]), key, seq_from, seq_to, frozenset(entries), text.strip(), legacy)


def vouch_problem(
    revision: Revision,
    bundle_device: str,
    signer: bytes,
    segments: Mapping[str, list[Segment]],
    keys_of: Mapping[str, set[bytes]],
    digest: str | None = None,
) -> tuple[str | None, Segment | None]:
    """(why the revision's origin did not vouch for it or None, the segment that vouched).

    keys_of: per device id, the keys trusted to speak for it (roster or recorded decisions).
    """
    origin = revision.origin
    entry = f"{revision.rev} {digest or content_digest(revision)}"
    trusted = keys_of.get(origin, set())
    for segment in segments.get(origin, []):
        if segment.key in trusted and entry in segment.entries:
            return None, segment
    if origin == bundle_device and signer in trusted:
        return None, None
    if not trusted:
        return _("claims origin {origin}, a device with no trusted key here; refusing a spoofed origin").format(
            origin=origin
        ), None
    return (
        _(
            "claims origin {origin}, but neither the bundle signer is that device nor does a segment signed by "
            "its key list this revision with this content"
        ).format(origin=origin),
        None,
    )


# -- who may write what ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What the rules need to know besides the revision itself."""

    role: str
    """The origin device's role."""
    base: dict[str, Any] | None
    """The data of the revision's base (None for a first version or an unknown base)."""
    owner: str | None
    """The device that made the record this revision belongs to (or its inspection), if known."""
    signed: bool = False
    """A finding's inspection is signed (completed or approved) as held here: its findings keep what
    they say, and only gain deadline extensions, a withdrawal or a re-inspection's confirmation."""


def authorization_problem(revision: Revision, context: Context) -> str | None:
    """Why the origin may not write this revision (CouchDB's validate_doc_update), or None."""
    role = context.role
    if role in (LEAD, CENTRAL):
        return None
    if revision.merged:
        return _("only a team lead resolves conflicts (a revision with several parents)")
    if revision.entity == "reviews" and _own_reopening(revision, context):
        return None
    if revision.entity not in INSPECTOR_KINDS:
        return _("only a team lead writes {entity}").format(entity=_(revision.entity))
    if context.owner is not None and context.owner != revision.origin:
        return _("an inspector writes only the inspections it made (this one is device {owner}'s)").format(
            owner=context.owner
        )
    if revision.entity == "inspections" and revision.data is not None:
        status = revision.data.get("status")
        before = context.base.get("status") if context.base else None
        if status not in INSPECTOR_STATUSES and status != before:
            shown = _(STATUS_WORDS[status]) if status in STATUS_WORDS else status
            return _("only a team lead sets an inspection's status to {status}").format(status=shown)
        if before == "approved" and status != before:
            return _("only a team lead takes back the approval of an inspection")
        if before in ("completed", "approved") and status == before and not revision.deleted:
            # signed: the app changes nothing of it until it is reopened (the inspector's own `R`
            # of a completed one, a team lead's of an approved one), so neither may a bundle
            return _("an inspector does not change a signed inspection; reopen it first")
        if revision.deleted and (status != "draft" or (before not in (None, "draft"))):
            return _("only a team lead deletes a signed inspection")
    if revision.entity == "findings":
        return _finding_problem(revision, context)
    return None


def _own_reopening(revision: Revision, context: Context) -> bool:
    """The record of an inspector reopening a completed inspection of its own (the app's ``R``):
    a first version, never changed or removed, of a review with the decision "reopen"."""
    data = revision.data or {}
    return (
        data.get("decision") == "reopen"
        and revision.base_rev is None
        and not revision.deleted
        and context.owner is not None
        and context.owner == revision.origin
    )


FINDING_LIFE = frozenset(
    {
        "extensions",
        "deadline",
        "status",
        "withdrawn_reason",
        "withdrawn_by",
        "withdrawn_at",
        "confirmed_in",
        "confirmed_by",
        "confirmed_at",
    }
)
"""What of a signed inspection's finding still changes: its deadline by an extension, its withdrawal,
and a re-inspection's confirmation (resolved or still open)."""


def _finding_problem(revision: Revision, context: Context) -> str | None:
    """An inspector keeps a finding's history: extensions are only added, a withdrawal stays; a
    finding of a signed inspection keeps what it says (severity, description, item, unit)."""
    if context.base is None or revision.data is None:
        return None
    if context.signed:
        changed = {k for k in {*context.base, *revision.data} if context.base.get(k) != revision.data.get(k)}
        said = sorted(changed - FINDING_LIFE - {"id"})
        if said:
            return _(
                "a finding of a signed inspection keeps what it says ({fields}); only a team lead changes it"
            ).format(fields=", ".join(said))
    before = context.base.get("extensions") or []
    after = revision.data.get("extensions") or []
    if after[: len(before)] != before:
        return _("a finding's deadline extensions are kept; only a team lead removes or changes one")
    if context.base.get("status") == "withdrawn" and revision.data.get("status") != "withdrawn":
        return _("only a team lead takes back the withdrawal of a finding")
    return None
