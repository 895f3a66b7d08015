"""Subcommands for offline sync: export, verify, import, keys, conflicts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from inspect_tui.cli.context import CliContext, UserError, pass_context
from inspect_tui.cli.roster import roster_group
from inspect_tui.domain.text import printable
from inspect_tui.i18n.counts import records_and_revisions
from inspect_tui.store.bundles import KEEP_SNAPSHOTS
from inspect_tui.store.conflicts import open_conflicts
from inspect_tui.store.db import device_id, get_meta
from inspect_tui.store.trust import pinned_roster, trust_decisions
from inspect_tui.sync.errors import BundleError, KeyProblem
from inspect_tui.sync.export import META_LAST_EXPORT, export_bundle
from inspect_tui.sync.importer import Receipt, import_bundles
from inspect_tui.sync.keys import (
    META_CENTRAL_PUBLIC,
    central_key,
    ensure_signing_key,
    fingerprint,
    new_central_keypair,
    read_trusted_keys,
    rotate_signing_key,
    set_central_key,
    signing_public_key,
)
from inspect_tui.sync.layout import KINDS
from inspect_tui.sync.reader import ReadProgress
from inspect_tui.sync.verify import verify_bundle

_BIG_EXPORT_ROWS = 5_000
_BIG_IMPORT_BYTES = 5 * 1024**2
_SEALED_NAMES = "BSN, date of birth, phone and e-mail"


@contextmanager
def _progress_bar(label: str, big: bool) -> Iterator[ReadProgress | None]:
    """A progress bar on stderr for long jobs on a terminal; None otherwise."""
    if not (big and sys.stderr.isatty()):
        yield None
        return
    with click.progressbar(length=1000, label=label, file=sys.stderr) as bar:
        shown = 0

        def report(done: int, total: int) -> None:
            nonlocal shown
            position = min(1000, int(1000 * done / max(total, 1)))
            if position > shown:
                bar.update(position - shown)
                shown = position

        yield report


@contextmanager
def _bundle_errors() -> Iterator[None]:
    """A bundle or key problem becomes the one-line `Error: …` of every command."""
    try:
        yield
    except BundleError as exc:
        raise UserError(str(exc)) from None


@click.command("export")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Bundle file to write, or a folder to write it in.",
)
@click.option("--all", "everything", is_flag=True, help="Carry every change, not only those since the last export.")
@pass_context
def export_command(ctx: CliContext, out: Path, everything: bool) -> None:
    """Write a signed bundle with the changes since the last export (or all of them)."""
    db = ctx.open()
    with _bundle_errors():
        key = ensure_signing_key(db, ctx.db_path)
        since = 0 if everything else int(get_meta(db, META_LAST_EXPORT) or 0)
        rows = int(db.execute("SELECT COUNT(*) FROM changes WHERE seq > ?", [since]).fetchone()[0])
        with _progress_bar("Exporting", rows > _BIG_EXPORT_ROWS) as progress:
            result = export_bundle(db, out, key, everything=everything, progress=progress)
    if result is None:
        click.echo(f"Nothing changed since the last export (change {since}); use --all to export everything.")
        return
    click.echo(f"Wrote {result.path}")
    click.echo(f"  bundle {result.bundle_id}, changes {result.seq_from}–{result.seq_to} of this device")
    carried = [
        records_and_revisions(kind, result.records.get(kind, 0), result.counts[kind])
        for kind in KINDS
        if result.counts[kind]
    ]
    click.echo(f"  records: {', '.join(carried) or 'none'}")
    click.echo(f"  attachment files: {result.files:,}")
    central = central_key(db)
    if central is not None:
        click.echo(f"Occupants' {_SEALED_NAMES} are sealed to the central key {fingerprint(bytes(central))}.")
    else:
        click.echo(
            f"Warning: no central key is set, so occupants' {_SEALED_NAMES} travel UNENCRYPTED in this "
            f"bundle. Set one with: inspect-tui --db {ctx.db_path} keys set-central PUBKEY",
            err=True,
        )


@click.command("verify")
@click.argument("bundle", type=click.Path(path_type=Path, dir_okay=False))
def verify_command(bundle: Path) -> None:
    """Check a bundle's layout, hashes, signature and every record, without a database."""
    big = bundle.exists() and bundle.stat().st_size > _BIG_IMPORT_BYTES
    with _bundle_errors(), _progress_bar("Verifying", big) as progress:
        report = verify_bundle(bundle, progress=progress)
    info = report.info
    click.echo(f"{report.source}: valid")
    click.echo(f"  bundle {info.bundle_id} made {info.created}")
    click.echo(f"  device {info.device_id}, changes {info.seq_from}–{info.seq_to}")
    click.echo(f"  signed by {report.signer_fingerprint} ({report.signer.hex()})")
    kinds = ", ".join(f"{kind} {info.counts[kind]:,}" for kind in KINDS)
    click.echo(f"  {report.records:,} revisions: {kinds}; {report.files:,} attachment files")
    click.echo(
        f"  personal data: {'sealed to the central key' if info.sealed else 'unencrypted (no central key was set)'}"
    )


