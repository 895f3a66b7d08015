"""`inspect-tui central …`: the central system on PostgreSQL (intake, pull, share, stats, report).

Loaded only when `central` runs; the PostgreSQL driver is imported only when a command connects.
"""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from inspect_tui.cli.context import BundleOut, BundlesIn, FilePath, UserError, refuse_dash
from inspect_tui.cli.help_text import HelpGroup
from inspect_tui.cli.receipt import print_receipt, records_line
from inspect_tui.domain.printable import printable
from inspect_tui.i18n import _, format_date, ngettext
from inspect_tui.i18n.counts import count_text, kind_word

if TYPE_CHECKING:
    from inspect_tui.central.pull import Selection
    from inspect_tui.central.share import ShareScope
    from inspect_tui.central.store.connect import CentralDb


class CentralContext:
    """Where the central database is; connects on first use."""

    def __init__(self, url: str | None, embedded: Path | None) -> None:
        self.url = url
        self.embedded = embedded
        self._db: CentralDb | None = None

    def open(self, *, initialised: bool = True) -> CentralDb:
        from inspect_tui.central.store.connect import connect, resolve_url
        from inspect_tui.central.store.migrations import require_schema

        if self._db is None:
            self._db = connect(resolve_url(self.url, self.embedded, create=not initialised))  # only init makes one
            if initialised:
                require_schema(self._db)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class CentralGroup(HelpGroup):
    """Turns the central system's errors into the one-line `Error: …` of every command."""

    def invoke(self, ctx: click.Context) -> Any:
        from inspect_tui.central.errors import CentralError
        from inspect_tui.sync.errors import BundleError, KeyProblem

        try:
            return super().invoke(ctx)
        except (CentralError, BundleError, KeyProblem) as exc:
            raise UserError(str(exc)) from None
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                raise UserError(_("the central database refused the request: {reason}").format(reason=first)) from None
            raise
        finally:
            if isinstance(ctx.obj, CentralContext):
                ctx.obj.close()


pass_central = click.make_pass_decorator(CentralContext)


def _whose(selection: Selection) -> str:
    """Whose work a pull carries, in the interface language (the bundle records it in English)."""
    parts = [
        _("team {team}").format(team=selection.team) if selection.team else "",
        _("inspector {name}").format(name=selection.inspector) if selection.inspector else "",
        _("device {device}").format(device=selection.device) if selection.device else "",
        _("after change {seq}").format(seq=selection.since_seq) if selection.since_seq else "",
        _("received since {date}").format(date=format_date(selection.since_date)) if selection.since_date else "",
    ]
    return ", ".join(p for p in parts if p) or _("everything")


def _one_narrowing(team: str | None, inspector: str | None, device: str | None) -> None:
    """A pull narrows to a team, an inspector or a device: at most one of them."""
    given = [
        f"--{option} {shlex.quote(value)}"
        for option, value in zip(NARROWING, (team, inspector, device), strict=True)
        if value
    ]
    if len(given) > 1:
        keep = _("{some} or {last}").format(some=", ".join(given[:-1]), last=given[-1])
        raise click.UsageError(
            _("a pull narrows to one of --team, --inspector and --device; keep one: {keep}").format(keep=keep)
        )


NARROWING = ("team", "inspector", "device")


def _scope(scope: ShareScope) -> str:
    """What a share covers, in the interface language (the share itself records it in English)."""
    parts = [
        _("municipality {name}").format(name=scope.municipality) if scope.municipality else _("all municipalities"),
        _("from {date}").format(date=format_date(scope.date_from)) if scope.date_from else "",
        _("to {date}").format(date=format_date(scope.date_to)) if scope.date_to else "",
        _("norm {norm}").format(norm=scope.norm) if scope.norm else "",
    ]
    return ", ".join(p for p in parts if p)


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(
            _("{option} {value} is not a date; write it as YYYY-MM-DD").format(option=option, value=repr(value))
        ) from None


@click.group("central", cls=CentralGroup)
@click.option("--url", help="PostgreSQL URL, e.g. postgresql://user@host/inspect (default: $INSPECT_TUI_CENTRAL_URL).")
@click.option(
    "--embedded",
    type=FilePath(path_type=Path, file_okay=False),
    help="Run a private PostgreSQL with its data in this folder (made on first use).",
)
@click.pass_context
def central_group(ctx: click.Context, url: str | None, embedded: Path | None) -> None:
    """The central system: bundles from every device into PostgreSQL; pulls for leads; shares."""
    ctx.obj = CentralContext(url, embedded)


