"""The central schema, changed only through numbered migrations recorded in ``schema_migrations``.

The revision store (``changes``, ``superseded``, ``conflicts``) and the head tables have the
columns of the laptops' SQLite store, so the shared sync core reads and writes both alike.
A migration never changes once released; a change to the schema is a new migration.
"""

from __future__ import annotations

from collections.abc import Callable

from inspect_tui.central.store.connect import CentralDb


def _deletion_conflicts(db: CentralDb) -> None:
    """As the laptops' m011_deletion_conflicts: an edit beside a deletion is a conflict."""
    from inspect_tui.store.conflicts import refresh_deletion_conflicts

    refresh_deletion_conflicts(db.as_store())


def _held_removals(db: CentralDb) -> None:
    """As the laptops' m012_held_removals: a removal that records stand under is held."""
    from inspect_tui.store.held import refresh_held_removals

    refresh_held_removals(db.as_store())


_HEADS = (
    "CREATE TABLE sites (id TEXT PRIMARY KEY, name TEXT, kind TEXT, housing_type TEXT, akf_category TEXT, "
    "sector TEXT, high_risk BIGINT, country TEXT, street TEXT, house_number BIGINT, house_letter TEXT, "
    "house_addition TEXT, postcode TEXT, city TEXT, operator_name TEXT, operator_kvk TEXT, employer_name TEXT, "
    "employer_kvk TEXT, agency_name TEXT, agency_kvk TEXT, agency_sna_certified BIGINT, certification TEXT, "
    "certification_number TEXT, certification_valid_until TEXT, notes TEXT, rev TEXT NOT NULL)",
    "CREATE TABLE units (id TEXT PRIMARY KEY, site_id TEXT, label TEXT, kind TEXT, parent_id TEXT, "
    "floor_area_m2 DOUBLE PRECISION, beds BIGINT, registered_persons BIGINT, toilets BIGINT, showers BIGINT, "
    "notes TEXT, rev TEXT NOT NULL)",
    "CREATE TABLE occupants (id TEXT PRIMARY KEY, unit_id TEXT, name TEXT, bsn TEXT, date_of_birth TEXT, "
    "nationality TEXT, employer TEXT, agency TEXT, phone TEXT, email TEXT, brp_status TEXT, "
    "written_rental_contract BIGINT, contract_separate BIGINT, zorgpas_in_own_possession BIGINT, "
    "couple_with TEXT, sealed TEXT, rev TEXT NOT NULL)",
    "CREATE TABLE inspections (id TEXT PRIMARY KEY, site_id TEXT, templates TEXT, inspector TEXT, "
    "started_at TEXT, completed_at TEXT, status TEXT, signed_by TEXT, previous_id TEXT, notes TEXT, "
    "rev TEXT NOT NULL)",
    "CREATE TABLE answers (id TEXT PRIMARY KEY, inspection_id TEXT, item_id TEXT, value TEXT, verdict TEXT, "
    "figure DOUBLE PRECISION, note TEXT, computed BIGINT, rev TEXT NOT NULL)",
    "CREATE TABLE findings (id TEXT PRIMARY KEY, inspection_id TEXT, item_id TEXT, unit_id TEXT, "
    "severity TEXT, description TEXT, deadline TEXT, status TEXT, partner TEXT, origin_id TEXT, "
    "rev TEXT NOT NULL)",
    "CREATE TABLE attachments (id TEXT PRIMARY KEY, finding_id TEXT, sha256 TEXT, file_name TEXT, "
    "media_type TEXT, size BIGINT, rev TEXT NOT NULL)",
    "CREATE TABLE reviews (id TEXT PRIMARY KEY, inspection_id TEXT, reviewer TEXT, decision TEXT, "
    "reason TEXT, created_at TEXT, rev TEXT NOT NULL)",
)

Step = str | Callable[[CentralDb], None]
"""A statement, or a function for what the store's shared code computes (the same on both back ends)."""

