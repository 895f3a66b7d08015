"""The team roster: which device keys may sign bundles, for whom, in which role, until when.

A roster is a JSON document ``{"body": {...}, "signature": "<base64>"}`` whose body lists
devices (device id, Ed25519 public key, person, role, valid from / until) and is signed by the
central system's Ed25519 key. A device pins one roster (an explicit act: ``keys roster pin``);
after that a roster that arrives in a bundle replaces the pinned one only when the same central
key signed it and its serial is higher (rotation and revocation are new signed lists, never a
silent change). Pure functions: no database here.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from inspect_tui.i18n import N_, _, format_number
from inspect_tui.i18n.json_errors import json_decode_problem
from inspect_tui.sync.errors import KeyProblem
from inspect_tui.sync.keys import fingerprint

ROSTER_FORMAT = "inspect-tui-roster"
ROLES = ("inspector", "lead", "central")
MAX_ROSTER_BYTES = 1024 * 1024
MAX_DEVICES = 5000


@dataclass(frozen=True)
class Member:
    """One device on the roster."""

    device_id: str
    public_key: bytes
    person: str
    role: str
    valid_from: str
    valid_until: str | None

    def valid_at(self, when: dt.datetime) -> bool:
        """The entry is in force at when (valid_from inclusive, valid_until exclusive)."""
        start = _when(self.valid_from)
        end = _when(self.valid_until) if self.valid_until else None
        return start <= when and (end is None or when < end)

    def as_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "public_key": self.public_key.hex(),
            "person": self.person,
            "role": self.role,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
        }


@dataclass(frozen=True)
class Roster:
    """A roster whose signature has been checked."""

    central_key: bytes
    serial: int
    issued: str
    members: tuple[Member, ...]
    text: str
    """The signed document as it travels."""

    def member_for_key(self, key: bytes, when: dt.datetime | None = None) -> Member | None:
        """The valid entry of a signing key (None: not on the roster, or revoked/expired)."""
        moment = when or dt.datetime.now(dt.UTC)
        for member in self.members:
            if member.public_key == key and member.valid_at(moment):
                return member
        return None

    def keys_of(self, device: str, when: dt.datetime | None = None) -> set[bytes]:
        """The keys valid for a device id."""
        moment = when or dt.datetime.now(dt.UTC)
        return {m.public_key for m in self.members if m.device_id == device and m.valid_at(moment)}

    def role_of(self, device: str, when: dt.datetime | None = None) -> str | None:
        """The role of a device id (the highest of its valid entries), or None when it is not on the roster."""
        moment = when or dt.datetime.now(dt.UTC)
        roles = {m.role for m in self.members if m.device_id == device and m.valid_at(moment)}
        for role in ("central", "lead", "inspector"):
            if role in roles:
                return role
        return None


def _when(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign_roster(key: SigningKey, serial: int, members: list[Member], now: dt.datetime | None = None) -> Roster:
    """A new roster document signed by the central key."""
    issued = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    body = {
        "format": ROSTER_FORMAT,
        "version": 1,
        "central_key": bytes(key.verify_key).hex(),
        "serial": serial,
        "issued": issued,
        "devices": [m.as_json() for m in members],
    }
    signature = key.sign(_canonical(body)).signature
    text = json.dumps({"body": body, "signature": base64.b64encode(signature).decode()}, indent=1, sort_keys=True)
    return Roster(bytes(key.verify_key), serial, issued, tuple(members), text + "\n")


def read_roster_file(path: Path) -> str:
    """A roster file's text, read no further than a roster may be long: a device or a pipe given as
    the file (/dev/zero) never ends. Raises OSError or UnicodeDecodeError; parse_roster refuses the
    length."""
    with path.open("rb") as handle:
        data = handle.read(MAX_ROSTER_BYTES + 1)
    return data.decode("utf-8", errors="strict" if len(data) <= MAX_ROSTER_BYTES else "replace")


def parse_roster(text: str | bytes, where: str = N_("the roster")) -> Roster:
    """Check a roster document's form and its signature (by the central key it names)."""
    if len(text) > MAX_ROSTER_BYTES:
        raise KeyProblem(
            _("{where} is larger than {limit} bytes").format(where=_(where), limit=format_number(MAX_ROSTER_BYTES, 0))
        )
    try:
        document = json.loads(text)
        body = document["body"]
        signature = base64.b64decode(document["signature"], validate=True)
        if body["format"] != ROSTER_FORMAT or body["version"] != 1:
            raise ValueError(_("not an inspect-tui roster, version 1"))
        central = bytes.fromhex(body["central_key"])
        serial = body["serial"]
        if not isinstance(serial, int) or isinstance(serial, bool) or serial < 1:
            raise ValueError(_("serial is not a positive whole number"))
        _when(body["issued"])
        devices = body["devices"]
        if not isinstance(devices, list) or len(devices) > MAX_DEVICES:
            raise ValueError(_("devices is not a list of at most 5000 entries"))
        members = []
        for entry in devices:
            if set(entry) != {"device_id", "public_key", "person", "role", "valid_from", "valid_until"}:
                raise ValueError(_("a device entry has missing or unknown fields"))
            if entry["role"] not in ROLES:
                raise ValueError(
                    _("role {role} is not one of {roles}").format(
                        role=repr(str(entry["role"])[:20]), roles=", ".join(ROLES)
                    )
                )
            key = bytes.fromhex(entry["public_key"])
            if len(key) != 32:
                raise ValueError(_("a public key is not 32 bytes"))
            _when(entry["valid_from"])
            if entry["valid_until"] is not None:
                _when(entry["valid_until"])
            members.append(
                Member(
                    str(entry["device_id"]),
                    key,
                    str(entry["person"]),
                    entry["role"],
                    entry["valid_from"],
                    entry["valid_until"],
                )
            )
    except KeyError as exc:
        problem = _("the field {name} is missing").format(name=repr(str(exc.args[0])[:40]) if exc.args else "?")
        raise KeyProblem(
            _("{where} is not a valid roster: {problem}").format(where=_(where), problem=problem)
        ) from None
    except RecursionError:  # nested brackets deeper than json reads: no roster
        problem = _("its JSON is nested too deeply")
        raise KeyProblem(
            _("{where} is not a valid roster: {problem}").format(where=_(where), problem=problem)
        ) from None
    except json.JSONDecodeError as exc:
        problem = json_decode_problem(exc)
        raise KeyProblem(
            _("{where} is not a valid roster: {problem}").format(where=_(where), problem=problem)
        ) from None
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise KeyProblem(_("{where} is not a valid roster: {problem}").format(where=_(where), problem=exc)) from None
    try:
        VerifyKey(central).verify(_canonical(body), signature)
    except (BadSignatureError, ValueError):
        raise KeyProblem(
            _("{where}: the signature does not verify with its central key").format(where=_(where))
        ) from None
    plain = text.decode() if isinstance(text, bytes) else text
    return Roster(central, serial, body["issued"], tuple(members), plain)