@central_group.command("init")
@click.option(
    "--signing-key",
    required=True,
    type=FilePath(path_type=Path, dir_okay=False),
    help="File with the central signing key (made, 0600, when missing).",
)
@click.option(
    "--sealing-key",
    required=True,
    type=FilePath(path_type=Path, dir_okay=False),
    help="File with the key that opens sealed personal data (made, 0600, when missing).",
)
@pass_central
def init_command(ctx: CentralContext, signing_key: Path, sealing_key: Path) -> None:
    """Create or migrate the central schema and set up the central keys."""
    from inspect_tui.central.keys import check_key_files, init_keys
    from inspect_tui.central.store.migrations import migrate
    from inspect_tui.sync.keys import fingerprint

    check_key_files(signing_key, sealing_key)  # a refusal leaves the database as it was
    db = ctx.open(initialised=False)
    done = migrate(db)
    result = init_keys(db, signing_key, sealing_key)
    if done:
        click.echo(_("Schema: applied {migrations}").format(migrations=", ".join(done)))
    else:
        click.echo(_("Schema: up to date"))
    for path in result.made:
        click.echo(_("Wrote the key file {path} (0600); keep it on the central system only.").format(path=path))
    labels = (_("Central device"), _("Signing key"), _("Sealing key"))
    width = max(16, *(len(label) + 1 for label in labels))
    keys = (result.signing_public, result.sealing_public)
    click.echo(f"{labels[0]:<{width}} {result.device_id}")
    for label, public in zip(labels[1:], keys, strict=True):
        click.echo(f"{label:<{width}} {fingerprint(public)}  (" + _("public key {key}").format(key=public.hex()) + ")")
    click.echo(
        _("Give devices the sealing key with: inspect-tui keys set-central {key}").format(
            key=result.sealing_public.hex()
        )
    )


@central_group.command("intake")
@click.argument("bundles", nargs=-1, required=True, type=BundlesIn())
@click.option("--dry-run", is_flag=True, help="Check and report what would change; change nothing.")
@click.option(
    "--trusted-keys",
    type=FilePath(path_type=Path, dir_okay=False),
    help="Accept only bundles signed by a key in this file (one hex public key per line).",
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
    help="With --trust-new: the role the new signers get.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 8),
    default=2,
    show_default=True,
    help="Bundles read and checked while the one before them is merged (1: one bundle at a time).",
)
@pass_central
def intake_command(
    ctx: CentralContext,
    bundles: tuple[Path, ...],
    dry_run: bool,
    trusted_keys: Path | None,
    trust_new: bool,
    trust_role: str,
    jobs: int,
) -> None:
    """Verify, validate and merge bundles (files or folders of *.zip), one transaction per bundle."""
    from inspect_tui.central.intake import bundle_paths, intake
    from inspect_tui.sync.keys import read_trusted_keys

    db = ctx.open()
    trusted = read_trusted_keys(trusted_keys) if trusted_keys else None
    paths = bundle_paths(bundles)
    if not paths:
        raise UserError(_("no bundles found: the folders given hold no *.zip files"))
    refused = 0
    for result in intake(
        db,
        paths,
        dry_run=dry_run,
        trusted_keys=trusted,
        trusted_source=str(trusted_keys),
        trust_new=trust_new,
        trust_role=trust_role,
        jobs=jobs,
    ):
        if result.receipt is not None:
            print_receipt(result.receipt)
        else:
            refused += 1
            click.echo(_("Refused: {reason}").format(reason=result.error), err=True)
    row = db.pg("SELECT COUNT(*) FROM conflicts").fetchone()
    conflicts = int(row[0]) if row else 0
    taken = ngettext("{taken} of {n} bundle taken in", "{taken} of {n} bundles taken in", len(paths)).format(
        taken=count_text(len(paths) - refused), n=count_text(len(paths))
    )
    still = ngettext("{n} open conflict centrally.", "{n} open conflicts centrally.", conflicts).format(
        n=count_text(conflicts)
    )
    click.echo(f"{taken}; {still}")
    if refused:
        sys.exit(1)