MIGRATIONS: tuple[tuple[str, tuple[Step, ...]], ...] = (
    (
        "001_core",
        (
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
            *_HEADS,
            "CREATE INDEX idx_sites_city ON sites(city)",
            "CREATE INDEX idx_units_site ON units(site_id)",
            "CREATE INDEX idx_occupants_unit ON occupants(unit_id)",
            "CREATE INDEX idx_inspections_site ON inspections(site_id)",
            "CREATE INDEX idx_inspections_inspector ON inspections(inspector, started_at)",
            "CREATE INDEX idx_answers_inspection ON answers(inspection_id, item_id)",
            "CREATE INDEX idx_findings_inspection ON findings(inspection_id, status)",
            "CREATE INDEX idx_findings_open ON findings(status, severity, deadline)",
            "CREATE INDEX idx_attachments_finding ON attachments(finding_id)",
            "CREATE INDEX idx_reviews_inspection ON reviews(inspection_id)",
            "CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, data BYTEA NOT NULL)",
            """CREATE TABLE changes (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                entity TEXT NOT NULL,
                record_id TEXT NOT NULL,
                rev TEXT NOT NULL UNIQUE,
                gen BIGINT NOT NULL,
                base_rev TEXT,
                merged TEXT NOT NULL DEFAULT '[]',
                ancestors TEXT NOT NULL DEFAULT '[]',
                origin TEXT NOT NULL,
                deleted INTEGER NOT NULL DEFAULT 0,
                leaf INTEGER NOT NULL DEFAULT 1,
                data TEXT,
                received_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )""",
            "CREATE INDEX idx_changes_record ON changes(entity, record_id, leaf)",
            "CREATE INDEX idx_changes_base ON changes(base_rev)",
            "CREATE INDEX idx_changes_origin ON changes(origin, seq)",
            "CREATE TABLE superseded (rev TEXT PRIMARY KEY)",
            """CREATE TABLE conflicts (
                entity TEXT NOT NULL,
                record_id TEXT NOT NULL,
                leaves TEXT NOT NULL,
                fields TEXT NOT NULL,
                kind TEXT NOT NULL,
                PRIMARY KEY (entity, record_id)
            )""",
            """CREATE TABLE bundles (
                id TEXT PRIMARY KEY,
                sha256 TEXT NOT NULL,
                signer TEXT NOT NULL,
                device_id TEXT NOT NULL,
                direction TEXT NOT NULL,
                created_at TEXT NOT NULL,
                seq_from BIGINT,
                seq_to BIGINT,
                receipt TEXT NOT NULL DEFAULT '{}',
                received_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )""",
            "CREATE TABLE team_members (team TEXT NOT NULL, inspector TEXT NOT NULL, PRIMARY KEY (team, inspector))",
        ),
    ),
    (
        # Per-dwelling verdicts (as the laptops' m004_verdicts_per_unit): the new head columns.
        "002_verdicts_per_unit",
        (
            "ALTER TABLE answers ADD COLUMN units TEXT, ADD COLUMN judged_by TEXT",
            "ALTER TABLE sites ADD COLUMN zoned_residential BIGINT",
            "ALTER TABLE occupants ADD COLUMN abroad_country TEXT, ADD COLUMN abroad_city TEXT, "
            "ADD COLUMN abroad_street TEXT, ADD COLUMN arrived_in_nl TEXT, ADD COLUMN expected_stay_until TEXT, "
            "ADD COLUMN in_unit_since TEXT, ADD COLUMN health_insured BIGINT, ADD COLUMN health_insurer TEXT, "
            "ADD COLUMN insured_until TEXT",
        ),
    ),
    (
        # Trust (as the laptops' m005_trust): recorded decisions to accept a signer, the signed
        # change-log segments that vouch for relayed revisions, and bundle ids scoped to their signer.
        "003_trust",
        (
            """CREATE TABLE trusted_keys (
                public_key TEXT PRIMARY KEY,
                device_id TEXT NOT NULL,
                role TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                how TEXT NOT NULL
            )""",
            "INSERT INTO trusted_keys(public_key, device_id, role, decided_at, how) "
            "SELECT DISTINCT ON (signer) signer, device_id, 'lead', created_at, 'grandfathered' FROM bundles "
            "WHERE direction = 'in' ORDER BY signer, created_at",
            "CREATE TABLE segments (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, device TEXT NOT NULL, "
            "body TEXT NOT NULL UNIQUE)",
            "CREATE TABLE segment_revs (rev TEXT NOT NULL, segment_id BIGINT NOT NULL REFERENCES segments(id), "
            "PRIMARY KEY (rev, segment_id))",
            "ALTER TABLE bundles DROP CONSTRAINT bundles_pkey",
            "ALTER TABLE bundles ADD PRIMARY KEY (signer, id)",
        ),
    ),
    (
        # As the laptops' m006_signed_freeze: what a signed inspection was judged on, and who
        # confirmed an earlier finding, when and in which re-inspection.
        "004_signed_freeze",
        (
            "ALTER TABLE inspections ADD COLUMN frozen TEXT",
            "ALTER TABLE findings ADD COLUMN confirmed_in TEXT, ADD COLUMN confirmed_by TEXT, "
            "ADD COLUMN confirmed_at TEXT",
            "CREATE INDEX idx_findings_confirmed_in ON findings(confirmed_in)",
        ),
    ),
    (
        # As the laptops' m007_item_photos and m008_unit_appliances.
        "005_item_photos_and_unit_appliances",
        (
            "ALTER TABLE attachments ADD COLUMN answer_id TEXT, ADD COLUMN taken_at TEXT",
            "CREATE INDEX idx_attachments_answer_id ON attachments(answer_id)",
            "ALTER TABLE units ADD COLUMN burners BIGINT, ADD COLUMN fridge_litres DOUBLE PRECISION, "
            "ADD COLUMN sockets BIGINT",
        ),
    ),
    (
        # As the laptops' m009_revision_authors: who made each revision and when.
        "006_revision_authors",
        ("ALTER TABLE changes ADD COLUMN made_at TEXT, ADD COLUMN made_by TEXT",),
    ),
    (
        # As the laptops' m010_finding_extensions_withdrawn: deadline extensions and withdrawal.
        "007_finding_extensions_withdrawn",
        (
            "ALTER TABLE findings ADD COLUMN extensions TEXT, ADD COLUMN withdrawn_reason TEXT, "
            "ADD COLUMN withdrawn_by TEXT, ADD COLUMN withdrawn_at TEXT",
        ),
    ),
    (
        # A segment is unique by the SHA-256 of its text: a B-tree index row holds at most 8 kB,
        # and one segment lists up to 10,000 revisions (a bundle of a few hundred was refused).
        "008_segment_digest",
        (
            "ALTER TABLE segments ADD COLUMN digest TEXT",
            "UPDATE segments SET digest = encode(sha256(convert_to(body, 'UTF8')), 'hex')",
            "ALTER TABLE segments ALTER COLUMN digest SET NOT NULL",
            "ALTER TABLE segments DROP CONSTRAINT segments_body_key",
            "ALTER TABLE segments ADD CONSTRAINT segments_digest_key UNIQUE (digest)",
        ),
    ),
    (
        # A revision stops being a leaf when a later one closes it (``UPDATE changes SET leaf = 0``).
        # With leaf in the records' index that update could never stay on its page (HOT): it wrote
        # a new entry into every index of changes. The records' index is by entity and id alone
        # (what every lookup gives; the leaf flag is read from the row, as its rev and gen are), and
        # pages keep room for the closed revision's new version.
        "009_leaf_not_indexed",
        (
            "DROP INDEX idx_changes_record",
            "CREATE INDEX idx_changes_record ON changes(entity, record_id)",
        ),
    ),
    (
        # An edit made without seeing a deletion is a conflict; record those already held.
        "010_deletion_conflicts",
        (_deletion_conflicts,),
    ),
    (
        # A removal that records made elsewhere still stand under is held; hold those left so.
        "011_held_removals",
        (_held_removals,),
    ),
)
"""Every migration in order: a name and its statements."""


