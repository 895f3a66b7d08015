"""Build a large, realistic inspect-tui database quickly, for the scale benchmarks (issue 6).

    python bench/generate.py --sites 5000 --inspections 100000 --answers-per 60 --out big.db

The schema comes from ``open_db`` (the same migrations as the app); the records are built
as the store builds them — JSON data shaped like ``Model.model_dump(mode="json")``, entity
rows from ``data_to_row``, one ``changes`` row per record (generation 1, content-derived rev,
this database's device id as origin) — and bulk-inserted with ``executemany`` in large
transactions with journalling and syncing off, by a second process, into ``OUT.tmp``; the
file gets WAL mode back and is renamed to OUT only when it is complete. Every site and every
1000th record of each other kind is validated through its pydantic model and must dump back
to the same data; ``tests/bench/test_generate.py`` validates every record of a small database.

Progress (rows built per second, ETA) goes to stderr; the summary ends with the file size.

Everything is fictional: names, firms, KvK numbers, addresses; BSNs are test-range
numbers (999…) that pass the 11-proef. The same ``--seed`` gives the same database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import multiprocessing
import operator
import os
import queue
import random
import shutil
import signal
import sqlite3
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from inspect_tui.checklists import list_templates, load_template
from inspect_tui.domain.base import Record
from inspect_tui.domain.checklist import AnswerType, Item
from inspect_tui.domain.enums import Severity
from inspect_tui.domain.identifiers import normalise_postcode
from inspect_tui.domain.models import (
    RECORD_TYPES,
    Answer,
    DeadlinePolicy,
    Finding,
    Inspection,
    Occupant,
    Review,
    Site,
    Unit,
    answer_id,
)
from inspect_tui.domain.norms import Measurements, SiteContext, evaluate
from inspect_tui.i18n.zone import zoned
from inspect_tui.store.codec import canonical_json, data_to_row
from inspect_tui.store.db import StoreError, open_db
from inspect_tui.store.revisions import make_rev
from inspect_tui.store.workflow import checklist_items, remember_templates

T = TypeVar("T")

VALIDATE_EVERY = 1000
"""Every n-th record of each kind (and every site) goes through its pydantic model."""

_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""``store.codec.canonical_json`` without building an encoder per call (checked on the sample)."""

FLUSH_CHANGES = 50_000
"""Change rows buffered before an executemany + commit."""

DEFAULT_UNTIL = dt.date(2026, 10, 30)
"""Last inspection day by default (fixed, so a seed always gives the same database)."""

# --- vocabulary (all fictional) --------------------------------------------------------------