def replaces(pinned: Roster | None, candidate: Roster) -> bool:
    """candidate may replace the pinned roster: same central key, higher serial."""
    return pinned is not None and candidate.central_key == pinned.central_key and candidate.serial > pinned.serial


def _bare(fingerprint_text: str) -> str:
    return "".join(fingerprint_text.split()).lower()


def check_pin(pinned_text: str | None, candidate: Roster, where: str, new_roster_key: str | None = None) -> None:
    """candidate may be pinned by hand in place of the pinned roster, or KeyProblem says why not.

    The same roster key: not an older serial (no rollback), and the pinned serial only with the same
    content (a serial names one roster; a change needs a higher one). Another roster key is a change of trust
    anchor: refused unless new_roster_key, the fingerprint the person checked, is the new key's.
    """
    new = fingerprint(candidate.central_key)
    if new_roster_key is not None and _bare(new_roster_key) != _bare(new):
        raise KeyProblem(
            _("--new-roster-key {given} is not the key that signed {path} ({new}); check the fingerprint").format(
                given=new_roster_key, path=where, new=new
            )
        )
    if pinned_text is None:
        return
    pinned = parse_roster(pinned_text, N_("the pinned roster"))
    if candidate.central_key != pinned.central_key:
        if new_roster_key is None:
            raise KeyProblem(
                _(
                    "{path} is signed by roster key {new}, not by the pinned roster's key {old}; "
                    "if the roster key was changed on purpose, check {new} with its keeper "
                    'and pin again with --new-roster-key "{new}"'
                ).format(path=where, new=new, old=fingerprint(pinned.central_key))
            )
        return
    if candidate.serial < pinned.serial:
        raise KeyProblem(
            _("{path} has serial {serial}, older than the pinned serial {pinned}").format(
                path=where, serial=candidate.serial, pinned=pinned.serial
            )
        )
    if candidate.serial == pinned.serial and not same_content(candidate, pinned):
        raise KeyProblem(
            _(
                "{path} has serial {serial}, which is already pinned with other content; a changed roster "
                "needs a higher serial: make the change with keys roster add or keys roster revoke, "
                "which sign the next one"
            ).format(path=where, serial=candidate.serial)
        )


def same_content(one: Roster, other: Roster) -> bool:
    """The two rosters have the same signed body (key, serial, issued, devices), layout aside."""
    if one.text == other.text:
        return True
    return _canonical(json.loads(one.text)["body"]) == _canonical(json.loads(other.text)["body"])


def with_member(roster: Roster, key: SigningKey, member: Member) -> Roster:
    """The next roster: member added (an entry for the same device and key is replaced)."""
    check_central(roster, key)
    kept = [m for m in roster.members if not (m.device_id == member.device_id and m.public_key == member.public_key)]
    return sign_roster(key, roster.serial + 1, [*kept, member])


def revoked(roster: Roster, key: SigningKey, device: str, now: dt.datetime | None = None) -> Roster:
    """The next roster: every entry of device ends now."""
    check_central(roster, key)
    moment = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    if not any(m.device_id == device for m in roster.members):
        raise KeyProblem(_("device {device} is not on the roster").format(device=device))
    members = [
        Member(m.device_id, m.public_key, m.person, m.role, m.valid_from, moment)
        if m.device_id == device and (m.valid_until is None or m.valid_until > moment)
        else m
        for m in roster.members
    ]
    return sign_roster(key, roster.serial + 1, members)


def check_central(roster: Roster, key: SigningKey) -> None:
    """The key given is the one that signed the roster."""
    if bytes(key.verify_key) != roster.central_key:
        raise KeyProblem(
            _("this roster was signed by central key {signer}, not by {given}; use the key that made it").format(
                signer=fingerprint(roster.central_key), given=fingerprint(bytes(key.verify_key))
            )
        )