def applied(db: CentralDb) -> list[str]:
    """Names of the migrations this database has, oldest first ([] for an empty database)."""
    exists = db.pg("SELECT to_regclass('schema_migrations')").fetchone()
    if exists is None or exists[0] is None:
        return []
    return [str(r[0]) for r in db.pg("SELECT name FROM schema_migrations ORDER BY name").fetchall()]


def migrate(db: CentralDb) -> list[str]:
    """Apply every migration not applied yet, each in its own transaction; returns their names.

    Two processes migrating at once are serialised by an advisory lock; the second finds
    nothing left to do.
    """
    done: list[str] = []
    with db.atomic():
        db.pg("SELECT pg_advisory_xact_lock(%s)", [0x1A5C_7000])
        db.pg(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        have = set(applied(db))
        for name, statements in MIGRATIONS:
            if name in have:
                continue
            with db.atomic():
                for statement in statements:
                    if isinstance(statement, str):
                        db.pg(statement)
                    else:
                        statement(db)
                db.pg("INSERT INTO schema_migrations(name) VALUES (%s)", [name])
            done.append(name)
    return done


def require_schema(db: CentralDb) -> None:
    """Refuse to work on a database that was never initialised or needs newer migrations."""
    from inspect_tui.central.errors import CentralError
    from inspect_tui.i18n import _

    have = applied(db)
    if not have:
        raise CentralError(_("the central database is not initialised; run: inspect-tui central init"))
    wanted = [name for name, _ in MIGRATIONS]
    unknown = [name for name in have if name not in wanted]
    if unknown:
        raise CentralError(
            _("the central database has migration {migration}, newer than this app; upgrade inspect-tui").format(
                migration=unknown[0]
            )
        )
    if have != wanted:
        raise CentralError(_("the central database needs migrating; run: inspect-tui central init"))