REGIONS: dict[str, tuple[tuple[str, int, int], ...]] = {
    # city, lowest and highest 4-digit postcode of the town
    "Westland": (
        ("Naaldwijk", 2671, 2672),
        ("'s-Gravenzande", 2691, 2694),
        ("Monster", 2681, 2684),
        ("De Lier", 2678, 2678),
        ("Honselersdijk", 2675, 2675),
        ("Bleiswijk", 2665, 2666),
        ("Rotterdam", 3011, 3089),
        ("Zoetermeer", 2711, 2729),
    ),
    "Noord": (
        ("Aalsmeer", 1431, 1433),
        ("Almere", 1311, 1363),
        ("Zeewolde", 3891, 3899),
        ("Lelystad", 8211, 8245),
        ("Dronten", 8251, 8253),
        ("Emmeloord", 8301, 8316),
    ),
    "Brabant": (
        ("Tilburg", 5011, 5049),
        ("Waalwijk", 5141, 5146),
        ("Oss", 5341, 5351),
        ("Roosendaal", 4701, 4709),
        ("Bergen op Zoom", 4611, 4625),
        ("Breda", 4811, 4839),
        ("Veghel", 5461, 5467),
    ),
    "Limburg": (
        ("Venlo", 5911, 5935),
        ("Horst", 5961, 5962),
        ("Venray", 5801, 5809),
        ("Roermond", 6041, 6045),
        ("Sevenum", 5975, 5975),
        ("Helden", 5988, 5988),
    ),
    "Oost": (
        ("Zwolle", 8011, 8043),
        ("Barneveld", 3771, 3774),
        ("Ede", 6711, 6718),
        ("Emmen", 7811, 7826),
        ("Hardenberg", 7771, 7773),
        ("Tiel", 4001, 4007),
    ),
}
ABROAD = (
    ("DE", "Kleve", "47533", "Hoffmannallee"),
    ("DE", "Emmerich am Rhein", "46446", "Bahnhofstraße"),
    ("DE", "Nordhorn", "48529", "Denekamper Straße"),
    ("BE", "Lommel", "3920", "Kerkplein"),
)
STREETS = (
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Industrieweg",
    "Veilingweg",
    "Polderweg",
    "Havenstraat",
    "Kanaalweg",
    "Stationsstraat",
    "Schoolstraat",
    "Julianastraat",
    "Wilhelminalaan",
    "Oranjestraat",
    "Hoofdweg",
    "Zandweg",
    "Broekweg",
    "Tuinbouwweg",
    "Dijkweg",
    "Middenweg",
    "Beukenlaan",
    "Populierenlaan",
    "Nieuwstraat",
    "Westeinde",
    "Oosteinde",
    "Kassenweg",
    "Graaf Florislaan",
)
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
INSPECTORS: dict[str, tuple[str, ...]] = {
    "Westland": ("Annelies Verbeek", "Bram Hoekstra", "Chantal Mulder", "Daan Kuiper"),
    "Noord": ("Eva de Wit", "Frank Brouwer", "Gijs Postma", "Hanneke Smit"),
    "Brabant": ("Iris van Dam", "Joost Peters", "Karin Willems", "Lucas van Gils"),
    "Limburg": ("Marloes Janssen", "Niels Hermans", "Olga Kessels", "Pieter Driessen"),
    "Oost": ("Quinten Bos", "Roos Hendriks", "Sander Wolters", "Tessa Kok"),
}
TEAM_LEADS = {
    "Westland": "Ursula Meijer",
    "Noord": "Vincent Schouten",
    "Brabant": "Wendy van Aken",
    "Limburg": "Xander Coenen",
    "Oost": "Yvonne Stam",
}
PLACE_NAMES = (
    "De Wilgen",
    "Het Anker",
    "De Zwaluw",
    "Zonnehoek",
    "De Kievit",
    "Het Veld",
    "De Linde",
    "Polderzicht",
    "De Eikenhof",
    "Het Baken",
    "De Meerkoet",
    "Duinzicht",
    "De Boomgaard",
    "Het Rietland",
    "De Kroon",
    "Molenzicht",
    "De Akkers",
    "Het Hooiland",
    "De Klaproos",
    "Waterrijk",
    "De Vlinder",
    "Het Zonnedal",
    "De Hazelaar",
    "Kanaalzicht",
    "De Reiger",
    "Het Wiel",
    "De Kolk",
    "Buitenzorg",
    "De Brink",
    "Het Lage Land",
)
HOUSING_PREFIX = {
    "b": ("Pension", "Hotel", "Logies"),
    "c": ("Appartementen", "Logiesgebouw", "Wooncomplex"),
    "d": ("Woonunits", "Huisvesting", "Flexwonen"),
    "e": ("Vakantiepark", "Recreatiepark", "Chaletpark"),
}
FAMILIES = (
    "Van Oosterwijk",
    "De Korte-Veen",
    "Verhoeven-Dam",
    "Van Brakel",
    "Hendriksen",
    "Van der Laar",
    "Bosveld",
    "Van Ommeren",
    "De Groot-Hagen",
    "Hoogendam",
    "Van Kempen",
    "Zuidhoek",
    "Van Rijswijk-Bos",
    "Ter Horst",
    "Kleinjan",
    "Van Delft",
    "Overbeek",
    "Van Tol-Smits",
)
WORKPLACE_KIND = {
    "horticulture": ("Kwekerij", "Tuinderij", "Glastuinbouw"),
    "meat_processing": ("Vleesverwerking", "Slachterij", "Vleeswaren"),
    "distribution": ("Distributiecentrum", "Logistiek", "Fulfilment"),
    "agriculture": ("Akkerbouw", "Fruitteelt", "Champignonkwekerij"),
    "other": ("Productiebedrijf", "Metaalbewerking", "Verpakkingen"),
}
AGENCIES = (
    "FlexPlus Uitzend BV",
    "WerkSnel Personeel BV",
    "AgriFlex Uitzendbureau",
    "EuroTalent Werk BV",
    "Polder Personeelsdiensten",
    "Inter-Staff Voorbeeld BV",
    "Seizoenwerk Nederland BV",
)
# Nationality, first names, and a surname that is the word "example" in that language.
PEOPLE = (
    ("PL", ("Anna", "Piotr", "Katarzyna", "Tomasz", "Magda", "Paweł", "Agnieszka"), "Przykład"),
    ("RO", ("Andrei", "Ioana", "Mihai", "Elena", "Florin", "Ana"), "Exemplu"),
    ("BG", ("Georgi", "Maria", "Ivan", "Desislava", "Nikolai"), "Primerov"),
    ("LT", ("Tomas", "Rūta", "Mindaugas", "Aistė"), "Pavyzdys"),
    ("LV", ("Jānis", "Ilze", "Andris"), "Paraugs"),
    ("HU", ("Zoltán", "Eszter", "Gábor", "Katalin"), "Példa"),
    ("PT", ("João", "Inês", "Rui", "Marta"), "Exemplo"),
    ("SK", ("Marek", "Zuzana", "Peter"), "Príklad"),
    ("UA", ("Oleksandr", "Olena", "Dmytro", "Iryna"), "Pryklad"),
    ("NL", ("Sanne", "Jeroen", "Femke"), "Voorbeeld"),
)
PEOPLE_WEIGHTS = (40, 20, 10, 6, 3, 6, 4, 3, 6, 2)
PHONE_PREFIX = {
    "PL": "+48",
    "RO": "+40",
    "BG": "+359",
    "LT": "+370",
    "LV": "+371",
    "HU": "+36",
    "PT": "+351",
    "SK": "+421",
    "UA": "+380",
    "NL": "+31",
}
SITE_NOTES = (
    "Hek aan de achterzijde is de enige toegang.",
    "Beheerder woont op het terrein.",
    "Parkeren bij de kantine.",
    "Eigenaar wisselt regelmatig van uitzendbureau.",
    "Bewoners spreken vooral Pools; tolk via telefoon beschikbaar.",
)
INSPECTION_NOTES = (
    "Beheerder aanwezig bij de inspectie.",
    "Onaangekondigd bezoek.",
    "Aangekondigd bezoek, 24 uur vooraf.",
    "Herinspectie na eerdere bevindingen.",
    "Samen met de gemeente uitgevoerd.",
    "Naar aanleiding van een melding.",
)
ANSWER_NOTES = (
    "Besproken met de beheerder.",
    "Foto gemaakt.",
    "Volgens bewoners al weken zo.",
    "Beheerder zegt herstel toe binnen een week.",
    "Alleen in de hoofdwoning gecontroleerd.",
    "Eerder gemeld, nog niet opgelost.",
)
FINDING_REMARKS = (
    "Direct besproken met de beheerder.",
    "Herstel aantonen met foto's.",
    "Wordt gecontroleerd bij de herinspectie.",
    "Bewoners zijn geïnformeerd.",
    "Eigenaar schriftelijk op de hoogte gesteld.",
)
SEND_BACK_REASONS = (
    "Foto's bij de bevindingen ontbreken.",
    "Bevinding brandveiligheid graag specifieker.",
    "Aantal bewoners klopt niet met het register; graag nakijken.",
    "Termijn bij ernstige bevinding te ruim gekozen.",
)
COMMENTS = (
    "Goed rapport.",
    "Let bij de herinspectie op de vluchtwegen.",
    "Gemeente is geïnformeerd.",
    "Dit adres staat op de lijst voor een onaangekondigd bezoek.",
)
PARTNERS = ("GGD", "gemeente", "NVWA", "Arbeidsinspectie")
# Which template sets an inspection walks, by kind of site, with weights; AKF only with a category.
HOUSING_SETS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("snf",), 30),
    (("akf",), 10),
    (("snf", "akf"), 35),
    (("snf", "covid-2020"), 15),
    (("snf", "akf", "covid-2020"), 10),
)
WORKPLACE_SETS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("rie",), 45),
    (("rie", "covid-2020"), 20),
    (("rie", "snf"), 25),
    (("rie", "snf", "covid-2020"), 10),
)


# --- small helpers ---------------------------------------------------------------------------


