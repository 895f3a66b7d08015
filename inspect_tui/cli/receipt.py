"""The receipt of a bundle taken in, as `import` and `central intake` print it (the same lines), and
the records a bundle carries, as `import`, `export` and `central pull` say them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import click

from inspect_tui.i18n import _
from inspect_tui.i18n.counts import count_text, kind_word, records_and_revisions
from inspect_tui.sync.layout import KINDS

if TYPE_CHECKING:
    from inspect_tui.sync.importer import Receipt


def print_receipt(receipt: Receipt) -> None:
    """The receipt of one bundle: its source and signer, then per kind of record what it changed."""
    if receipt.already:
        click.echo(
            _("{source}: bundle {bundle} {already}; nothing changed.").format(
                source=receipt.source, bundle=receipt.bundle_id, already=receipt.already
            )
        )
        return
    verb = _("Dry run, nothing changed") if receipt.dry_run else _("Imported")
    click.echo(
        _("{verb}: {source}, bundle {bundle}").format(verb=verb, source=receipt.source, bundle=receipt.bundle_id)
    )
    click.echo(
        "  "
        + _("from device {device}, signed by {fingerprint}").format(
            device=receipt.device_id, fingerprint=receipt.signer_fingerprint
        )
    )
    if receipt.new_signer:
        click.echo(
            "  "
            + _("new signer: {fingerprint} (device {device})").format(
                fingerprint=receipt.signer_fingerprint, device=receipt.device_id
            )
        )
    for note in receipt.notes:
        click.echo("  " + _("note: {note}").format(note=note))
    width = max(len(kind_word(k)) for k in KINDS)
    heads = (_("new"), _("updated"), _("unchanged"), _("conflicts"))
    cols = [max(7, len(h)) for h in heads]
    click.echo(f"  {'':<{width}}  " + "  ".join(f"{h:>{w}}" for h, w in zip(heads, cols, strict=True)))
    for kind in KINDS:
        c = receipt.counts[kind]
        figures = (c["new"], c["updated"], c["unchanged"], c["conflict"])
        click.echo(
            f"  {kind_word(kind):<{width}}  "
            + "  ".join(f"{count_text(n):>{w}}" for n, w in zip(figures, cols, strict=True))
        )
    records = {kind: sum(receipt.counts[kind].values()) for kind in KINDS}
    if any(records.values()):
        click.echo("  " + records_line(records, receipt.revisions))
    click.echo("  " + _("attachment files stored: {n}").format(n=count_text(receipt.files)))


def records_line(records: Mapping[str, int], revisions: Mapping[str, int]) -> str:
    """The records of each kind with their revisions, as import, export and central pull say them:
    "records: 2 inspections (4 revisions), 1 site" ("none" when there are none)."""
    carried = [
        records_and_revisions(kind, records.get(kind, 0), revisions.get(kind, 0))
        for kind in KINDS
        if records.get(kind) or revisions.get(kind)
    ]
    return _("records: {records}").format(records=", ".join(carried) or _("none"))
