"""The database schema, changed only through sqlite-utils migrations.

Entity tables hold the current head of each record. `changes` is both the change log
(one row per revision entering this database, numbered by this device's sequence) and
the revision store (every version's data is kept, so nothing is ever lost).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("inspect_tui")

_TEXT = str
_INT = int
_REAL = float


def _entity(db: Database, name: str, columns: dict[str, type], indexes: list[list[str]]) -> None:
    db[name].create({"id": _TEXT, **columns, "rev": _TEXT}, pk="id", not_null={"rev"})  # type: ignore[union-attr]
    for index in indexes:
        db[name].create_index(index)  # type: ignore[union-attr]


@migrations()
def m001_core(db: Database) -> None:
    db["meta"].create({"key": _TEXT, "value": _TEXT}, pk="key")  # type: ignore[union-attr]
    _entity(
        db,
        "sites",
        {
            "name": _TEXT,
            "kind": _TEXT,
            "housing_type": _TEXT,
            "akf_category": _TEXT,
            "sector": _TEXT,
            "high_risk": _INT,
            "country": _TEXT,
            "street": _TEXT,
            "house_number": _INT,
            "house_letter": _TEXT,
            "house_addition": _TEXT,
            "postcode": _TEXT,
            "city": _TEXT,
            "operator_name": _TEXT,
            "operator_kvk": _TEXT,
            "employer_name": _TEXT,
            "employer_kvk": _TEXT,
            "agency_name": _TEXT,
            "agency_kvk": _TEXT,
            "agency_sna_certified": _INT,
            "certification": _TEXT,
            "certification_number": _TEXT,
            "certification_valid_until": _TEXT,
            "notes": _TEXT,
        },
        [["name"], ["city"]],
    )
    _entity(
        db,
        "units",
        {
            "site_id": _TEXT,
            "label": _TEXT,
            "kind": _TEXT,
            "parent_id": _TEXT,
            "floor_area_m2": _REAL,
            "beds": _INT,
            "registered_persons": _INT,
            "toilets": _INT,
            "showers": _INT,
            "notes": _TEXT,
        },
        [["site_id"], ["parent_id"]],
    )
    _entity(
        db,
        "occupants",
        {
            "unit_id": _TEXT,
            "name": _TEXT,
            "bsn": _TEXT,
            "date_of_birth": _TEXT,
            "nationality": _TEXT,
            "employer": _TEXT,
            "agency": _TEXT,
            "phone": _TEXT,
            "email": _TEXT,
            "brp_status": _TEXT,
            "written_rental_contract": _INT,
            "contract_separate": _INT,
            "zorgpas_in_own_possession": _INT,
            "couple_with": _TEXT,
            "sealed": _TEXT,
        },
        [["unit_id"]],
    )
    _entity(
        db,
        "inspections",
        {
            "site_id": _TEXT,
            "templates": _TEXT,
            "inspector": _TEXT,
            "started_at": _TEXT,
            "completed_at": _TEXT,
            "status": _TEXT,
            "signed_by": _TEXT,
            "previous_id": _TEXT,
            "notes": _TEXT,
        },
        [["site_id"], ["started_at"], ["status", "started_at"], ["inspector", "started_at"]],
    )
    _entity(
        db,
        "answers",
        {
            "inspection_id": _TEXT,
            "item_id": _TEXT,
            "value": _TEXT,
            "verdict": _TEXT,
            "figure": _REAL,
            "note": _TEXT,
            "computed": _INT,
        },
        [["inspection_id", "item_id"]],
    )
    _entity(
        db,
        "findings",
        {
            "inspection_id": _TEXT,
            "item_id": _TEXT,
            "unit_id": _TEXT,
            "severity": _TEXT,
            "description": _TEXT,
            "deadline": _TEXT,
            "status": _TEXT,
            "partner": _TEXT,
            "origin_id": _TEXT,
        },
        [["inspection_id"], ["severity"], ["status"], ["origin_id"]],
    )
    _entity(
        db,
        "attachments",
        {
            "finding_id": _TEXT,
            "sha256": _TEXT,
            "file_name": _TEXT,
            "media_type": _TEXT,
            "size": _INT,
        },
        [["finding_id"], ["sha256"]],
    )
    _entity(
        db,
        "reviews",
        {
            "inspection_id": _TEXT,
            "reviewer": _TEXT,
            "decision": _TEXT,
            "reason": _TEXT,
            "created_at": _TEXT,
        },
        [["inspection_id"]],
    )
    db["templates"].create(  # type: ignore[union-attr]
        {"id": _TEXT, "version": _TEXT, "sha256": _TEXT, "data": _TEXT}, pk="id"
    )
    db["blobs"].create({"sha256": _TEXT, "size": _INT, "data": bytes}, pk="sha256")  # type: ignore[union-attr]
    db.execute(
        """
        CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            rev TEXT NOT NULL UNIQUE,
            gen INTEGER NOT NULL,
            base_rev TEXT,
            merged TEXT NOT NULL DEFAULT '[]',
            ancestors TEXT NOT NULL DEFAULT '[]',
            origin TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            leaf INTEGER NOT NULL DEFAULT 1,
            data TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_changes_record ON changes(entity, record_id, leaf)")
    db.execute("CREATE INDEX idx_changes_base ON changes(base_rev)")
    db.execute("CREATE TABLE superseded (rev TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute(
        """
        CREATE TABLE conflicts (
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            leaves TEXT NOT NULL,
            fields TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (entity, record_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE bundles (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            signer TEXT NOT NULL,
            device_id TEXT NOT NULL,
            direction TEXT NOT NULL,
            created_at TEXT NOT NULL,
            seq_from INTEGER,
            seq_to INTEGER,
            receipt TEXT NOT NULL DEFAULT '{}'
        )
        """
    )