@central_group.command("roster-pin")
@click.argument("roster_file", type=FilePath(path_type=Path, dir_okay=False))
@click.option(
    "--new-roster-key",
    metavar="FINGERPRINT",
    help="Confirm a change of roster key: the fingerprint of the key that signed ROSTER_FILE, as checked.",
)
@pass_central
def roster_pin_command(ctx: CentralContext, roster_file: Path, new_roster_key: str | None) -> None:
    """Pin the team roster centrally: intake takes in only its devices, each in its role."""
    from inspect_tui.central.roster import pin_central_roster

    serial = pin_central_roster(ctx.open(), roster_file, new_roster_key)
    click.echo(_("Pinned roster serial {serial}; pulls carry it to the laptops.").format(serial=serial))


@central_group.command("pull")
@click.option("--out", required=True, type=BundleOut(), help="Bundle file to write (or a folder).")
@click.option("--team", help="Only the work of this team's inspectors (see `central team`).")
@click.option("--inspector", help="Only the inspections of this inspector, with their sites and findings.")
@click.option("--device", "device", help="Only records this device worked on.")
@click.option("--since", help="Only what arrived after this change number (printed by the last pull) or date.")
@click.option("--signing-key", type=FilePath(path_type=Path, dir_okay=False), help="Central signing key file.")
@pass_central
def pull_command(
    ctx: CentralContext,
    out: Path,
    team: str | None,
    inspector: str | None,
    device: str | None,
    since: str | None,
    signing_key: Path | None,
) -> None:
    """Write a signed bundle for a lead's laptop; `inspect-tui import` takes it."""
    from inspect_tui.central.keys import load_signing_key
    from inspect_tui.central.pull import Selection, parse_since, pull

    _one_narrowing(team, inspector, device)  # refused before anything is read or written
    db = ctx.open()
    key = load_signing_key(db, signing_key)
    since_seq, since_date = parse_since(since)
    selection = Selection(team, inspector, device, since_seq, since_date)
    result = pull(db, out, key, selection)
    if result is None:
        click.echo(_("Nothing to pull for {selection}.").format(selection=_whose(selection)))
        return
    click.echo(_("Wrote {path}").format(path=result.path))
    click.echo(
        "  "
        + _("bundle {bundle}: {selection}, central changes {first}–{last}").format(
            bundle=result.bundle_id, selection=_whose(selection), first=result.seq_from, last=result.seq_to
        )
    )
    click.echo("  " + records_line(result.records, result.counts))
    click.echo("  " + _("attachment files: {count}").format(count=count_text(result.files)))
    if result.held_back:
        click.echo(
            ngettext(
                "Held back {count} occupant version whose personal data a device without the central key sent "
                "unencrypted; set the key on that device (keys set-central) and it seals its next edits.",
                "Held back {count} occupant versions whose personal data devices without the central key sent "
                "unencrypted; set the key on those devices (keys set-central) and they seal their next edits.",
                result.held_back,
            ).format(count=count_text(result.held_back)),
            err=True,
        )
    click.echo(_("Next time pull only what is new with: --since {seq}").format(seq=result.seq_to))


@central_group.command("share")
@click.option("--profile", "profile_name", required=True, help="Share profile (see `central profiles`).")
@click.option("--municipality", help="Only sites in this municipality.")
@click.option("--from", "date_from", help="Only inspections from this day (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Only inspections up to this day (YYYY-MM-DD).")
@click.option(
    "--norm", type=click.Choice(["snf", "akf"]), help="The certification scheme (certification-body profile)."
)
@click.option("--out", required=True, type=FilePath(path_type=Path, dir_okay=False), help="Signed share zip to write.")
@click.option("--signing-key", type=FilePath(path_type=Path, dir_okay=False), help="Central signing key file.")
@pass_central
def share_command(
    ctx: CentralContext,
    profile_name: str,
    municipality: str | None,
    date_from: str | None,
    date_to: str | None,
    norm: str | None,
    out: Path,
    signing_key: Path | None,
) -> None:
    """Write a purpose-bound share for another regulator: a signed zip and an XLSX beside it."""
    from inspect_tui.central.keys import load_signing_key
    from inspect_tui.central.share import ShareScope, load_profile, write_share
    from inspect_tui.central.share_workbook import word_of_confidence

    refuse_dash(out, _("a share cannot be written to standard output; give a file name, e.g. --out share.zip"))
    profile = load_profile(profile_name)
    scope = ShareScope(municipality, _day(date_from, "--from"), _day(date_to, "--to"), norm)
    if scope.date_from and scope.date_to and scope.date_from > scope.date_to:
        raise UserError(
            _("--from {first} is after --to {last}; swap them").format(
                first=format_date(scope.date_from), last=format_date(scope.date_to)
            )
        )
    db = ctx.open()
    key = load_signing_key(db, signing_key)
    result = write_share(db, profile, scope, out, key, scope_text=_scope(scope))
    click.echo(
        _("Wrote {path} (signed) for: {recipient}").format(path=result.path, recipient=profile.text("recipient"))
    )
    if result.workbook:
        click.echo(_("Wrote {path} for people without the app").format(path=result.workbook))
    click.echo(
        "  "
        + _("{scope}; legal basis confidence: {confidence}").format(
            scope=_scope(scope), confidence=word_of_confidence(profile.confidence)
        )
    )
    for table, count in result.counts.items():
        rows = ngettext("{n} row", "{n} rows", count).format(n=count_text(count))
        click.echo(f"  {kind_word(table):<12} {rows:>12}: {', '.join(profile.tables[table])}")
    if result.redacted:
        click.echo(
            ngettext(
                "Personal data (a BSN, a name, contact details) removed from {n} free-text value; it reads […].",
                "Personal data (a BSN, a name, contact details) removed from {n} free-text values; they read […].",
                result.redacted,
            ).format(n=count_text(result.redacted))
        )


