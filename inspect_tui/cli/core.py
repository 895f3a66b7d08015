"""Subcommands for the database itself and the checklist templates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from inspect_tui.cli.context import CliContext, FilePath, UserError, pass_context
from inspect_tui.cli.help_text import HelpCommand, HelpGroup
from inspect_tui.i18n import LANGUAGES, _, language, localise_figures, ngettext, pick
from inspect_tui.i18n.counts import count_text, kind_word


@click.command(cls=HelpCommand)
@pass_context
def init(ctx: CliContext) -> None:
    """Create the database (and this device's identity) if it does not exist yet."""
    from inspect_tui.store import open_db
    from inspect_tui.store.db import device_id

    existed = ctx.db_path.exists() and ctx.db_path.stat().st_size > 0  # an empty file is made one now
    db = open_db(ctx.db_path, create=True)
    try:
        from inspect_tui.sync.keys import ensure_signing_key

        ensure_signing_key(db, ctx.db_path)
    except ImportError:  # pragma: no cover
        pass
    said = (
        _("Database {path} already existed; device {device}.")
        if existed
        else _("Database {path} created; device {device}.")
    )
    click.echo(said.format(path=ctx.db_path, device=device_id(db)))


@click.command(cls=HelpCommand)
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
    width = max(len(kind_word(k)) for k in counts)
    click.echo(f"{ctx.db_path}")
    for kind, count in counts.items():
        click.echo(f"  {kind_word(kind):<{width}}  {count_text(count):>9}")


@click.group(cls=HelpGroup)
def checklists() -> None:
    """List, show and validate checklist templates."""


@checklists.command("list")
def checklists_list() -> None:
    """List the checklist templates that ship with the app."""
    from inspect_tui.checklists import list_templates

    for template in list_templates():
        items = ngettext("{n} item", "{n} items", len(template.items)).format(n=len(template.items))
        title = pick(template.title_en, template.title_nl)
        click.echo(f"{template.id:<12} v{template.version:<8} {items:>9}  {title}")


@checklists.command("show")
@click.argument("template_id")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of item texts (default: inspect-tui --lang, else the locale's).",
)
def checklists_show(template_id: str, lang: str | None) -> None:
    """Show one template: its sections and items with their sources."""
    from inspect_tui.checklists import load_template
    from inspect_tui.i18n import using

    template = load_template(template_id)
    with using(lang or language()):
        _show_template(template)


def _show_template(template: Any) -> None:
    """The template's sections and items, in the interface language."""
    click.echo(f"{template.id} v{template.version} — {pick(template.title_en, template.title_nl)}")
    for section in template.sections:
        click.echo(f"\n[{section.id}] {pick(section.title_en, section.title_nl)}")
        for item in template.items:
            if item.section != section.id:
                continue
            text = localise_figures(pick(item.text_en, item.text_nl))
            source = f"{item.source.norm}, {item.source.clause} [{item.source.confidence}]"
            click.echo(f"  {item.id:<40} {text}  ({source})")


@checklists.command("validate")
@click.argument("files", nargs=-1, required=True, type=FilePath(path_type=Path, dir_okay=False))
def checklists_validate(files: tuple[Path, ...]) -> None:
    """Check checklist template files; the first bad one is named with the item and the problem."""
    from inspect_tui.checklists import load_file

    for path in files:
        template = load_file(path)
        items = ngettext("{n} item", "{n} items", len(template.items)).format(n=len(template.items))
        click.echo(_("{path}: ok ({template}, {items})").format(path=path, template=template.id, items=items))


COMMANDS: list[click.Command] = [init, stats, checklists]

__all__ = ["COMMANDS", "UserError"]