@migrations()
def m002_list_indexes(db: Database) -> None:
    """Indexes measured on 100,000 inspections (bench/queries_probe.py): the home list's
    open findings per inspection, team leads' open / critical / overdue findings, and
    newest-first lists ordered by the index alone."""
    db.execute("CREATE INDEX idx_findings_inspection_status ON findings(inspection_id, status)")
    db.execute("CREATE INDEX idx_findings_status_severity_deadline ON findings(status, severity, deadline)")
    db.execute("CREATE INDEX idx_inspections_started_id ON inspections(started_at, id)")
    db.execute("DROP INDEX IF EXISTS idx_inspections_started_at")
    db.execute("DROP INDEX IF EXISTS idx_findings_status")
    db.execute("DROP INDEX IF EXISTS idx_findings_inspection_id")
    # Three values never narrow anything down, yet without statistics SQLite would start from it.
    db.execute("DROP INDEX IF EXISTS idx_findings_severity")


@migrations()
def m003_times_with_zone(db: Database) -> None:
    """Naive local times (inspections, reviews) get their Europe/Amsterdam offset (RFC 3339)."""
    from inspect_tui.store.zone_migration import add_zones

    add_zones(db)


@migrations()
def m004_verdicts_per_unit(db: Database) -> None:
    """Per-unit verdict lines and the rule version on answers; zoning on sites; the occupant's
    address abroad, stay, unit since and health insurance.

    Draft and returned inspections are re-judged once after this migration (flag in meta);
    completed and approved ones keep the verdicts they were signed with.
    """
    db["answers"].add_column("units", _TEXT)  # type: ignore[union-attr]
    db["answers"].add_column("judged_by", _TEXT)  # type: ignore[union-attr]
    db["sites"].add_column("zoned_residential", _INT)  # type: ignore[union-attr]
    for column, kind in (
        ("abroad_country", _TEXT),
        ("abroad_city", _TEXT),
        ("abroad_street", _TEXT),
        ("arrived_in_nl", _TEXT),
        ("expected_stay_until", _TEXT),
        ("in_unit_since", _TEXT),
        ("health_insured", _INT),
        ("health_insurer", _TEXT),
        ("insured_until", _TEXT),
    ):
        db["occupants"].add_column(column, kind)  # type: ignore[union-attr]
    if db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0]:
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('rejudge_open_inspections', '1')")