@central_group.command("profiles")
def profiles_command() -> None:
    """List the share profiles: for whom, why, on what legal basis."""
    from inspect_tui.central.share import load_profile, profile_names
    from inspect_tui.central.share_workbook import word_of_confidence

    for name in profile_names():
        profile = load_profile(name)
        click.echo(f"{name}: {profile.text('title')}")
        click.echo("  " + _("purpose: {purpose}").format(purpose=profile.text("purpose")))
        confidence = word_of_confidence(profile.confidence)
        click.echo(
            "  "
            + _("legal basis ({confidence} confidence): {basis}").format(
                confidence=confidence, basis=profile.text("legal_basis")
            )
        )


@central_group.command("team")
@click.argument("team")
@click.argument("inspectors", nargs=-1)
@click.option("--remove", is_flag=True, help="Remove the inspectors named from the team.")
@pass_central
def team_command(ctx: CentralContext, team: str, inspectors: tuple[str, ...], remove: bool) -> None:
    """Show a team, or add (or --remove) inspectors by the name they inspect under."""
    from inspect_tui.central.store.handouts import change_team

    names = [printable(name) for name in change_team(ctx.open(), team, inspectors, remove=remove)]  # escaped
    click.echo(_("Team {team}: {members}").format(team=printable(team), members=", ".join(names) or _("(no members)")))


@central_group.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option("--from", "date_from", help="Only inspections from this day (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Only inspections up to this day (YYYY-MM-DD).")
@pass_central
def stats_command(ctx: CentralContext, as_json: bool, date_from: str | None, date_to: str | None) -> None:
    """Figures per municipality and per norm."""
    from inspect_tui.central.stats import gather, render_text

    stats = gather(ctx.open(), _day(date_from, "--from"), _day(date_to, "--to"))
    click.echo(stats.as_json() if as_json else render_text(stats))


@central_group.command("report")
@click.option("--from", "date_from", help="First day of the period (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Last day of the period (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "md"]), help="Default: as --out names it, else md.")
@click.option("--out", type=FilePath(path_type=Path, dir_okay=False), help="File to write (default: standard output).")
@pass_central
def report_command(ctx: CentralContext, date_from: str | None, date_to: str | None, fmt: str, out: Path | None) -> None:
    """Report per municipality and per norm: inspected sites, failures, overdue criticals, re-inspections."""
    from inspect_tui.central.stats import gather, render
    from inspect_tui.cli.reports import new_report_file, report_format
    from inspect_tui.reports.output import write_atomic

    fmt = report_format(fmt, out, "md")  # --out r.pdf is a PDF; --format pdf --out r.md is refused
    if out is not None:
        new_report_file(out)  # r.txt, or a file that exists, is refused before anything is read
    stats = gather(ctx.open(), _day(date_from, "--from"), _day(date_to, "--to"))
    data = render(stats, fmt)
    if out is None:
        if fmt == "pdf":
            raise UserError(_("a PDF needs a file: add --out report.pdf"))
        click.echo(data.decode(), nl=False)
        return
    new_report_file(out)  # made while the figures were gathered: kept
    write_atomic(out, data)
    click.echo(_("Wrote {path}").format(path=out))