def uuid4(rng: random.Random) -> str:
    """A version-4 UUID from rng, made the way ``domain.base.new_id`` makes seeded ids."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def answer_ids(inspection_id: str) -> Callable[[str], str]:
    """``domain.models.answer_id`` for one inspection, without building UUID objects (3x faster).

    Same bytes as ``uuid.uuid5``: SHA-1 of namespace + name, version 5, RFC 4122 variant.
    The writer checks it against ``answer_id`` on its validation sample; the tests on every answer.
    """
    namespace = uuid.UUID(inspection_id).bytes

    def make(item_id: str) -> str:
        digest = bytearray(hashlib.sha1(namespace + item_id.encode()).digest()[:16])
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        h = digest.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    return make


def fake_bsn(rng: random.Random, used: set[str]) -> str:
    """A fresh BSN in the 999… test range that passes the 11-proef."""
    while True:
        digits = [9, 9, 9, *(rng.randrange(10) for _ in range(5))]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        number = "".join(map(str, digits)) + str(check)
        if check < 10 and number not in used:
            used.add(number)
            return number


def postcode(rng: random.Random, low: int, high: int) -> str:
    while True:
        letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
        if letters not in ("SA", "SD", "SS"):
            return normalise_postcode(f"{rng.randint(low, high)}{letters}")


def kvk(rng: random.Random) -> str:
    return f"{rng.randrange(10_000_000, 100_000_000)}"


def at_time(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)


def iso(moment: dt.datetime | dt.date | None) -> str | None:
    """ISO text; a moment with its Europe/Amsterdam offset (RFC 3339), as the store keeps it."""
    if isinstance(moment, dt.datetime):
        return zoned(moment).isoformat()
    return None if moment is None else moment.isoformat()


def weighted(rng: random.Random, options: Sequence[tuple[T, int]]) -> T:
    """One of the options, chosen by weight."""
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


# --- progress and the bulk writer ------------------------------------------------------------


class Progress:
    """Rows built, rows per second and an ETA on stderr, at most every `every` seconds."""

    def __init__(self, total_work: int, every: float = 2.0, quiet: bool = False) -> None:
        self.total_work = max(total_work, 1)
        self.every = every
        self.quiet = quiet
        self.started = self.last = time.monotonic()

    def tick(self, rows: int, work_done: int, stage: str) -> None:
        """Report, if it is time; work_done counts sites and inspections built so far."""
        now = time.monotonic()
        if self.quiet or now - self.last < self.every:
            return
        self.last = now
        elapsed = now - self.started
        fraction = min(work_done / self.total_work, 1.0)
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else float("nan")
        print(
            f"{stage:<12} {fraction:6.1%}  {rows:>12,} rows  {rows / elapsed:>9,.0f} rows/s  "
            f"elapsed {_duration(elapsed)}  ETA {_duration(eta)}",
            file=sys.stderr,
            flush=True,
        )


def _duration(seconds: float) -> str:
    if seconds != seconds:
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s"


Batch = tuple[dict[str, list[tuple[Any, ...]]], list[tuple[str, str, str, str, str]]]
"""Entity rows per table, and change rows (entity, record id, rev, origin, data)."""

CHANGE_INSERT = (
    "INSERT INTO changes(entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data) "
    "VALUES (?, ?, ?, 1, NULL, '[]', '[]', ?, 0, 1, ?)"
)


def bulk_mode(conn: sqlite3.Connection) -> None:
    """Fast and unsafe, for generation only: the file is a .tmp until it is complete."""
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -3000000")  # 3 GB: the random-key indexes stay in memory
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA threads = 2")  # the sorter that builds the deferred indexes may use a helper thread


def durable_mode(conn: sqlite3.Connection) -> None:
    """Back to what the app uses (open_db sets the same on every connection)."""
    conn.commit()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def write_batches(path: str, inserts: dict[str, str], batches: Any, results: Any) -> None:
    """The writing process: one transaction per batch, until None arrives; reports to results.

    The secondary indexes of the record tables and of ``changes`` are dropped first and made
    again at the end from their own SQL in ``sqlite_master`` (so the schema stays identical):
    building an index by sorting costs far less than millions of inserts at random places.
    """
    try:
        conn = sqlite3.connect(path)
        bulk_mode(conn)
        tables = [*inserts, "changes"]
        deferred = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(tables))}) ORDER BY rowid",
            tables,
        ).fetchall()
        for name, _ in deferred:
            conn.execute(f"DROP INDEX [{name}]")
        conn.commit()
        written = 0
        while (batch := batches.get()) is not None:
            rows, changes = batch
            for table, table_rows in rows.items():
                conn.executemany(inserts[table], table_rows)
                written += len(table_rows)
            conn.executemany(CHANGE_INSERT, changes)
            written += len(changes)
            conn.commit()
        for _, sql in deferred:
            conn.execute(sql)
        durable_mode(conn)
        conn.close()
        results.put(("ok", written, time.process_time()))
    except BaseException as exc:  # reported to the main process, which stops generating
        results.put(("error", f"{type(exc).__name__}: {exc}", time.process_time()))


class Writer:
    """Builds each record's rows as the store would, and hands them in batches to a writing process.

    Building rows (JSON, revision ids) and inserting them (B-trees) cost about the same CPU,
    so a second process does the inserting while this one builds the next batch.
    """

    def __init__(self, path: Path, origin: str, validate_every: int = VALIDATE_EVERY) -> None:
        self.origin = origin
        self.validate_every = validate_every
        self.pick: dict[str, Callable[[dict[str, Any]], tuple[Any, ...]]] = {}
        inserts: dict[str, str] = {}
        with sqlite3.connect(path) as conn:
            for model in RECORD_TYPES:
                columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{model.table}])")]
                self.pick[model.table] = operator.itemgetter(*columns)  # a KeyError names a missing field
                names = ", ".join(f"[{c}]" for c in columns)
                inserts[model.table] = f"INSERT INTO [{model.table}] ({names}) VALUES ({', '.join('?' * len(columns))})"
        conn.close()
        self.rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.changes: list[tuple[str, str, str, str, str]] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.validated: dict[str, int] = defaultdict(int)
        self.queued = 0
        self.written = 0
        self.writer_cpu = 0.0
        # fork is cheap and safe here (no threads, no open connection yet); spawn where fork is not usual.
        context = (
            multiprocessing.get_context("fork") if sys.platform == "linux" else multiprocessing.get_context("spawn")
        )
        self._batches = context.Queue(maxsize=4)
        self._results = context.Queue()
        self._process = context.Process(
            target=write_batches,
            name="bulk-writer",
            daemon=True,
            args=(str(path), inserts, self._batches, self._results),
        )
        self._process.start()

    @property
    def pending_rows(self) -> int:
        """Rows handed to the writer or still buffered (each record is an entity row and a change row)."""
        return self.queued + 2 * len(self.changes)

    def add(self, model: type[Record], data: dict[str, Any], *, validate: bool = False) -> None:
        """Queue one record as the store would save it: entity row + generation-1 revision."""
        table = model.table
        index = self.counts[table]
        self.counts[table] = index + 1
        checked = validate or index % self.validate_every == 0
        if checked:
            again = model.model_validate(data).model_dump(mode="json")
            if again != data:
                raise AssertionError(f"{table} builder drifted from the model:\n{data}\n{again}")
            if model is Answer and data["id"] != answer_id(data["inspection_id"], data["item_id"]):
                raise AssertionError(f"answer id {data['id']} is not answer_id(inspection, item)")
            self.validated[table] += 1
        data_json = _CANONICAL.encode(data)
        if checked and data_json != canonical_json(data):
            raise AssertionError(f"{table}: the encoder must give canonical_json's text")
        rev = make_rev(table, data["id"], 1, None, (), False, data_json)
        self.rows[table].append(self.pick[table](data_to_row(model, data, rev)))
        self.changes.append((table, data["id"], rev, self.origin, data_json))
        if len(self.changes) >= FLUSH_CHANGES:
            self.flush()

    def flush(self) -> None:
        """Hand what is buffered to the writing process (waits while it is four batches behind)."""
        if not self.changes:
            return
        batch: Batch = (dict(self.rows), self.changes)
        self._put(batch)
        self.queued += sum(len(r) for r in self.rows.values()) + len(self.changes)
        self.rows = defaultdict(list)
        self.changes = []

    def close(self) -> None:
        """Write the rest and wait until the writing process has finished the file."""
        self.flush()
        self._put(None)
        self._finish()

    def abort(self) -> None:
        """Stop the writing process (the half-written file is removed by the caller)."""
        self._batches.cancel_join_thread()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()

    def _put(self, batch: Batch | None) -> None:
        while True:
            try:
                self._batches.put(batch, timeout=1)
                return
            except queue.Full:
                if not self._process.is_alive():
                    self._finish()  # raises: the writer stopped early

    def _finish(self) -> None:
        """Wait for the writing process's report; raise if it failed or died without one."""
        while True:
            alive = self._process.is_alive()
            try:
                status, detail, cpu = self._results.get(timeout=1)
                break
            except queue.Empty:
                if not alive:
                    raise RuntimeError(f"the writing process died (exit code {self._process.exitcode})") from None
        self._process.join()
        self.writer_cpu = cpu
        if status != "ok":
            raise RuntimeError(f"writing the database failed: {detail}")
        self.written = detail


