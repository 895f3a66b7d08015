"""Subcommands for offline sync: export, verify, import, keys, conflicts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlite_utils import Database

from inspect_tui.cli.context import BundleOut, CliContext, FilePath, UserError, pass_context, refuse_dash
from inspect_tui.cli.help_text import HelpCommand, HelpGroup
from inspect_tui.cli.receipt import print_receipt, records_line
from inspect_tui.cli.roster import roster_group
from inspect_tui.domain.text import printable
from inspect_tui.i18n import N_, _, format_date, format_datetime, ngettext
from inspect_tui.i18n.counts import count_text, kind_word
from inspect_tui.store.bundles import KEEP_SNAPSHOTS, MOST_SNAPSHOTS
from inspect_tui.store.conflicts import open_conflicts
from inspect_tui.store.db import device_id, get_meta
from inspect_tui.store.trust import pinned_roster, trust_decisions
from inspect_tui.sync.bundle_files import bundle_files
from inspect_tui.sync.errors import BundleError, KeyProblem, NewSigner
from inspect_tui.sync.export import META_LAST_EXPORT, export_bundle
from inspect_tui.sync.importer import import_bundles
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
from inspect_tui.sync.placement import check_place
from inspect_tui.sync.reader import ReadProgress
from inspect_tui.sync.verify import verify_bundle

_BIG_EXPORT_ROWS = 5_000
_BIG_IMPORT_BYTES = 5 * 1024**2
_SEALED_NAMES = N_("BSN, date of birth, phone and e-mail")
TRUST_WORDS = {
    "inspector": N_("inspector"),
    "lead": N_("lead"),
    "central": N_("central"),
    "trust-new": N_("trust-new"),
    "roster": N_("roster"),
}
"""Roles and ways of trust recorded for a signer, as words."""


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
    except NewSigner as exc:  # said again here in the interface language, with what to do
        said = _(
            "signer {signer} (device {device}) is new here; check the fingerprint with its owner, then import "
            "again with --trust-new (or pin a team roster: keys roster pin FILE)"
        ).format(signer=fingerprint(exc.key), device=exc.device)
        raise UserError(str(BundleError(said, source=exc.source))) from None
    except BundleError as exc:
        raise UserError(str(exc)) from None


@click.command("export", cls=HelpCommand)
@click.option(
    "--out",
    "out",
    required=True,
    type=BundleOut(),
    help="Bundle file to write, or a folder to write it in.",
)
@click.option("--all", "everything", is_flag=True, help="Carry every change, not only those since the last export.")
@pass_context
def export_command(ctx: CliContext, out: Path, everything: bool) -> None:
    """Write a signed bundle with the changes since the last export (or all of them)."""
    with _bundle_errors():
        check_place(out)  # before the database is opened, or its signing key made
    db = ctx.open()
    with _bundle_errors():
        key = ensure_signing_key(db, ctx.db_path)
        since = 0 if everything else int(get_meta(db, META_LAST_EXPORT) or 0)
        rows = int(db.execute("SELECT COUNT(*) FROM changes WHERE seq > ?", [since]).fetchone()[0])
        with _progress_bar(_("Exporting"), rows > _BIG_EXPORT_ROWS) as progress:
            result = export_bundle(db, out, key, everything=everything, progress=progress)
    if result is None:
        click.echo(
            _("Nothing changed since the last export (change {since}); use --all to export everything.").format(
                since=since
            )
        )
        return
    click.echo(_("Wrote {path}").format(path=result.path))
    click.echo(
        "  "
        + _("bundle {bundle}, changes {first}–{last} of this device").format(
            bundle=result.bundle_id, first=result.seq_from, last=result.seq_to
        )
    )
    click.echo("  " + records_line(result.records, result.counts))
    click.echo("  " + _("attachment files: {count}").format(count=count_text(result.files)))
    central = central_key(db)
    if central is not None:
        click.echo(
            _("Occupants' {fields} are sealed to the central key {key}.").format(
                fields=_(_SEALED_NAMES), key=fingerprint(bytes(central))
            )
        )
        if result.held_back:
            click.echo(
                ngettext(
                    "Held back {count} occupant version that holds personal data unencrypted (made before "
                    "the central key was set and exported then, or received from a device without it).",
                    "Held back {count} occupant versions that hold personal data unencrypted (made before "
                    "the central key was set and exported then, or received from a device without it).",
                    result.held_back,
                ).format(count=count_text(result.held_back)),
                err=True,
            )
    else:
        click.echo(
            _(
                "Warning: no central key is set, so occupants' {fields} travel UNENCRYPTED in this "
                "bundle. Set one with: inspect-tui --db {db} keys set-central PUBKEY"
            ).format(fields=_(_SEALED_NAMES), db=ctx.db_path),
            err=True,
        )


@click.command("verify", cls=HelpCommand)
@click.argument("bundle", type=FilePath(path_type=Path, dir_okay=False))
def verify_command(bundle: Path) -> None:
    """Check a bundle's layout, hashes, signature and every record, without a database."""
    big = bundle.exists() and bundle.stat().st_size > _BIG_IMPORT_BYTES
    with _bundle_errors(), _progress_bar(_("Verifying"), big) as progress:
        report = verify_bundle(bundle, progress=progress)
    info = report.info
    click.echo(_("{source}: valid").format(source=report.source))
    click.echo(
        "  " + _("bundle {bundle} made {when}").format(bundle=info.bundle_id, when=format_datetime(info.created))
    )
    click.echo(
        "  "
        + _("device {device}, changes {first}–{last}").format(
            device=info.device_id, first=info.seq_from, last=info.seq_to
        )
    )
    click.echo(
        "  "
        + _("signed by {fingerprint} ({key})").format(fingerprint=report.signer_fingerprint, key=report.signer.hex())
    )
    kinds = ", ".join(f"{kind_word(kind)} {count_text(info.counts[kind])}" for kind in KINDS)
    click.echo(
        "  "
        + _("{n} revisions: {kinds}; {files} attachment files").format(
            n=count_text(report.records), kinds=kinds, files=count_text(report.files)
        )
    )
    sealed = _("sealed to the central key") if info.sealed else _("unencrypted (no central key was set)")
    click.echo("  " + _("personal data: {how}").format(how=sealed))


