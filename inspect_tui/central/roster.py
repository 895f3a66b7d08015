"""The team roster on the central system: pinned like on a laptop, its own key in the role central."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.central.errors import CentralError
from inspect_tui.central.store.connect import CentralDb
from inspect_tui.central.store.writer import PgBatchWriter
from inspect_tui.i18n import _
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.store.db import get_meta
from inspect_tui.sync.errors import KeyProblem
from inspect_tui.sync.keys import META_SIGNING_PUBLIC, fingerprint
from inspect_tui.sync.roster import check_pin, parse_roster, read_roster_file
from inspect_tui.sync.trust import CENTRAL


def pin_central_roster(db: CentralDb, path: Path, new_roster_key: str | None = None) -> int:
    """Pin the roster in path (checked: signed, the central key on it as central, and by check_pin: not
    older, and another roster key only when new_roster_key confirms its fingerprint); its serial."""
    try:
        text = read_roster_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise CentralError(
            _("cannot read the roster {path}: {problem}").format(path=path, problem=os_problem(exc))
        ) from None
    try:
        roster = parse_roster(text, str(path))
    except KeyProblem as exc:
        raise CentralError(exc.reason) from None
    own = get_meta(db.as_store(), META_SIGNING_PUBLIC)
    device = get_meta(db.as_store(), "device_id")
    member = roster.member_for_key(bytes.fromhex(own)) if own else None
    if member is None or member.role != CENTRAL or member.device_id != device:
        raise CentralError(
            _(
                "{path} does not list this central system (device {device}, key {key}) in the role {role}; "
                "laptops would refuse its pulls. Add it with keys roster add --role central"
            ).format(path=path, device=device, key=fingerprint(bytes.fromhex(own or "00")), role=CENTRAL)
        )
    writer = PgBatchWriter(db)
    with db.atomic():
        try:
            check_pin(writer.pinned_roster(), roster, str(path), new_roster_key)
        except KeyProblem as exc:
            raise CentralError(exc.reason) from None
        writer.pin_roster(roster.text)
    return roster.serial
