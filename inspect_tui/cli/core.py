"""Subcommands for the database itself and the checklist templates."""

from __future__ import annotations

import json
from pathlib import Path

import click

from inspect_tui.cli.context import CliContext, UserError, pass_context


@click.command()
@pass_context
def init(ctx: CliContext) -> None:
    """Create the database (and this device's identity) if it does not exist yet."""
    from inspect_tui.store import open_db
    from inspect_tui.store.db import device_id

    existed = ctx.db_path.exists()
    db = open_db(ctx.db_path, create=True)
    try:
        from inspect_tui.sync.keys import ensure_signing_key

        ensure_signing_key(db, ctx.db_path)
    except ImportError:  # pragma: no cover
        pass
    state = "already existed" if existed else "created"
    click.echo(f"Database {ctx.db_path} {state}; device {device_id(db)}.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_context
def stats(ctx: CliContext, as_json: bool) -> None:
    """Count the records of each kind in the database."""
    from inspect_tui.store.stats import record_counts

    db = ctx.open_to_read()
    try:
        counts = record_counts(db)
    finally:
        db.close()
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    width = max(len(k) for k in counts)
    click.echo(f"{ctx.db_path}")
    for kind, count in counts.items():
        click.echo(f"  {kind:<{width}}  {count:>9,}")


@click.group()
def checklists() -> None:
    """List, show and validate checklist templates."""


@checklists.command("list")
def checklists_list() -> None:
    """List the checklist templates that ship with the app."""
    from inspect_tui.checklists import list_templates

    for template in list_templates():
        click.echo(f"{template.id:<12} v{template.version:<8} {len(template.items):>3} items  {template.title_en}")


@checklists.command("show")
@click.argument("template_id")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", help="Language of item texts.")
def checklists_show(template_id: str, lang: str) -> None:
    """Show one template: its sections and items with their sources."""
    from inspect_tui.checklists import load_template

    template = load_template(template_id)
    click.echo(f"{template.id} v{template.version} — {template.title_en if lang == 'en' else template.title_nl}")
    for section in template.sections:
        click.echo(f"\n[{section.id}] {section.title_en if lang == 'en' else section.title_nl}")
        for item in template.items:
            if item.section != section.id:
                continue
            text = item.text_en if lang == "en" else item.text_nl
            source = f"{item.source.norm}, {item.source.clause} [{item.source.confidence}]"
            click.echo(f"  {item.id:<40} {text}  ({source})")


@checklists.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def checklists_validate(files: tuple[Path, ...]) -> None:
    """Check checklist template files; the first bad one is named with the item and the problem."""
    from inspect_tui.checklists import load_file

    for path in files:
        template = load_file(path)
        click.echo(f"{path}: ok ({template.id}, {len(template.items)} items)")


COMMANDS: list[click.Command] = [init, stats, checklists]

__all__ = ["COMMANDS", "UserError"]