@click.command("import", cls=HelpCommand)
@click.argument("bundles", nargs=-1, required=True, type=FilePath(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report what would change; change nothing.")
@click.option(
    "--trusted-keys",
    type=FilePath(path_type=Path, dir_okay=False),
    help="Accept only bundles signed by a key in this file (one hex public key per line).",
)
@click.option(
    "--keep-snapshots",
    type=click.IntRange(min=1, max=MOST_SNAPSHOTS),
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
    """Merge bundles (files, or folders of *.zip) into the database, all or nothing; a receipt for each."""
    db = ctx.open()
    files = bundle_files(bundles)
    if not files:
        raise UserError(_("no bundles found: the folders given hold no *.zip files"))
    with _bundle_errors():
        trusted = read_trusted_keys(trusted_keys) if trusted_keys else None
        big = sum(p.stat().st_size for p in files if p.is_file()) > _BIG_IMPORT_BYTES
        with _progress_bar(_("Importing"), big) as progress:
            receipts = import_bundles(
                db,
                files,
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
            print_receipt(receipt)
        conflicts = len(open_conflicts(db))
        if conflicts and not dry_run:
            click.echo(
                ngettext(
                    "{n} open conflict; list it with: inspect-tui --db {db} conflicts",
                    "{n} open conflicts; list them with: inspect-tui --db {db} conflicts",
                    conflicts,
                ).format(n=conflicts, db=ctx.db_path)
            )
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


@click.group("keys", cls=HelpGroup, invoke_without_command=True)
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
    labels = {
        "device": _("Device"),
        "signing": _("Signing key"),
        "central": _("Central key"),
        "seen": _("Signer seen"),
        "accepted": _("Accepted"),
        "roster": _("Roster"),
    }
    width = max(13, *(len(label) + 1 for label in labels.values()))

    def row(label: str, text: str) -> str:
        return f"{labels[label]:<{width}} {text}"

    click.echo(row("device", device_id(db)))
    if public is not None:
        click.echo(row("signing", f"{fingerprint(public)}  (" + _("public key {key}").format(key=public.hex()) + ")"))
    if problem:
        click.echo(_("Warning: {problem}").format(problem=problem), err=True)
    central = get_meta(db, META_CENTRAL_PUBLIC)
    if central:
        click.echo(
            row(
                "central", f"{fingerprint(bytes.fromhex(central))}  (" + _("public key {key}").format(key=central) + ")"
            )
        )
    else:
        click.echo(row("central", _("not set: personal data in exports travels unencrypted")))
    signers = db.execute(
        "SELECT signer, device_id, COUNT(*) FROM bundles WHERE direction = 'in' "
        "GROUP BY signer, device_id ORDER BY signer, device_id"
    ).fetchall()
    for signer, device, count in signers:
        bundles = ngettext("{n} bundle", "{n} bundles", count).format(n=count)
        click.echo(
            row("seen", f"{fingerprint(bytes.fromhex(signer))}  " + _("device {device}").format(device=device))
            + f", {bundles}"
        )
    for key, device, role, when, how in trust_decisions(db):
        accepted = _("device {device} as {role}, {how} on {date}").format(
            device=device,
            role=_(TRUST_WORDS.get(role, role)),
            how=_(TRUST_WORDS.get(how, how)),
            date=format_date(when[:10]),
        )
        click.echo(row("accepted", f"{fingerprint(bytes.fromhex(key))}  {accepted}"))
    roster = pinned_roster(db)
    click.echo(row("roster", _("pinned (see: keys roster show)") if roster else _("none pinned")))


keys_group.add_command(roster_group)


@keys_group.command("set-central")
@click.argument("pubkey")
@pass_context
def keys_set_central(ctx: CliContext, pubkey: str) -> None:
    """Set the central system's public key (hex or base64); occupants' personal data is then sealed to it."""
    db = ctx.open()
    with _bundle_errors():
        before = _occupant_revs(db)
        raw = set_central_key(db, pubkey)
        resealed = len(before - _occupant_revs(db))
    message = _("Central key set: {fingerprint}. Occupants' {fields} are now sealed to it when saved.").format(
        fingerprint=fingerprint(raw), fields=_(_SEALED_NAMES)
    )
    if resealed:
        message += " " + ngettext(
            "{count} version not yet exported was sealed now.",
            "{count} versions not yet exported were sealed now.",
            resealed,
        ).format(count=count_text(resealed))
    click.echo(message)


def _occupant_revs(db: Database) -> set[str]:
    return {str(r[0]) for r in db.execute("SELECT rev FROM changes WHERE entity = 'occupants'")}


@keys_group.command("new-central")
@click.option(
    "--out",
    "out",
    required=True,
    type=FilePath(path_type=Path, dir_okay=False),
    help="File for the new private key (keep it on the central system only).",
)
def keys_new_central(out: Path) -> None:
    """Make a key pair for the central system: the private key to --out, the public key printed."""
    refuse_dash(out, _("a key cannot be written to standard output; give a file name, e.g. --out central.key"))
    with _bundle_errors():
        public = new_central_keypair(out)
    click.echo(_("Wrote the private key to {path}; keep it on the central system only.").format(path=out))
    click.echo(_("Public key {key} ({fingerprint})").format(key=public.hex(), fingerprint=fingerprint(public)))
    click.echo(_("Give it to each device with: inspect-tui --db DB keys set-central {key}").format(key=public.hex()))


@keys_group.command("rotate")
@pass_context
def keys_rotate(ctx: CliContext) -> None:
    """Make a new signing key for this device (receivers will see a new signer)."""
    db = ctx.open()
    with _bundle_errors():
        key = rotate_signing_key(db, ctx.db_path)
    click.echo(
        _("New signing key {fingerprint}; the old key file was kept beside it.").format(
            fingerprint=fingerprint(bytes(key.verify_key))
        )
    )


@click.command("conflicts", cls=HelpCommand)
@pass_context
def conflicts_command(ctx: CliContext) -> None:
    """List records whose versions diverged and wait for a person to resolve them."""
    # Each version on a line of its own: who made it, on which device, when, and which one is in
    # effect now; numbered as on the conflicts screen, where a lead keeps one (1–9) or edits.
    from inspect_tui.store.queries import conflict_versions, conflicts_overview, version_label

    db = ctx.open()
    overview = conflicts_overview(db)
    if not overview.rows:
        click.echo(_("No open conflicts."))
        return
    for row in overview.rows:
        conflict = row.conflict
        fields = ", ".join(conflict.fields) or _("(same data)")
        head = f"{kind_word(conflict.entity):<12} {conflict.record_id[:8]}  {conflict.kind:<4}  "
        click.echo(printable(head + _("{label}  fields: {fields}").format(label=row.label, fields=fields)))
        versions = conflict_versions(db, conflict.entity, conflict.record_id)
        for number, version in enumerate(versions, start=1):
            click.echo(printable("    " + version_label(number, version, overview.device_id)))


COMMANDS: list[click.Command] = [export_command, verify_command, import_command, keys_group, conflicts_command]

__all__ = ["COMMANDS"]
