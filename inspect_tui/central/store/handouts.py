"""What the central system hands out (pulls, shares) and its teams: the writes outside intake."""

from __future__ import annotations

from dataclasses import dataclass

from inspect_tui.central.errors import CentralError
from inspect_tui.central.store.connect import CentralDb
from inspect_tui.i18n import _


@dataclass(frozen=True)
class Handout:
    """A pull or a share the central system wrote and signed."""

    bundle_id: str
    sha256: str
    signer: str
    """Public signing key, hex."""
    device_id: str
    direction: str
    """"out" for a pull (its bundle is never taken in again here), "share" for a share."""
    created_at: str
    seq_from: int | None
    seq_to: int | None
    receipt: str
    """JSON: counts, file name, selection or profile."""


def require_writable(db: CentralDb) -> None:
    """Refuse before anything is written when handouts cannot be recorded (a read replica)."""
    row = db.pg("SELECT current_setting('transaction_read_only')").fetchone()
    if row is not None and row[0] == "on":
        raise CentralError(
            _(
                "this central database is read-only (a replica?); pulls and shares record what leaves, "
                "so run them against the primary"
            )
        )


def record_handout(db: CentralDb, handout: Handout) -> None:
    """Remember a pull or share in the bundles table (its own transaction)."""
    with db.atomic():
        db.pg(
            "INSERT INTO bundles(id, sha256, signer, device_id, direction, created_at, seq_from, seq_to, receipt) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                handout.bundle_id,
                handout.sha256,
                handout.signer,
                handout.device_id,
                handout.direction,
                handout.created_at,
                handout.seq_from,
                handout.seq_to,
                handout.receipt,
            ],
        )


def team_members(db: CentralDb, team: str) -> list[str]:
    """The inspectors of a team, by the name they inspect under."""
    return [str(r[0]) for r in db.pg("SELECT inspector FROM team_members WHERE team = %s ORDER BY 1", [team])]


MAX_INSPECTOR_NAME = 100
"""The longest name an inspection carries as its inspector (the app's limit)."""


def _require_safe(name: str, what: str) -> None:
    """Refuse a control character (an escape a terminal runs, a line break) in a name, as every text
    field does: no inspection carries such an inspector, and the name is shown again."""
    from inspect_tui.domain.text import check_safe_text, printable

    try:
        check_safe_text(name)
    except ValueError as exc:
        raise CentralError(what.format(name=printable(name)[:60]) + ": " + str(exc)) from None


def _team_names(team: str, inspectors: tuple[str, ...]) -> tuple[str, list[str]]:
    """The team's and the inspectors' names as inspections carry them (spaces around removed);
    an empty one, or one longer than an inspection takes, is refused."""
    team = team.strip()
    if not team:
        raise CentralError(_("the team's name is empty; name the team, e.g. inspect-tui central team noord NAME…"))
    _require_safe(team, _("the team's name {name}"))
    names = [name.strip() for name in inspectors]
    for name in names:
        if not name:
            raise CentralError(
                _("an inspector's name is empty; give each name as the inspector signs inspections with it")
            )
        _require_safe(name, _("the inspector's name {name}"))
        if len(name) > MAX_INSPECTOR_NAME:
            raise CentralError(
                _("an inspector's name is at most {most} characters, as an inspection takes it: {name}…").format(
                    most=MAX_INSPECTOR_NAME, name=name[:40]
                )
            )
    return team, names


def change_team(db: CentralDb, team: str, inspectors: tuple[str, ...], *, remove: bool = False) -> list[str]:
    """Add (or remove) inspectors; returns the team's members after the change."""
    team, names = _team_names(team, inspectors)
    with db.atomic():
        members = team_members(db, team)
        absent = [name for name in names if remove and name not in members]
        if absent:  # a typo would otherwise remove nothing and say nothing
            raise CentralError(
                _("{name} is not in team {team}, so nothing was removed; its members: {members}").format(
                    name=absent[0], team=team, members=", ".join(members) or _("(no members)")
                )
            )
        for name in names:
            if remove:
                db.pg("DELETE FROM team_members WHERE team = %s AND inspector = %s", [team, name])
            else:
                db.pg("INSERT INTO team_members VALUES (%s, %s) ON CONFLICT DO NOTHING", [team, name])
    return team_members(db, team)
