"""Navigation by messages: what a screen asks for; the app decides what to show.

A screen never imports another screen. It posts one of these messages (they bubble from the
screen to the app), and the app's handler pushes the screen or dialog. A dialog's answer comes
back through ``done``, called with the value the dialog was dismissed with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message

from inspect_tui.tui.opening import Opens as Opens

if TYPE_CHECKING:
    from inspect_tui.domain.checklist import Item
    from inspect_tui.domain.enums import ReviewDecision, Severity

Done = Callable[[Any], object] | None
"""Called with the dialog's result once it is closed (None: nobody waits for it)."""

RESOLVED_BY_EDITING = frozenset({"sites", "units", "occupants"})
"""Kinds of record (by table) the app has an editor for, to resolve a conflict by editing."""


# --- full screens ------------------------------------------------------------------------


@dataclass
class OpenInspection(Opens):
    """Show the checklist of an inspection, at ``item_id`` when given."""

    inspection_id: str
    item_id: str | None = None


@dataclass
class OpenSite(Opens):
    """Show a site with its units and occupants."""

    site_id: str


@dataclass
class OpenReview(Opens):
    """Show the team lead's review of today."""


@dataclass
class OpenConflicts(Opens):
    """Show the records whose versions diverged."""


@dataclass
class OpenFindings(Opens):
    """Show an inspection's findings and the earlier ones to confirm."""

    inspection_id: str


@dataclass
class OpenOccupancy(Opens):
    """Show the occupancy per unit of a site; findings go to ``inspection_id`` (None: the site's open one)."""

    site_id: str
    inspection_id: str | None = None


@dataclass
class OpenDaySummary(Opens):
    """Show the day's findings as charts."""

    day: dt.date


# --- dialogs -----------------------------------------------------------------------------


@dataclass
class NewSite(Opens):
    """Create a site, then show it."""


@dataclass
class NewInspection(Opens):
    """Start an inspection of a site (None: pick the site first), then show its checklist."""

    site_id: str | None = None


@dataclass
class EditSite(Opens):
    """Edit a site; ``done`` gets its id once saved, None on cancel."""

    site_id: str
    done: Done = None


@dataclass
class EditUnit(Opens):
    """Create (``unit_id`` None) or edit a unit of a site; ``done`` gets its id once saved."""

    unit_id: str | None
    site_id: str
    parent_id: str | None
    kind: str | None = None
    done: Done = None


@dataclass
class EditOccupant(Opens):
    """Register (``occupant_id`` None) or edit an occupant of a unit; ``done`` gets the id once saved."""

    occupant_id: str | None
    unit_id: str
    done: Done = None


@dataclass
class EditConflicted(Opens):
    """Edit a record in conflict, starting from ``data``; saving resolves it. ``done`` gets the id."""

    entity: str
    record_id: str
    data: dict[str, Any]
    done: Done = None


@dataclass
class Confirm(Opens):
    """Ask a yes/no question; ``done`` gets True for yes."""

    title: str
    question: str
    done: Done = None
    default_yes: bool = False
    """Focus "Yes" (the action the person already chose, e.g. a version to keep), so enter confirms it."""


@dataclass
class OpenHistory(Opens):
    """Show every revision of one record: who made it, when, what changed."""

    entity: str
    record_id: str
    label: str


@dataclass
class AddFinding(Opens):
    """Add a finding to an inspection, about an item or a unit, with a suggested text and severity."""

    inspection_id: str
    item: Item | None = None
    unit_id: str | None = None
    description: str = ""
    severity: Severity | None = None


@dataclass
class PickPhoto(Opens):
    """Choose an image file from the disk; done gets its path, or None."""

    done: Done = None


@dataclass
class EditFinding(Opens):
    """Open a finding already recorded, to change it or add photos (while its inspection is open)."""

    inspection_id: str
    finding_id: str


@dataclass
class CompleteInspection(Opens):
    """Complete and sign an inspection; done gets True once signed, or the id of the first
    required item still open when signing was refused for it (the checklist goes there)."""

    inspection_id: str
    done: Done = None


@dataclass
class ReopenInspection(Opens):
    """Reopen a completed inspection."""

    inspection_id: str


@dataclass(frozen=True)
class Target:
    """An inspection a review decision is about, as the dialog lists it."""

    id: str
    label: str
    status: str


@dataclass
class Decide(Opens):
    """Record the team lead's decision on inspections; ``done`` gets the ReviewOutcome (None on cancel)."""

    decision: ReviewDecision
    targets: list[Target] = field(default_factory=list)
    done: Done = None


@dataclass
class ChooseDay(Opens):
    """Ask for a day to review; ``done`` gets the date (None on cancel)."""

    current: dt.date
    today: dt.date
    done: Done = None


@dataclass
class WriteReport(Opens):
    """Write one inspection's report to a file chosen in a dialog."""

    inspection_id: str
    day: dt.date
    site_name: str
    about: str


@dataclass
class ExportFindings(Opens):
    """Write the day's findings (optionally of one inspector or site) to a file chosen in a dialog."""

    day: dt.date
    about: str
    inspector: str | None = None
    site_id: str | None = None


@dataclass
class ImportBundles(Opens):
    """Import the inspectors' bundles; the screen underneath reads its data again afterwards."""


@dataclass
class ExportBundle(Opens):
    """Write this database's changes to a bundle."""


@dataclass
class ShowKeymap(Opens):
    """List every key of the current screen and the app."""


@dataclass
class AskReason(Opens):
    """Ask for a reason (with a name or a new date when given) before a deletion, withdrawal or extension.

    ``done`` gets a ``ReasonAnswer`` (reason, name, date), or None when cancelled.
    """

    title: str
    text: str
    action: str
    name: str | None = None
    date: dt.date | None = None
    done: Done = None


@dataclass
class Deleted(Message):
    """Something was deleted: the app keeps it so ctrl+z can bring it back within this session."""

    deletion: Any
    """A ``store.workflow.Deletion``."""


@dataclass(frozen=True)
class RecordFinding:
    """The sign dialog's answer when the inspector chose to record a finding for a failed critical item first."""

    item_id: str
