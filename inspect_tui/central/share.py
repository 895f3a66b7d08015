"""Shares: purpose-bound exports of central data for another regulator.

A profile (``profiles/<name>.json``, shipped with the package like the checklists) says for
whom and why, on which legal basis and with what confidence, which tables and which fields.
Only those fields leave: the rows are built here, then cut down to the profile's list. A field
that identifies a person is refused unless the profile's legal basis names it.

A share is a signed BagIt zip (``data/<table>.csv`` plus ``data/profile.json``) for systems that
check signatures, and an XLSX workbook beside it for people without the app.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey

from inspect_tui import __version__
from inspect_tui.central.errors import CentralError
from inspect_tui.central.keys import central_device
from inspect_tui.central.places import place_name, spellings_of, stored_places
from inspect_tui.central.share_occupancy import (
    PARENT_UNIT,
    PERSONS_FOUND,
    REGISTERED_PERSONS,
    SIGNED_OCCUPANCY,
    found_registered,
    with_units_inside,
)
from inspect_tui.central.share_profile import (
    PERSONAL_FIELDS,
    TABLE_FIELDS,
    Profile,
    load_profile,
    parse_profile,
    profile_names,
)
from inspect_tui.central.share_redact import Redactor, redactor_for
from inspect_tui.central.share_workbook import YES_NO_FIELDS, inert, write_workbook
from inspect_tui.central.signed import SIGNED, TAKEN_OVER, TAKEN_OVER_STATUS, UNSIGNED_RESOLUTION
from inspect_tui.central.store.connect import CentralDb
from inspect_tui.central.store.handouts import Handout, record_handout, require_writable
from inspect_tui.checklists.high_risk import effective_high_risk
from inspect_tui.i18n import _
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.sync.bag import BagWriter

SHARE_FORMAT = "inspect-tui-share"
SHARE_FORMAT_VERSION = 1

__all__ = [
    "PERSONAL_FIELDS",
    "TABLE_FIELDS",
    "Profile",
    "ShareResult",
    "ShareScope",
    "build_tables",
    "load_profile",
    "parse_profile",
    "profile_names",
    "write_share",
]


@dataclass(frozen=True)
class ShareScope:
    """Which part of the data a share covers."""

    municipality: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    norm: str | None = None

    def __post_init__(self) -> None:
        if self.municipality is not None:  # "Venlo " or "Den  Bosch" as typed or pasted
            object.__setattr__(self, "municipality", " ".join(self.municipality.split()))

    def describe(self) -> str:
        parts = [
            f"municipality {self.municipality}" if self.municipality else "all municipalities",
            f"from {self.date_from}" if self.date_from else "",
            f"to {self.date_to}" if self.date_to else "",
            f"norm {self.norm}" if self.norm else "",
        ]
        return ", ".join(p for p in parts if p)


def require_scope(scope: ShareScope) -> None:
    """A municipality given empty (``--municipality "$GEMEENTE"`` with the variable unset) is refused:
    read as no municipality, it would give one municipality every other's sites."""
    if scope.municipality is not None and not scope.municipality.strip():
        raise CentralError(
            _("--municipality is empty; name the municipality, or leave --municipality out for all of them")
        )