@migrations()
def m005_trust(db: Database) -> None:
    """Trust: recorded decisions to accept a signer, the change-log segments that vouch for relayed
    revisions, and bundle ids scoped to their signer (a foreign signer cannot squat an id).

    Revision ids are not recomputed: their formula did not change, the generation rule (one more
    than the highest parent) always held for revisions this app made, so existing ids verify as they
    are. Signers of bundles imported before this version are recorded as trusted ("grandfathered")
    with the role lead: someone accepted them when every signer could write everything; pin a roster
    to narrow that down."""
    db.execute(
        """
        CREATE TABLE trusted_keys (
            public_key TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            role TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            how TEXT NOT NULL
        )
        """
    )
    db.execute(
        "INSERT OR IGNORE INTO trusted_keys(public_key, device_id, role, decided_at, how) "
        "SELECT signer, device_id, 'lead', MIN(created_at), 'grandfathered' FROM bundles WHERE direction = 'in' "
        "GROUP BY signer"
    )
    db.execute("CREATE TABLE segments (id INTEGER PRIMARY KEY, device TEXT NOT NULL, body TEXT NOT NULL UNIQUE)")
    db.execute(
        "CREATE TABLE segment_revs (rev TEXT NOT NULL, segment_id INTEGER NOT NULL REFERENCES segments(id), "
        "PRIMARY KEY (rev, segment_id)) WITHOUT ROWID"
    )
    db.execute("ALTER TABLE bundles RENAME TO bundles_v1")
    db.execute(
        """
        CREATE TABLE bundles (
            id TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            signer TEXT NOT NULL,
            device_id TEXT NOT NULL,
            direction TEXT NOT NULL,
            created_at TEXT NOT NULL,
            seq_from INTEGER,
            seq_to INTEGER,
            receipt TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (signer, id)
        )
        """
    )
    db.execute("INSERT INTO bundles SELECT * FROM bundles_v1")
    db.execute("DROP TABLE bundles_v1")


@migrations()
def m006_signed_freeze(db: Database) -> None:
    """What a signed inspection was judged on (occupancy per unit, figures, site context, rule
    versions), frozen on the inspection when it is completed; who confirmed an earlier finding
    resolved or still open, when, and in which re-inspection."""
    db["inspections"].add_column("frozen", _TEXT)  # type: ignore[union-attr]
    for column in ("confirmed_in", "confirmed_by", "confirmed_at"):
        db["findings"].add_column(column, _TEXT)  # type: ignore[union-attr]
    db.execute("CREATE INDEX idx_findings_confirmed_in ON findings(confirmed_in)")


@migrations()
def m007_item_photos(db: Database) -> None:
    """Photos on checklist answers (attachments name a finding or an answer) and the time a
    photo was taken, from its EXIF data."""
    db["attachments"].add_column("answer_id", _TEXT)  # type: ignore[union-attr]
    db["attachments"].add_column("taken_at", _TEXT)  # type: ignore[union-attr]
    db.execute("CREATE INDEX idx_attachments_answer_id ON attachments(answer_id)")


@migrations()
def m008_unit_appliances(db: Database) -> None:
    """Each unit's own burners, fridge litres and sockets, so those rules are judged per dwelling."""
    db["units"].add_column("burners", _INT)  # type: ignore[union-attr]
    db["units"].add_column("fridge_litres", _REAL)  # type: ignore[union-attr]
    db["units"].add_column("sockets", _INT)  # type: ignore[union-attr]


@migrations()
def m009_revision_authors(db: Database) -> None:
    """Who made each revision and when (both travel in bundles and are hashed into the revision id);
    revisions made before carry neither."""
    db["changes"].add_column("made_at", _TEXT)  # type: ignore[union-attr]
    db["changes"].add_column("made_by", _TEXT)  # type: ignore[union-attr]


@migrations()
def m010_finding_extensions_withdrawn(db: Database) -> None:
    """A finding's explicit deadline extensions (with reason, who, when) and its withdrawal after
    signing (reason, who, when; status withdrawn)."""
    for column in ("extensions", "withdrawn_reason", "withdrawn_by", "withdrawn_at"):
        db["findings"].add_column(column, _TEXT)  # type: ignore[union-attr]


@migrations()
def m011_deletion_conflicts(db: Database) -> None:
    """An edit made without seeing a deletion is a conflict a person resolves; before, the edit won
    unseen. Record those already held."""
    from inspect_tui.store.conflicts import refresh_deletion_conflicts

    refresh_deletion_conflicts(db)


@migrations()
def m012_held_removals(db: Database) -> None:
    """A removal that records made elsewhere still stand under is held, a conflict; before, those
    records were taken in pointing at nothing. Hold the removals already so left."""
    from inspect_tui.store.held import refresh_held_removals

    refresh_held_removals(db)


def _check_names() -> None:
    from inspect_tui.store.fileformat import MIGRATIONS

    registered = tuple(m.name for m in migrations._migrations)
    if registered != MIGRATIONS:
        raise RuntimeError(f"store/fileformat.py MIGRATIONS must list {registered}, in order")


_check_names()