def _print_receipt(receipt: Receipt) -> None:
    if receipt.already:
        click.echo(f"{receipt.source}: bundle {receipt.bundle_id} {receipt.already}; nothing changed.")
        return
    verb = "Dry run, nothing changed" if receipt.dry_run else "Imported"
    click.echo(f"{verb}: {receipt.source}, bundle {receipt.bundle_id}")
    click.echo(f"  from device {receipt.device_id}, signed by {receipt.signer_fingerprint}")
    if receipt.new_signer:
        click.echo(f"  new signer: {receipt.signer_fingerprint} (device {receipt.device_id})")
    for note in receipt.notes:
        click.echo(f"  note: {note}")
    width = max(len(k) for k in KINDS)
    click.echo(f"  {'':<{width}}  {'new':>7}  {'updated':>7}  {'unchanged':>9}  {'conflicts':>9}")
    for kind in KINDS:
        c = receipt.counts[kind]
        click.echo(f"  {kind:<{width}}  {c['new']:>7,}  {c['updated']:>7,}  {c['unchanged']:>9,}  {c['conflict']:>9,}")
    carried = [
        records_and_revisions(kind, sum(receipt.counts[kind].values()), receipt.revisions.get(kind, 0))
        for kind in KINDS
        if any(receipt.counts[kind].values())
    ]
    if carried:
        click.echo(f"  records: {', '.join(carried)}")
    click.echo(f"  attachment files stored: {receipt.files:,}")


@click.command("import")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and report what would change; change nothing.")
@click.option(
    "--trusted-keys",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Accept only bundles signed by a key in this file (one hex public key per line).",
)
@click.option(
    "--keep-snapshots",
    type=click.IntRange(min=1),
    default=KEEP_SNAPSHOTS,
    show_default=True,
    help="How many copies of the database from before an import to keep (<db>.pre-import.sqlite, .1, …).",
)
@click.option(
    "--trust-new",
    is_flag=True,
    help="Accept signers not seen before (no roster pinned) after checking their fingerprints; recorded.",
)
@click.option(
    "--trust-role",
    type=click.Choice(["inspector", "lead"]),
    default="inspector",
    show_default=True,
    help="With --trust-new: the role the new signers get (a team lead may return, approve and review).",
)
@pass_context
def import_command(
    ctx: CliContext,
    bundles: tuple[Path, ...],
    dry_run: bool,
    trusted_keys: Path | None,
    trust_new: bool,
    trust_role: str,
    keep_snapshots: int,
) -> None:
    """Merge bundles into the database, all or nothing, and print a receipt for each."""
    db = ctx.open()
    with _bundle_errors():
        trusted = read_trusted_keys(trusted_keys) if trusted_keys else None
        big = sum(p.stat().st_size for p in bundles if p.is_file()) > _BIG_IMPORT_BYTES
        with _progress_bar("Importing", big) as progress:
            receipts = import_bundles(
                db,
                list(bundles),
                dry_run=dry_run,
                trusted_keys=trusted,
                trusted_source=str(trusted_keys),
                snapshot=Path(f"{ctx.db_path}.pre-import.sqlite"),
                keep_snapshots=keep_snapshots,
                progress=progress,
                trust_new=trust_new,
                trust_role=trust_role,
            )
    try:
        for receipt in receipts:
            _print_receipt(receipt)
        conflicts = len(open_conflicts(db))
        if conflicts and not dry_run:
            noun = "open conflict" if conflicts == 1 else "open conflicts"
            click.echo(f"{conflicts} {noun}; list them with: inspect-tui --db {ctx.db_path} conflicts")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader of stdout went away (`| head`): the import is committed all the same
        _silence_stdout()


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does not fail again."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    finally:
        os.close(null)