# --- sites, units, occupants -----------------------------------------------------------------


@dataclass
class SitePlan:
    """What later stages need to know about a generated site."""

    data: dict[str, Any]
    region: str
    context: dict[str, Any]
    """housing_type, akf_category, high_risk for the norm evaluation."""
    quality: float
    """Chance that a yes/no item fails at this site."""
    unit_ids: list[str] = field(default_factory=list)
    overcrowded: list[tuple[str, str, int, int]] = field(default_factory=list)
    """(unit id, label, persons, beds) of units with more persons than beds."""
    figures: dict[str, float] = field(default_factory=dict)
    """What an inspector measures on site (persons, areas, facilities), from the units and occupants."""
    beds: int = 0
    """Beds on the site (the register's figure)."""
    staff_housing: bool = False
    """A workplace that also houses its workers on the premises."""
    brp: str = "unknown"
    """Most common BRP status of the occupants (for the covid register item)."""


def build_site(rng: random.Random) -> SitePlan:
    """A site with a fictional but plausible Dutch (now and then German or Belgian) address."""
    region = rng.choice(list(REGIONS))
    housing = rng.random() < 0.8
    sector = weighted(
        rng, (("horticulture", 35), ("distribution", 20), ("meat_processing", 12), ("agriculture", 23), ("other", 10))
    )
    high_risk = sector == "meat_processing" or rng.random() < 0.03
    street = rng.choice(STREETS)
    number = rng.randint(1, 250)
    letter = rng.choice("ABC") if rng.random() < 0.06 else None
    addition = str(rng.randint(1, 12)) if rng.random() < 0.05 else None
    if rng.random() < 0.03:
        country, city, code, street = rng.choice(ABROAD)
    else:
        country = "NL"
        city, low, high = rng.choice(REGIONS[region])
        code = postcode(rng, low, high)
    housing_type = akf_category = None
    certification, cert_number, cert_until = "none", None, None
    if housing:
        housing_type = weighted(rng, (("a", 30), ("b", 10), ("c", 15), ("d", 20), ("e", 25)))
        certification = weighted(rng, (("snf", 50), ("akf", 20), ("none", 30)))
        if certification == "akf" or rng.random() < 0.25:
            akf_category = weighted(rng, (("year_round", 70), ("seasonal", 30)))
        if housing_type == "a":
            name = f"Woning {street} {number}"
        else:
            name = f"{rng.choice(HOUSING_PREFIX[housing_type])} {rng.choice(PLACE_NAMES)}"
        family = rng.choice(FAMILIES)
        operator = f"{family} Huisvesting BV" if rng.random() < 0.6 else f"Flexwonen {rng.choice(PLACE_NAMES)} BV"
    else:
        family = rng.choice(FAMILIES)
        name = f"{rng.choice(WORKPLACE_KIND[sector])} {family}"
        operator = None
    if rng.random() < 0.3:
        name = f"{name} {city}"
    if certification != "none":
        cert_number = f"{certification.upper()}-{rng.randint(100000, 999999)}"
        cert_until = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1400))
    employer = f"{rng.choice(WORKPLACE_KIND[sector])} {rng.choice(FAMILIES)} BV"
    agency = rng.choice(AGENCIES) if rng.random() < 0.75 else None
    data = {
        "id": uuid4(rng),
        "name": name,
        "kind": "housing" if housing else "workplace",
        "housing_type": housing_type,
        "akf_category": akf_category,
        "sector": sector,
        "high_risk": high_risk,
        "zoned_residential": None,
        "country": country,
        "street": street,
        "house_number": number,
        "house_letter": letter,
        "house_addition": addition,
        "postcode": code,
        "city": city,
        "operator_name": operator,
        "operator_kvk": kvk(rng) if operator else None,
        "employer_name": employer,
        "employer_kvk": kvk(rng),
        "agency_name": agency,
        "agency_kvk": kvk(rng) if agency else None,
        "agency_sna_certified": (rng.random() < 0.8) if agency else None,
        "certification": certification,
        "certification_number": cert_number,
        "certification_valid_until": iso(cert_until),
        "notes": rng.choice(SITE_NOTES) if rng.random() < 0.1 else None,
    }
    quality = weighted(rng, ((0.03, 50), (0.10, 30), (0.30, 20)))
    context = {"housing_type": housing_type, "akf_category": akf_category, "high_risk": high_risk}
    return SitePlan(data=data, region=region, context=context, quality=quality)


# How many buildings (or chalets and caravans) a site of each SNF housing type has.
_LAYOUTS: dict[str, tuple[int, int]] = {"a": (1, 1), "b": (1, 1), "c": (1, 2), "d": (2, 4), "e": (3, 7)}


