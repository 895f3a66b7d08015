"""`keys roster …`: make, change, show and pin the team roster (signed by the central key)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click
from nacl.signing import SigningKey

from inspect_tui.cli.context import CliContext, FilePath, UserError, pass_context, refuse_dash
from inspect_tui.cli.help_text import HelpGroup
from inspect_tui.domain.text import check_safe_text, printable
from inspect_tui.i18n import N_, _, format_date, format_datetime
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.store.trust import pin_roster, pinned_roster
from inspect_tui.sync.envelope import DEVICE_PATTERN
from inspect_tui.sync.errors import KeyProblem
from inspect_tui.sync.keys import fingerprint, parse_public_key
from inspect_tui.sync.roster import (
    ROLES,
    Member,
    Roster,
    check_pin,
    parse_roster,
    read_roster_file,
    revoked,
    sign_roster,
    with_member,
)

_KEY_OPTION = click.option(
    "--central-key",
    "central_key_file",
    required=True,
    type=FilePath(path_type=Path, dir_okay=False),
    help="The central system's roster signing key file (made by `keys roster new`; keep it central).",
)


def _read_key(path: Path) -> SigningKey:
    try:
        seed = bytes.fromhex(path.read_text(errors="replace").strip())
    except (OSError, ValueError):
        seed = b""
    if len(seed) != 32:
        raise UserError(
            _("{path} does not hold a roster signing key (64 hex digits); make one with keys roster new").format(
                path=path
            )
        )
    return SigningKey(seed)


def _write_private(path: Path, text: str, *, new: bool) -> None:
    """Write text to path, readable by its owner only (a new file, or replacing an old one atomically)."""
    target = path if new else path.with_name(f".{path.name}.part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(target, flags, 0o600)
        try:
            os.write(fd, text.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if not new:
            os.replace(target, path)
    except FileExistsError:
        raise UserError(_("{path} already exists; choose another file name").format(path=target)) from None
    except OSError as exc:
        raise UserError(_("cannot write {path}: {problem}").format(path=target, problem=os_problem(exc))) from None


def _load(path: Path) -> Roster:
    try:
        text = read_roster_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            _("cannot read the roster {path}: {problem}").format(path=path, problem=os_problem(exc))
        ) from None
    try:
        return parse_roster(text, str(path))
    except KeyProblem as exc:
        raise UserError(str(exc)) from None


def _moment(text: str | None, what: str) -> str | None:
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UserError(
            _("{what} is not an ISO 8601 date or time (e.g. 2026-12-31 or 2026-12-31T17:00+01:00)").format(what=what)
        ) from None
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()


def _show(roster: Roster) -> None:
    click.echo(
        _("Roster serial {serial}, issued {issued}, central key {key}").format(
            serial=roster.serial, issued=format_datetime(roster.issued), key=fingerprint(roster.central_key)
        )
    )
    now = dt.datetime.now(dt.UTC)
    for m in roster.members:
        state = _("valid") if m.valid_at(now) else _("NOT VALID NOW")
        until = format_date(m.valid_until[:10]) if m.valid_until else "-"
        period = _("from {start} until {end}").format(start=format_date(m.valid_from[:10]), end=until)
        click.echo(
            printable(f"  {m.device_id:<24} {_(m.role):<9} {fingerprint(m.public_key)}  {m.person}  {period}  {state}")
        )


@click.group("roster", cls=HelpGroup)
def roster_group() -> None:
    """The team roster: devices, their keys, people and roles, signed by the central key."""


@roster_group.command("new")
@_KEY_OPTION
@click.option("--out", required=True, type=FilePath(path_type=Path, dir_okay=False), help="The roster file to write.")
def roster_new(central_key_file: Path, out: Path) -> None:
    """Start an empty roster (and make the central signing key when the file does not exist yet)."""
    refuse_dash(out, _("a roster cannot be written to standard output; give a file name, e.g. --out roster.json"))
    refuse_dash(
        central_key_file,
        _("a key cannot be written to standard output; give a file name, e.g. --central-key roster-central.key"),
    )
    if central_key_file.exists():
        key = _read_key(central_key_file)
    else:
        key = SigningKey.generate()
        _write_private(central_key_file, bytes(key).hex() + "\n", new=True)
        click.echo(
            _("Wrote a new central roster key to {path}; keep it on the central system only.").format(
                path=central_key_file
            )
        )
    roster = sign_roster(key, 1, [])
    _write_private(out, roster.text, new=True)
    click.echo(
        _("Wrote roster serial 1 to {path}, central key {key}.").format(path=out, key=fingerprint(roster.central_key))
    )


@roster_group.command("add")
@click.argument("roster_file", type=FilePath(path_type=Path, dir_okay=False))
@_KEY_OPTION
@click.option("--device", required=True, help="The device id (shown by `inspect-tui keys` on that device).")
@click.option("--public-key", required=True, help="The device's public signing key (hex, from `keys`).")
@click.option("--person", required=True, help="Who uses the device.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="inspector, lead or central.")
@click.option("--valid-from", default=None, help="ISO date or time (default: now).")
@click.option("--valid-until", default=None, help="ISO date or time (default: no end).")
def roster_add(
    roster_file: Path,
    central_key_file: Path,
    device: str,
    public_key: str,
    person: str,
    role: str,
    valid_from: str | None,
    valid_until: str | None,
) -> None:
    """Add a device to the roster (signs a new serial)."""
    import re

    if not re.fullmatch(DEVICE_PATTERN, device):
        raise UserError(
            _("{device} is not a device id (letters, digits, . _ : -)").format(device=repr(printable(device[:40])))
        )
    if not person.strip() or len(person) > 100:
        raise UserError(_("--person must be a name of 1 to 100 characters"))
    try:
        check_safe_text(person.strip())  # shown again in every roster listing and trust decision
    except ValueError as exc:
        raise UserError("--person: " + str(exc)) from None
    try:
        key = parse_public_key(public_key, "--public-key")
    except KeyProblem as exc:
        raise UserError(str(exc)) from None
    start = _moment(valid_from, "--valid-from") or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    until = _moment(valid_until, "--valid-until")
    if until is not None and dt.datetime.fromisoformat(until) <= dt.datetime.fromisoformat(start):
        raise UserError(
            _("--valid-until {until} is not after --valid-from {start}; give a later --valid-until").format(
                until=valid_until, start=valid_from or _("(now)")
            )
        )
    member = Member(device, key, person.strip(), role, start, until)
    try:
        roster = with_member(_load(roster_file), _read_key(central_key_file), member)
    except KeyProblem as exc:
        raise UserError(str(exc)) from None
    _write_private(roster_file, roster.text, new=False)
    click.echo(
        _("Added {device} ({role}, {key}); roster serial {serial}.").format(
            device=device, role=_(role), key=fingerprint(key), serial=roster.serial
        )
    )


@roster_group.command("revoke")
@click.argument("roster_file", type=FilePath(path_type=Path, dir_okay=False))
@_KEY_OPTION
@click.option("--device", required=True, help="The device id whose keys stop being valid now.")
def roster_revoke(roster_file: Path, central_key_file: Path, device: str) -> None:
    """End a device's entries now (signs a new serial); its bundles are refused from then on."""
    try:
        roster = revoked(_load(roster_file), _read_key(central_key_file), device)
    except KeyProblem as exc:
        raise UserError(str(exc)) from None
    _write_private(roster_file, roster.text, new=False)
    click.echo(
        _("Revoked {device}; roster serial {serial}. Pin it or send it in a bundle to take effect.").format(
            device=device, serial=roster.serial
        )
    )