@click.group("keys", invoke_without_command=True)
@click.pass_context
def keys_group(click_ctx: click.Context) -> None:
    """Show this device's signing key and the central key; set or make keys."""
    if click_ctx.invoked_subcommand is not None:
        return
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None
    db = ctx.open()
    problem = None
    try:
        ensure_signing_key(db, ctx.db_path)
    except KeyProblem as exc:
        problem = str(exc)
    public = signing_public_key(db)
    click.echo(f"Device        {device_id(db)}")
    if public is not None:
        click.echo(f"Signing key   {fingerprint(public)}  (public key {public.hex()})")
    if problem:
        click.echo(f"Warning: {problem}", err=True)
    central = get_meta(db, META_CENTRAL_PUBLIC)
    if central:
        click.echo(f"Central key   {fingerprint(bytes.fromhex(central))}  (public key {central})")
    else:
        click.echo("Central key   not set: personal data in exports travels unencrypted")
    signers = db.execute(
        "SELECT signer, device_id, COUNT(*) FROM bundles WHERE direction = 'in' "
        "GROUP BY signer, device_id ORDER BY signer, device_id"
    ).fetchall()
    for signer, device, count in signers:
        click.echo(
            f"Signer seen   {fingerprint(bytes.fromhex(signer))}  device {device}, {count} bundle{'' if count == 1 else 's'}"
        )
    for key, device, role, when, how in trust_decisions(db):
        click.echo(f"Accepted      {fingerprint(bytes.fromhex(key))}  device {device} as {role}, {how} on {when[:10]}")
    roster = pinned_roster(db)
    click.echo("Roster        " + ("pinned (see: keys roster show)" if roster else "none pinned"))


keys_group.add_command(roster_group)


@keys_group.command("set-central")
@click.argument("pubkey")
@pass_context
def keys_set_central(ctx: CliContext, pubkey: str) -> None:
    """Set the central system's public key (hex or base64); exports then seal personal data to it."""
    db = ctx.open()
    with _bundle_errors():
        raw = set_central_key(db, pubkey)
    click.echo(f"Central key set: {fingerprint(raw)}. Exports now seal occupants' {_SEALED_NAMES}.")


@keys_group.command("new-central")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="File for the new private key (keep it on the central system only).",
)
def keys_new_central(out: Path) -> None:
    """Make a key pair for the central system: the private key to --out, the public key printed."""
    with _bundle_errors():
        public = new_central_keypair(out)
    click.echo(f"Wrote the private key to {out}; keep it on the central system only.")
    click.echo(f"Public key {public.hex()} ({fingerprint(public)})")
    click.echo(f"Give it to each device with: inspect-tui --db DB keys set-central {public.hex()}")


@keys_group.command("rotate")
@pass_context
def keys_rotate(ctx: CliContext) -> None:
    """Make a new signing key for this device (receivers will see a new signer)."""
    db = ctx.open()
    with _bundle_errors():
        key = rotate_signing_key(db, ctx.db_path)
    click.echo(f"New signing key {fingerprint(bytes(key.verify_key))}; the old key file was kept beside it.")


@click.command("conflicts")
@pass_context
def conflicts_command(ctx: CliContext) -> None:
    """List records whose versions diverged and wait for a person to resolve them."""
    db = ctx.open()
    found = open_conflicts(db)
    if not found:
        click.echo("No open conflicts.")
        return
    for conflict in found:
        leaves = []
        for rev in conflict.leaves:
            row = db.execute("SELECT origin FROM changes WHERE rev = ?", [rev]).fetchone()
            leaves.append(f"{rev[:14]} (device {str(row[0])[:8] if row else '?'})")
        fields = ", ".join(conflict.fields) or "(same data)"
        click.echo(
            printable(
                f"{conflict.entity:<12} {conflict.record_id[:8]}  {conflict.kind:<4}  fields: {fields}  "
                f"versions: {', '.join(leaves)}"
            )
        )


COMMANDS: list[click.Command] = [export_command, verify_command, import_command, keys_group, conflicts_command]

__all__ = ["COMMANDS"]