def build_units(rng: random.Random, writer: Writer, site: SitePlan, used_bsns: set[str]) -> None:
    """Buildings, caravans, rooms and bedrooms of a site, and the people sleeping in them."""
    housing_type = site.data["housing_type"]
    if housing_type is None:
        # A workplace: the hall, and now and then staff housing on the premises.
        _unit(rng, writer, site, "Bedrijfshal", "building", None, rng.randint(400, 5000), None, 2, 0)
        if rng.random() >= 0.3:
            # No housing; a covid checklist still asks how workers sleep, as they tell it.
            persons = rng.randint(2, 8)
            site.figures = _figures(
                rng,
                persons,
                persons,
                persons * rng.uniform(9, 16),
                persons * 4.5,
                math.ceil(persons / 2),
                rng.randint(1, 2),
                1,
                1,
            )
            return
        site.staff_housing = True
        housing_type = "d"
    buildings = rng.randint(*_LAYOUTS[housing_type])
    people: list[tuple[str, str, int, int]] = []  # unit id, label, persons, beds
    living = bedroom_area = 0.0
    bedrooms = toilets = showers = beds_total = 0
    for b in range(1, buildings + 1):
        if housing_type == "e":
            kind = "caravan" if rng.random() < 0.4 else "building"
            label = f"{'Caravan' if kind == 'caravan' else 'Chalet'} {rng.randint(1, 99)}"
            area = rng.uniform(24, 48)
            beds = rng.randint(2, 6)
            unit_id = _unit(rng, writer, site, label, kind, None, area, beds, 1, 1)
            living += area
            bedroom_area += area * rng.uniform(0.3, 0.45)
            bedrooms += 2
            toilets += 1
            showers += 1
            beds_total += beds
            people.append((unit_id, label, _persons(rng, beds), beds))
            continue
        label = {"a": "Woning", "b": "Hoofdgebouw", "c": f"Gebouw {chr(64 + b)}", "d": f"Unit {b}"}[housing_type]
        rooms = {"a": (2, 4), "b": (4, 8), "c": (3, 6), "d": (2, 2)}[housing_type]
        count = rng.randint(*rooms)
        area = {
            "a": rng.uniform(70, 140),
            "b": rng.uniform(200, 600),
            "c": rng.uniform(150, 400),
            "d": rng.uniform(40, 70),
        }[housing_type]
        wc = max(1, round(count / rng.uniform(1.5, 4)))
        building = _unit(rng, writer, site, label, "building", None, area, None, wc, wc)
        living += area
        toilets += wc
        showers += wc
        for r in range(1, count + 1):
            room_kind, room_label = ("room", f"Kamer {r}") if housing_type in "bc" else ("bedroom", f"Slaapkamer {r}")
            room_area = rng.uniform(6.5, 16) if housing_type != "c" else rng.uniform(14, 30)
            beds = 1 if site.data["high_risk"] else rng.randint(1, 2 if housing_type != "c" else 4)
            room = _unit(rng, writer, site, room_label, room_kind, building, room_area, beds, 0, 0)
            bedroom_area += room_area
            bedrooms += 1
            beds_total += beds
            people.append((room, f"{label} / {room_label}", _persons(rng, beds), beds))
    persons_total = 0
    statuses: dict[str, int] = defaultdict(int)
    max_in_bedroom = 0
    for unit_id, label, persons, beds in people:
        persons_total += persons
        per_bedroom = persons if housing_type != "e" else math.ceil(persons / 2)
        max_in_bedroom = max(max_in_bedroom, per_bedroom)
        if persons > beds:
            site.overcrowded.append((unit_id, label, persons, beds))
        _occupants(rng, writer, site, unit_id, persons, used_bsns, statuses)
    site.brp = max(statuses, key=lambda k: statuses[k]) if statuses else "unknown"
    if len(statuses) > 1 and max(statuses.values()) < persons_total * 0.7:
        site.brp = "mixed"
    site.beds = beds_total
    site.figures = _figures(
        rng, persons_total, beds_total, living, bedroom_area, bedrooms, max_in_bedroom, toilets, showers
    )


def _figures(
    rng: random.Random,
    persons: int,
    beds: int,
    living: float,
    bedroom_area: float,
    bedrooms: int,
    max_in_bedroom: int,
    toilets: int,
    showers: int,
) -> dict[str, float]:
    """Measurements of a site; facilities scale with the beds, some providers skimp."""
    generous = rng.uniform(0.8, 1.4)
    return {
        "persons": persons,
        "living_area_m2": round(living, 1),
        "bedroom_area_m2": round(bedroom_area, 1),
        "bedrooms": bedrooms,
        "max_persons_in_a_bedroom": max_in_bedroom,
        "toilets": toilets,
        "showers": showers,
        "burners": max(4, round(beds / 2 * generous)),
        "fridge_litres": round(beds * 45 * generous),
        "sockets": round(beds * 1.6 * generous),
        "walkable_floor_m2": round(living * rng.uniform(0.25, 0.45), 1),
    }


def _persons(rng: random.Random, beds: int) -> int:
    """Usually some beds are empty; now and then a unit is overcrowded."""
    if rng.random() < 0.06:
        return beds + rng.randint(1, 2)
    return max(0, beds - (rng.random() < 0.3))


def _unit(
    rng: random.Random,
    writer: Writer,
    site: SitePlan,
    label: str,
    kind: str,
    parent: str | None,
    area: float,
    beds: int | None,
    toilets: int,
    showers: int,
) -> str:
    unit_id = uuid4(rng)
    registered = None if beds is None else max(0, beds + weighted(rng, ((0, 80), (-1, 10), (1, 10))))
    writer.add(
        Unit,
        {
            "id": unit_id,
            "site_id": site.data["id"],
            "label": label,
            "kind": kind,
            "parent_id": parent,
            "floor_area_m2": round(float(area), 1),
            "beds": beds,
            "registered_persons": registered,
            "toilets": toilets if parent is None else None,
            "showers": showers if parent is None else None,
            "burners": None,
            "fridge_litres": None,
            "sockets": None,
            "notes": None,
        },
    )
    site.unit_ids.append(unit_id)
    return unit_id


def _occupants(
    rng: random.Random,
    writer: Writer,
    site: SitePlan,
    unit_id: str,
    persons: int,
    used_bsns: set[str],
    statuses: dict[str, int],
) -> None:
    ids = [uuid4(rng) for _ in range(persons)]
    couple = persons == 2 and rng.random() < 0.35
    for index, occupant_id in enumerate(ids):
        country, first_names, surname = rng.choices(PEOPLE, weights=PEOPLE_WEIGHTS)[0]
        first = rng.choice(first_names)
        brp = weighted(rng, (("ingezetene", 45), ("rni", 30), ("not_registered", 10), ("unknown", 15)))
        statuses[brp] += 1
        contract = rng.random() < 0.85
        phone = (
            (f"{PHONE_PREFIX[country]} {rng.randint(600, 799)} {rng.randint(100, 999)} {rng.randint(100, 999)}")
            if rng.random() < 0.6
            else None
        )
        writer.add(
            Occupant,
            {
                "id": occupant_id,
                "unit_id": unit_id,
                "name": f"{first} {surname}",
                "bsn": fake_bsn(rng, used_bsns) if rng.random() < 0.3 else None,
                "date_of_birth": iso(dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 16000)))
                if rng.random() < 0.7
                else None,
                "nationality": country,
                "employer": site.data["employer_name"],
                "agency": site.data["agency_name"],
                "phone": phone,
                "email": f"{first.lower()}.{rng.randint(1, 9999)}@example.org" if rng.random() < 0.2 else None,
                "brp_status": brp,
                "written_rental_contract": contract,
                "contract_separate": (rng.random() < 0.8) if contract else None,
                "zorgpas_in_own_possession": rng.random() < 0.85 if rng.random() < 0.8 else None,
                "couple_with": ids[1 - index] if couple else None,
                **dict.fromkeys(
                    (
                        "abroad_country",
                        "abroad_city",
                        "abroad_street",
                        "arrived_in_nl",
                        "expected_stay_until",
                        "in_unit_since",
                        "health_insured",
                        "health_insurer",
                        "insured_until",
                    )
                ),
                "sealed": None,
            },
        )