@roster_group.command("show")
@click.argument("roster_file", required=False, type=FilePath(path_type=Path, dir_okay=False))
@click.pass_context
def roster_show(click_ctx: click.Context, roster_file: Path | None) -> None:
    """Show a roster file, or (without one) the roster this database has pinned."""
    if roster_file is not None:
        _show(_load(roster_file))
        return
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None
    text = pinned_roster(ctx.open())
    if text is None:
        click.echo(
            _("No roster pinned: every accepted device acts as an inspector. Pin one with keys roster pin FILE.")
        )
        return
    try:
        _show(parse_roster(text, N_("the pinned roster")))
    except KeyProblem as exc:
        raise UserError(str(exc)) from None


@roster_group.command("pin")
@click.argument("roster_file", type=FilePath(path_type=Path, dir_okay=False))
@click.option(
    "--new-roster-key",
    metavar="FINGERPRINT",
    help="Confirm a change of roster key: the fingerprint of the key that signed ROSTER_FILE, as checked.",
)
@pass_context
def roster_pin(ctx: CliContext, roster_file: Path, new_roster_key: str | None) -> None:
    """Pin a roster: from now on only its devices' bundles are imported, with its roles."""
    roster = _load(roster_file)
    db = ctx.open()
    with db.atomic():
        try:
            check_pin(pinned_roster(db), roster, str(roster_file), new_roster_key)
        except KeyProblem as exc:
            raise UserError(exc.reason) from None
        pin_roster(db, roster.text)
    click.echo(
        _("Pinned roster serial {serial} (central key {key}).").format(
            serial=roster.serial, key=fingerprint(roster.central_key)
        )
    )