def _rows(db: CentralDb, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.pg(sql, params)
    names = [c.name for c in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _site_filter(profile: Profile, scope: ScopeLike, places: list[str]) -> tuple[str, list[Any]]:
    """The sites' condition; places: the stored spellings of scope's municipality (see ``places``)."""
    clauses = ["TRUE"]
    params: list[Any] = []
    kinds = profile.filters.get("site_kind")
    if kinds:
        clauses.append("s.kind = ANY(%s)")
        params.append(list(kinds))
    if scope.municipality is not None:
        clauses.append("s.city = ANY(%s)")
        params.append(places)
    if profile.filters.get("certified_under_norm"):
        clauses.append("%s = ANY(string_to_array(s.certification, '_'))")  # snf_akf: certified under both
        params.append(scope.norm)
    if scope.date_from or scope.date_to:
        clauses.append(
            "EXISTS (SELECT 1 FROM inspections i WHERE i.site_id = s.id AND substr(i.started_at, 1, 10) >= %s "
            "AND substr(i.started_at, 1, 10) <= %s AND i.status = ANY(%s))"
        )  # inspected in the period as the figures count it: by a signed inspection
        params.extend([*_period(scope), list(SIGNED)])
    return " AND ".join(clauses), params


ScopeLike = ShareScope


def _period(scope: ShareScope) -> list[str]:
    return [(scope.date_from or dt.date(1, 1, 1)).isoformat(), (scope.date_to or dt.date(9999, 12, 31)).isoformat()]


def _item_filter(profile: Profile, scope: ShareScope, column: str) -> tuple[str, list[Any]]:
    prefixes = list(profile.filters.get("item_prefix") or [])
    if profile.filters.get("certified_under_norm"):
        prefixes.append(f"{scope.norm}.")
    if not prefixes:
        return "TRUE", []
    return "(" + " OR ".join(f"{column} LIKE %s" for _ in prefixes) + ")", [f"{p}%" for p in prefixes]


def _shown_status(row: dict[str, Any]) -> dict[str, Any]:
    """An open finding carried over into a signed re-inspection reads "taken over": the finding that
    took it over carries the defect on (stats count it once, by the same rule)."""
    if row.pop("resolved_unsigned", False):
        # Confirmed resolved by a re-inspection not signed yet: open as the signed record has it.
        row["status"] = "open"
        for field in ("confirmed_in", "confirmed_by", "confirmed_at"):
            if field in row:
                row[field] = None
    if row.pop("taken_over", False) and row.get("status") == "open":
        row["status"] = TAKEN_OVER_STATUS
    return row


def _effective_high_risk(row: dict[str, Any]) -> dict[str, Any]:
    """A site's ``high_risk`` as the app judges it: its override, else its sector's (meat processing is
    high-risk without an override); the column holds only the override, empty for most sites."""
    if "high_risk" in row and "sector" in row:
        override = row["high_risk"]
        row["high_risk"] = effective_high_risk(row["sector"], None if override is None else bool(override))
    return row


def build_tables(
    db: CentralDb, profile: Profile, scope: ShareScope, redactor: Redactor | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The profile's tables, each row cut down to exactly the profile's fields (their free text
    cleaned of personal data by redactor, see ``share_redact``)."""
    require_scope(scope)
    if profile.filters.get("certified_under_norm") and scope.norm not in ("snf", "akf"):
        raise CentralError(
            _("the {name} profile needs --norm snf or --norm akf (the certification scheme)").format(name=profile.name)
        )
    if scope.norm is not None and not profile.filters.get("certified_under_norm"):
        raise CentralError(  # ignored, it would still stand in the share's scope as if the data were cut to it
            _(
                "the {name} profile takes no --norm (only a certification scheme's profile does); leave --norm out"
            ).format(name=profile.name)
        )
    places = spellings_of(scope.municipality, stored_places(db)) if scope.municipality is not None else []
    where, params = _site_filter(profile, scope, places)
    sites_sql = f"SELECT s.* FROM sites s WHERE {where}"
    period = _period(scope)
    queries: dict[str, tuple[str, list[Any]]] = {
        "sites": (
            f"SELECT s.id AS site_id, s.* FROM ({sites_sql}) s ORDER BY s.city, s.name, s.id",
            params,
        ),
        "units": (
            f"SELECT u.id AS unit_id, u.* FROM units u JOIN ({sites_sql}) s ON s.id = u.site_id "
            "ORDER BY u.site_id, u.label, u.id",
            params,
        ),
        "occupancy": (
            f"SELECT u.id AS unit_id, u.site_id, {REGISTERED_PERSONS} AS registered_persons, "
            f"{PERSONS_FOUND} AS persons_found, {PARENT_UNIT} AS parent_unit, "
            # Nobody found by a signed inspection: nobody found outside the BRP either (a draft's
            # or a returned inspection's people are no finding of the regulator's)
            f"{found_registered('not_registered')} AS found_not_in_brp, "
            f"{found_registered('rni')} AS found_rni "
            f"FROM units u JOIN ({sites_sql}) s ON s.id = u.site_id {SIGNED_OCCUPANCY}"
            "ORDER BY u.site_id, u.label, u.id",
            [*params, *period, list(SIGNED)],
        ),
    }
    for table, alias in (("findings", "f"), ("answers", "a")):
        items, item_params = _item_filter(profile, scope, f"{alias}.item_id")
        extra = "" if table == "findings" else " AND a.verdict <> 'unknown'"
        taken, taken_params = (f"{TAKEN_OVER}", [list(SIGNED)]) if table == "findings" else ("FALSE", [])
        unsigned, unsigned_params = (UNSIGNED_RESOLUTION, [list(SIGNED)]) if table == "findings" else ("FALSE", [])
        queries[table] = (
            f"SELECT {alias}.*, {alias}.id AS finding_id, i.site_id, i.inspector, {taken} AS taken_over, "
            f"{unsigned} AS resolved_unsigned, "
            f"substr(i.started_at, 1, 10) AS inspection_date, split_part({alias}.item_id, '.', 1) AS norm "
            f"FROM {table} {alias} JOIN inspections i ON i.id = {alias}.inspection_id "
            f"JOIN ({sites_sql}) s ON s.id = i.site_id "
            f"WHERE substr(i.started_at, 1, 10) >= %s AND substr(i.started_at, 1, 10) <= %s "
            f"AND i.status = ANY(%s) AND {items}{extra} "
            f"ORDER BY i.site_id, i.started_at, {alias}.item_id, {alias}.id",
            [*taken_params, *unsigned_params, *params, *period, list(SIGNED), *item_params],
        )
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, fields in profile.tables.items():
        sql, values = queries[table]
        read = list(map(_effective_high_risk, map(_shown_status, _rows(db, sql, values))))
        if table == "occupancy":
            read = with_units_inside(read)
        rows = [{name: row.get(name) for name in fields} for row in read]
        tables[table] = redactor.rows(rows) if redactor is not None else rows
    return tables


def _require_municipality(db: CentralDb, name: str) -> None:
    """Refuse a municipality no site is in (a typo would otherwise give an empty share)."""
    cities = stored_places(db)
    if spellings_of(name, cities):
        return
    close = difflib.get_close_matches(name, sorted({place_name(city) for city in cities}), n=1, cutoff=0.6)
    hint = (
        _("did you mean {name}?").format(name=close[0])
        if close
        else _("see the municipalities with: inspect-tui central stats")
    )
    raise CentralError(_("no site is in municipality {name}; {hint}").format(name=repr(name), hint=hint))


def _cell(name: str, value: Any) -> Any:
    """A CSV field: a flag as true or false (PostgreSQL gives some as 0/1 integers, the sector's
    judgement a bool), a text kept text (``inert``)."""
    if isinstance(value, bool) or (name in YES_NO_FIELDS and value in (0, 1)):
        return "true" if value else "false"
    return inert(value) if isinstance(value, str) else value


def to_csv(fields: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    """CSV with a header row (UTF-8 with BOM, so spreadsheet programs read accents right); a text
    that starts like a formula, or has a part after a ; that does, gets a leading ' there (see
    ``share_workbook.inert``); flags read true or false."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow(["" if row[name] is None else _cell(name, row[name]) for name in fields])
    return ("\ufeff" + text.getvalue()).encode()


@dataclass(frozen=True)
class ShareResult:
    """What a share wrote."""

    path: Path
    workbook: Path | None
    bundle_id: str
    counts: dict[str, int]
    redacted: int = 0
    """Values whose free text held personal data (a BSN, a name, contact details), replaced by […]."""


def _about(profile: Profile, scope: ShareScope, bundle_id: str, when: dt.datetime) -> dict[str, Any]:
    return {
        "format": SHARE_FORMAT,
        "format_version": SHARE_FORMAT_VERSION,
        "bundle_id": bundle_id,
        "created": when.isoformat(),
        "profile": profile.raw,
        "scope": {
            "municipality": scope.municipality,
            "from": scope.date_from.isoformat() if scope.date_from else None,
            "to": scope.date_to.isoformat() if scope.date_to else None,
            "norm": scope.norm,
        },
    }


def write_share(
    db: CentralDb,
    profile: Profile,
    scope: ShareScope,
    out: Path,
    signing_key: SigningKey,
    *,
    now: dt.datetime | None = None,
    scope_text: str | None = None,
) -> ShareResult:
    """Build the share and write the signed zip to out and the workbook beside it (in the
    interface language; scope_text says what the share covers in it, by default in English).

    Both files or neither: the workbook is made first under a temporary name and both are renamed
    only when both are written."""
    require_scope(scope)
    workbook = out.with_suffix(".xlsx")
    if not out.parent.is_dir():
        raise CentralError(
            _("the folder {path} does not exist; make it first: mkdir -p {path}").format(path=out.parent)
        )
    if out.suffix.lower() != ".zip":  # "q1" gave a zip named q1 and q1.xlsx; "q1.xlsx" overwrote itself
        raise CentralError(
            _("{out}: the share is a zip with a workbook beside it; name it .zip (the workbook gets .xlsx)").format(
                out=out
            )
        )
    for target in (out, workbook):
        if target.exists() or target.is_dir():
            raise CentralError(_("{out} already exists; choose another name or remove it first").format(out=target))
    require_writable(db)
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    bundle_id = str(uuid.uuid4())
    with db.atomic():
        db.pg("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        if scope.municipality is not None:
            _require_municipality(db, scope.municipality)
        redactor = redactor_for(db)
        tables = build_tables(db, profile, scope, redactor)
    partial = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
    book = workbook.with_name(f".{workbook.name}.{secrets.token_hex(4)}.part")
    try:
        made = write_workbook(book, profile, scope_text or scope.describe(), tables)
        with open(partial, "xb") as handle:
            writer = BagWriter(handle, when=when)
            try:
                about = _about(profile, scope, bundle_id, when)
                writer.add_payload("data/profile.json", json.dumps(about, indent=2, ensure_ascii=False).encode())
                for table, rows in tables.items():
                    writer.add_payload(f"data/{table}.csv", to_csv(profile.tables[table], rows))
                info = [
                    ("Bag-Software-Agent", f"inspect-tui {__version__} central"),
                    ("Bundle-Format", SHARE_FORMAT),
                    ("Bundle-Format-Version", str(SHARE_FORMAT_VERSION)),
                    ("Bundle-Id", bundle_id),
                    ("Device-Id", central_device(db)),
                    ("Created", when.isoformat()),
                    ("Share-Profile", profile.name),
                    ("Legal-Basis-Confidence", profile.confidence),
                    *[(f"Rows-{table.capitalize()}", str(len(rows))) for table, rows in tables.items()],
                ]
                writer.finish(info, signing_key)
            except BaseException:
                writer.abort()
                raise
            handle.flush()
            os.fsync(handle.fileno())
        if made:
            os.replace(book, workbook)
        try:
            os.replace(partial, out)
        except OSError:
            workbook.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CentralError(_("cannot write {out}: {reason}").format(out=out, reason=os_problem(exc))) from None
    finally:
        partial.unlink(missing_ok=True)
        book.unlink(missing_ok=True)
    counts = {table: len(rows) for table, rows in tables.items()}
    try:  # a share nobody can account for does not leave: unrecorded, it is removed again
        record_handout(
            db,
            Handout(
                bundle_id,
                hashlib.sha256(out.read_bytes()).hexdigest(),
                bytes(signing_key.verify_key).hex(),
                central_device(db),
                "share",
                when.isoformat(),
                None,
                None,
                json.dumps(
                    {"profile": profile.name, "scope": scope.describe(), "counts": counts, "path": out.name},
                    sort_keys=True,
                ),
            ),
        )
    except BaseException:
        out.unlink(missing_ok=True)
        workbook.unlink(missing_ok=True)
        raise
    return ShareResult(out, workbook if made else None, bundle_id, counts, redactor.changed)