# --- inspections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """An inspection's date, site and identity, fixed before any inspection is built."""

    started_at: dt.datetime
    site: int
    id: str
    inspector: str
    has_next: bool
    previous_id: str | None


def schedule(rng: random.Random, sites: list[SitePlan], count: int, until: dt.date, years: float) -> list[Planned]:
    """Inspections spread over the weekdays of the window, some sites far more often than others."""
    first = until - dt.timedelta(days=round(365.25 * years))
    span = (until - first).days
    weights = [rng.choice((1, 1, 1, 2, 2, 3, 5, 8)) for _ in sites]
    chosen = rng.choices(range(len(sites)), weights=weights, k=count)
    raw = []
    for site_index in chosen:
        day = first + dt.timedelta(days=rng.randint(0, span))
        if day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)
        start = at_time(day, rng.randint(7 * 60 + 30, 16 * 60 + 30))
        region = sites[site_index].region
        raw.append((start, uuid4(rng), site_index, rng.choice(INSPECTORS[region])))
    raw.sort()
    last: dict[int, int] = {}
    previous: list[str | None] = []
    following: set[int] = set()
    for index, (_, _, site_index, _) in enumerate(raw):
        before = last.get(site_index)
        previous.append(raw[before][1] if before is not None else None)
        if before is not None:
            following.add(before)
        last[site_index] = index
    return [
        Planned(started_at=start, site=s, id=iid, inspector=who, has_next=i in following, previous_id=previous[i])
        for i, (start, iid, s, who) in enumerate(raw)
    ]


@cache
def template_sets(
    site_kind: str, housing: bool, akf: bool, answers_per: int
) -> tuple[tuple[tuple[str, ...], int], ...]:
    """Template sets that fit the site and have at least answers_per items (else all templates).

    AKF only where the site has an AKF category; SNF at a workplace only where it houses its
    workers. A large --answers-per can still force a bigger set than the site would get.
    """
    options = HOUSING_SETS if site_kind == "housing" else WORKPLACE_SETS
    fitting = [(s, w) for s, w in options if (akf or "akf" not in s) and (housing or "snf" not in s)]
    usable = [(s, w) for s, w in fitting if _item_count(s) >= answers_per]
    if not usable:
        usable = [(s, w) for s, w in options if _item_count(s) >= answers_per]
    return tuple(usable) or ((tuple(t.id for t in list_templates()), 1),)


@cache
def _item_count(templates: tuple[str, ...]) -> int:
    return sum(len(load_template(t).items) for t in templates)


@cache
def answered_items(templates: tuple[str, ...], answers_per: int) -> tuple[Item, ...]:
    """The answers_per items answered: required ones first, shown in checklist order."""
    stub = Inspection(
        id=str(uuid.UUID(int=1)),
        site_id=str(uuid.UUID(int=2)),
        templates=list(templates),
        inspector="-",
        started_at=dt.datetime(2000, 1, 1),
    )
    items = checklist_items(stub)
    ranked = sorted(range(len(items)), key=lambda i: (not items[i].required, i))[:answers_per]
    return tuple(items[i] for i in sorted(ranked))


def status_for(rng: random.Random, started: dt.datetime, until: dt.date) -> str:
    """Recent inspections are often drafts or wait for review; older ones are mostly approved."""
    age = (until - started.date()).days
    if age < 14:
        return weighted(rng, (("draft", 40), ("completed", 50), ("returned", 10)))
    if age < 60:
        return weighted(rng, (("draft", 10), ("completed", 40), ("returned", 5), ("approved", 45)))
    return weighted(rng, (("draft", 3), ("completed", 10), ("returned", 2), ("approved", 85)))


POLICY = DeadlinePolicy()


@dataclass
class InspectionBuilder:
    """Builds each planned inspection with its answers, findings and reviews, in date order."""

    rng: random.Random
    writer: Writer
    sites: list[SitePlan]
    answers_per: int
    until: dt.date
    carried: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    """Open findings per site that the site's next inspection takes over."""
    failed: int = 0
    """Answers that failed (each has a finding)."""
    templates_used: set[str] = field(default_factory=set)

    def build(self, plan: Planned) -> None:
        """The inspection, its answers, findings (new and carried over) and reviews."""
        rng, site = self.rng, self.sites[plan.site]
        housing = site.data["kind"] == "housing" or site.staff_housing
        templates = weighted(
            rng, template_sets(site.data["kind"], housing, site.context["akf_category"] is not None, self.answers_per)
        )
        self.templates_used.update(templates)
        status = status_for(rng, plan.started_at, self.until)
        completed = None if status == "draft" else plan.started_at + dt.timedelta(minutes=rng.randint(45, 300))
        self.writer.add(
            Inspection,
            {
                "id": plan.id,
                "site_id": site.data["id"],
                "templates": list(templates),
                "inspector": plan.inspector,
                "started_at": iso(plan.started_at),
                "completed_at": iso(completed),
                "status": status,
                "signed_by": plan.inspector if completed else None,
                "previous_id": plan.previous_id,
                "notes": rng.choice(INSPECTION_NOTES) if rng.random() < 0.08 else None,
                "frozen": None,
            },
        )
        # Re-inspection: what was still open at the last visit fails again and is carried over.
        still_open = self.carried.pop(plan.site, [])
        carried = {f["item_id"]: f for f in still_open if f["item_id"] is not None}
        failures = self._answers(plan, site, templates, set(carried))
        closes = status != "draft" and plan.has_next
        for item, description in failures:
            old = carried.pop(item.id, None)
            if old is not None:
                self._carry(plan, closes, old)
                continue
            unit = rng.choice(site.unit_ids) if site.unit_ids and rng.random() < 0.3 else None
            self._finding(
                plan,
                closes,
                {
                    "item_id": item.id,
                    "unit_id": unit,
                    "severity": item.severity_if_failed.value,
                    "description": description,
                    "partner": rng.choice(PARTNERS) if rng.random() < 0.05 else None,
                    "origin_id": None,
                },
            )
        for old in [*carried.values(), *(f for f in still_open if f["item_id"] is None)]:
            # Not on this checklist, judged by a rule, or about occupancy: confirmed still open.
            self._carry(plan, closes, old)
        if site.overcrowded and rng.random() < 0.5:
            unit_id, label, persons, beds = rng.choice(site.overcrowded)
            self._finding(
                plan,
                closes,
                {
                    "item_id": None,
                    "unit_id": unit_id,
                    "severity": "major",
                    "description": f"Overbewoning in {label}: {persons} personen aangetroffen bij {beds} bedden.",
                    "partner": "gemeente" if rng.random() < 0.3 else None,
                    "origin_id": None,
                },
            )
        self._reviews(plan, site, status, completed)

    def _carry(self, plan: Planned, closes: bool, old: dict[str, Any]) -> None:
        kept = {k: old[k] for k in ("item_id", "unit_id", "severity", "description", "partner")}
        self._finding(plan, closes, {**kept, "origin_id": old["id"]})

    def _finding(self, plan: Planned, closes: bool, fields: dict[str, Any]) -> None:
        """A finding; when the site is inspected again it was resolved by then, or is carried over."""
        status = "resolved" if closes and self.rng.random() < 0.7 else "open"
        deadline = POLICY.deadline(Severity(fields["severity"]), plan.started_at.date())
        data = {"id": uuid4(self.rng), "inspection_id": plan.id, **fields, "status": status, "deadline": iso(deadline)}
        data.update(confirmed_in=None, confirmed_by=None, confirmed_at=None)
        data.update(extensions=None, withdrawn_reason=None, withdrawn_by=None, withdrawn_at=None)
        if closes and status == "open":
            self.carried[plan.site].append(data)
        self.writer.add(Finding, data)

    def _answers(
        self, plan: Planned, site: SitePlan, templates: tuple[str, ...], still_open: set[str | None]
    ) -> list[tuple[Item, str]]:
        """The inspection's answers; returns the failed items with the text of their finding."""
        rng = self.rng
        on = plan.started_at.date()
        figures = site.figures
        # People come and go between inspections; now and then someone sleeps in a full room.
        persons = max(0, int(figures["persons"]) + weighted(rng, ((0, 60), (-1, 15), (1, 15), (2, 6), (3, 4))))
        crowded = int(figures["max_persons_in_a_bedroom"]) + (rng.random() < 0.08)
        measured = {**figures, "persons": persons, "max_persons_in_a_bedroom": crowded}
        context = SiteContext(on_date=on, **site.context)
        measurements = Measurements.model_validate(measured)
        failures: list[tuple[Item, str]] = []
        make_id = answer_ids(plan.id)
        for item in answered_items(templates, self.answers_per):
            value, verdict, figure, failure = self._answer(
                item, site, on, measured, measurements, context, item.id in still_open
            )
            note = None
            if verdict == "fail":
                failures.append((item, failure or f"{item.text_nl}: niet in orde. {rng.choice(FINDING_REMARKS)}"))
                self.failed += 1
                if rng.random() < 0.4:
                    note = rng.choice(ANSWER_NOTES)
            elif rng.random() < 0.02:
                note = rng.choice(ANSWER_NOTES)
            self.writer.add(
                Answer,
                {
                    "id": make_id(item.id),
                    "inspection_id": plan.id,
                    "item_id": item.id,
                    "value": value,
                    "verdict": verdict,
                    "figure": figure,
                    "note": note,
                    "computed": item.rule is not None,
                    "units": None,
                    "judged_by": None,
                },
            )
        return failures

    def _answer(
        self,
        item: Item,
        site: SitePlan,
        on: dt.date,
        measured: dict[str, float],
        measurements: Measurements,
        context: SiteContext,
        still_open: bool,
    ) -> tuple[str | None, str, float | None, str | None]:
        """(value, verdict, figure, finding text) for one item, consistent with workflow's rules."""
        rng = self.rng
        kind = item.answer_type
        if item.rule is not None:
            # As workflow.recompute_rules judges it (the answer is then marked computed).
            result = evaluate(item.rule, measurements, context)
            figure = result.figure if result.figure is not None and result.figure != float("inf") else None
            if not result.applies:
                return "n.a.", "n.a.", figure, None
            if result.passed is None:
                return None, "unknown", figure, None
            if result.passed:
                return "yes", "pass", figure, None
            text = f"{item.text_nl}: niet gehaald ({result.display()})."
            return "no", "fail", figure, text
        if item.measure is not None:
            number = measured.get(item.measure.value)
            if number is None:
                number = rng.randint(1, 4) if kind is AnswerType.COUNT else round(rng.uniform(5, 60), 1)
            value = str(int(number)) if kind is AnswerType.COUNT else f"{float(number):g}"
            return value, "recorded", None, None
        if kind is AnswerType.YES_NO_NA:
            draw = rng.random()
            if draw < 0.02 and not still_open:
                return "n.a.", "n.a.", None, None
            if draw < 0.02 + site.quality or still_open:
                return ("no" if item.expected == "yes" else "yes"), "fail", None, None
            return item.expected, "pass", None, None
        if not item.required and rng.random() < 0.25:
            return "n.a.", "n.a.", None, None
        if kind is AnswerType.CHOICE:
            return self._choice(item, site), "pass", None, None
        if kind is AnswerType.DATE:
            return (on - dt.timedelta(days=rng.randint(20, 1100))).isoformat(), "pass", None, None
        if kind is AnswerType.TEXT:
            return (
                rng.choice(
                    (
                        "Seizoenswoningen, bewoond van maart tot november.",
                        "Caravans staan op verharde ondergrond.",
                        "Geen bijzonderheden.",
                    )
                ),
                "pass",
                None,
                None,
            )
        # A count or number that is not a measurement (e.g. beds in the register).
        return str(site.beds), "pass", None, None

    def _choice(self, item: Item, site: SitePlan) -> str:
        values = [c.value for c in item.choices or ()]
        linked = {
            "akf.space.category": site.context["akf_category"],
            "covid-2020.register.brp": site.brp,
            "covid-2020.work.sector": site.data["sector"],
            "covid-2020.certification.keurmerk": site.data["certification"],
        }.get(item.id)
        return linked if linked in values else self.rng.choice(values)

    def _reviews(self, plan: Planned, site: SitePlan, status: str, completed: dt.datetime | None) -> None:
        if completed is None:
            return
        rng = self.rng
        lead = TEAM_LEADS[site.region]
        later = completed + dt.timedelta(days=rng.randint(1, 9), minutes=rng.randint(0, 480))
        later = later.replace(second=0)
        if status in ("approved", "returned"):
            decision = "approve" if status == "approved" else "send_back"
            reason = rng.choice(SEND_BACK_REASONS) if decision == "send_back" else None
            self._review(plan, lead, decision, reason, later)
        if rng.random() < 0.04:
            self._review(plan, lead, "comment", rng.choice(COMMENTS), later - dt.timedelta(hours=2))

    def _review(self, plan: Planned, who: str, decision: str, reason: str | None, when: dt.datetime) -> None:
        self.writer.add(
            Review,
            {
                "id": uuid4(self.rng),
                "inspection_id": plan.id,
                "reviewer": who,
                "decision": decision,
                "reason": reason,
                "created_at": iso(when),
            },
        )


# --- the run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    sites: int
    inspections: int
    answers_per: int
    out: Path
    seed: int
    force: bool
    until: dt.date
    years: float
    device_id: str | None
    quiet: bool


def estimated_bytes(sites: int, inspections: int, answers_per: int) -> int:
    """Size of the finished file, measured: ~850 bytes per answer (row, change row, four indexes)."""
    return sites * 15_000 + inspections * (4_000 + answers_per * 850)


def generate(options: Options) -> dict[str, Any]:
    """Write the database to OUT.tmp, then rename it to OUT; returns a summary.

    Nothing is left behind when it fails: OUT is untouched and OUT.tmp removed.
    """
    tmp = options.out.with_name(options.out.name + ".tmp")
    leftovers = (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal"))
    for stale in leftovers:
        stale.unlink(missing_ok=True)
    started, cpu_started = time.monotonic(), time.process_time()
    device = options.device_id or uuid4(random.Random(f"device:{options.seed}"))
    open_db(tmp, create=True, device_id=device).close()  # the schema: the app's own migrations
    writer = Writer(tmp, device)
    try:
        builder = _build(options, writer)
        writer.close()
    except BaseException:
        writer.abort()
        for stale in leftovers:
            stale.unlink(missing_ok=True)
        raise
    generated, cpu = time.monotonic() - started, time.process_time() - cpu_started
    db = open_db(tmp)  # as the app opens it
    with db.atomic():
        # As start_inspection does: keep the version of every template the inspections walk.
        remember_templates(db, [load_template(t) for t in sorted(builder.templates_used)])
    db.close()
    out = options.out
    if out.exists() and not options.force:
        raise SystemExit(f"{out} appeared while generating; it was left alone (the result is {tmp})")
    for stale in (Path(f"{out}-wal"), Path(f"{out}-shm")):
        stale.unlink(missing_ok=True)  # an old WAL must never be replayed onto the new file
    os.replace(tmp, out)
    return {
        "seconds": round(generated, 1),
        "cpu_seconds": round(cpu, 1),
        "writer_cpu_seconds": round(writer.writer_cpu, 1),
        "rows": writer.written,
        "rows_per_second": round(writer.written / generated) if generated else None,
        "records": dict(writer.counts),
        "validated": dict(writer.validated),
        "failed_answers": builder.failed,
        "bytes": out.stat().st_size,
        "device_id": device,
    }


def _build(options: Options, writer: Writer) -> InspectionBuilder:
    rng = random.Random(options.seed)
    progress = Progress(options.sites + options.inspections, quiet=options.quiet)

    sites: list[SitePlan] = []
    used_bsns: set[str] = set()
    for n in range(options.sites):
        site = build_site(rng)
        writer.add(Site, site.data, validate=True)
        build_units(rng, writer, site, used_bsns)
        sites.append(site)
        progress.tick(writer.pending_rows, n + 1, "sites")
    plans = schedule(rng, sites, options.inspections, options.until, options.years)
    builder = InspectionBuilder(rng, writer, sites, options.answers_per, options.until)
    for n, plan in enumerate(plans):
        builder.build(plan)
        progress.tick(writer.pending_rows, options.sites + n + 1, "inspections")
    return builder


def parse_args(argv: Sequence[str] | None = None) -> Options:
    max_items = _item_count(tuple(t.id for t in list_templates()))
    parser = argparse.ArgumentParser(
        description="Generate a large, realistic inspect-tui database for benchmarks.",
    )
    parser.add_argument("--sites", type=int, required=True, help="number of sites (at least 1)")
    parser.add_argument("--inspections", type=int, required=True, help="number of inspections")
    parser.add_argument(
        "--answers-per",
        type=int,
        required=True,
        help=f"answers per inspection (0 to {max_items}, the items of all templates)",
    )
    parser.add_argument("--out", type=Path, required=True, help="database file to create")
    parser.add_argument("--seed", type=int, default=6, help="random seed (same seed, same database)")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.add_argument(
        "--until",
        type=dt.date.fromisoformat,
        default=DEFAULT_UNTIL,
        help=f"last inspection day, YYYY-MM-DD (default {DEFAULT_UNTIL})",
    )
    parser.add_argument("--years", type=float, default=3.0, help="years of inspections up to --until")
    parser.add_argument("--device-id", help="device id of the database (default: derived from the seed)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    if args.sites < 1 or args.inspections < 0:
        parser.error("--sites must be at least 1 and --inspections at least 0")
    if not 0 <= args.answers_per <= max_items:
        parser.error(f"--answers-per must be between 0 and {max_items} (all items of all checklists)")
    if args.years <= 0:
        parser.error("--years must be more than 0")
    out: Path = args.out
    if out.is_dir():
        parser.error(f"{out} is a folder; --out names the database file to create")
    if out.exists() and not args.force:
        parser.error(f"{out} exists; choose another --out or add --force to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    needed = estimated_bytes(args.sites, args.inspections, args.answers_per)
    free = shutil.disk_usage(out.parent).free
    if needed * 1.2 > free:
        parser.error(
            f"the database will take about {needed / 1e9:.1f} GB and {out.parent} has "
            f"{free / 1e9:.1f} GB free; free some space or choose a smaller size"
        )
    return Options(
        args.sites,
        args.inspections,
        args.answers_per,
        out,
        args.seed,
        args.force,
        args.until,
        args.years,
        args.device_id,
        args.quiet,
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    # A plain kill cleans up like Ctrl-C does: the writing process stops and OUT.tmp goes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        summary = generate(options)
    except (RuntimeError, OSError, StoreError) as exc:
        print(f"error: {exc}; nothing was written to {options.out}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted; nothing was written to {options.out}", file=sys.stderr)
        return 130
    seconds = summary["seconds"]
    print(
        f"wrote {options.out}: {summary['bytes'] / 1e9:.2f} GB, {summary['rows']:,} rows in "
        f"{_duration(seconds)} ({summary['rows_per_second']:,} rows/s; CPU {summary['cpu_seconds']} s "
        f"building + {summary['writer_cpu_seconds']} s writing)",
        file=sys.stderr,
    )
    for table, count in summary["records"].items():
        print(f"  {table:<12} {count:>12,}  ({summary['validated'].get(table, 0):,} validated)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
