"""The demo database: realistic, Dutch and entirely fictional, the same on every run.

`build_sample` writes a week of inspection work (Mon 2026-11-16 – Fri 2026-11-20, plus the
October visit a re-inspection follows up) through the store's own functions, so every
record has real revisions and change-log rows. Everything is reproducible: a fixed device
id, seeded record ids (`seeded_ids`), a seeded random generator and fixed timestamps.

Nothing in it is real. Every person's name starts with "Test", "Demo" or "Proef"; BSNs come
from the 99999xxxx block that the BRP test environments use and pass the 11-proef; company
names say "Voorbeeld", "Demo" or "Proef"; e-mail addresses are at example.nl.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
import struct
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from inspect_tui.domain.base import seeded_ids
from inspect_tui.domain.checklist import AnswerType, Item
from inspect_tui.domain.enums import (
    AkfCategory,
    AnswerVerdict,
    BrpStatus,
    Certification,
    ReviewDecision,
    Sector,
    Severity,
    SiteKind,
    SnfHousingType,
    UnitKind,
)
from inspect_tui.domain.models import Finding, Inspection, Occupant, Site, Unit
from inspect_tui.domain.rule_kind import rule_kind
from inspect_tui.store import workflow as wf
from inspect_tui.store.db import open_db
from inspect_tui.store.records import delete, save
from inspect_tui.store.verdicts import out_of_force

SEED = 20261116
"""Seed of the record ids and of every random choice."""
DEVICE_ID = "5a3b1e00-2026-4b16-9a3e-00000000d3e0"
"""The sample database's fixed device id."""
WEEK = dt.date(2026, 11, 16)
"""Monday of the sample's working week."""
TEAM_LEAD = "M. Bakker"
"""The team lead who reviews the inspections."""

__all__ = ["DEVICE_ID", "SEED", "WEEK", "build_sample", "png_bytes", "sample_bsns"]


# --- building the file ---------------------------------------------------------------------


def build_sample(path: Path, *, overwrite: bool = False) -> None:
    """Write the sample database to path; refuses to replace an existing file unless overwrite.

    The database is built under a temporary name beside path, checkpointed into one
    self-contained file (kept in WAL mode, as the app opens it, so opening it does not change it),
    fsynced and only then renamed, so path never holds a half-built database.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder; give a file name such as sample.db")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists; use --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    # SQLite creates the file (with the usual permissions); the random part keeps two builds apart.
    temporary = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        db = open_db(temporary, create=True, device_id=DEVICE_ID)
        try:
            # The temporary file only counts once it is renamed, after one fsync below;
            # syncing each of its several hundred commits would only make it slow.
            db.execute("PRAGMA synchronous = OFF")
            with seeded_ids(SEED), tempfile.TemporaryDirectory(prefix="inspect-tui-photos-") as photos:
                _Builder(db, Path(photos)).build()
            _self_contained(db)
        finally:
            db.close()
        _fsync(temporary)
        _publish(temporary, target, overwrite=overwrite)
    finally:
        for leftover in (temporary, *_sidecars(temporary)):
            leftover.unlink(missing_ok=True)


def _self_contained(db: Database) -> None:
    """Fold the WAL into the main file, so the file alone is complete.

    The file stays in WAL mode: the app sets WAL on every open, and a file already in WAL
    mode is not rewritten by merely opening and reading it.
    """
    # fetchall() finishes each statement: an unfinished one keeps a read lock.
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()[0][0]
    mode = db.execute("PRAGMA journal_mode").fetchall()[0][0]
    if busy or str(mode).lower() != "wal":
        raise OSError("could not fold the write-ahead log into the sample database; try again")


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _publish(temporary: Path, target: Path, *, overwrite: bool) -> None:
    if overwrite:
        # A WAL left by an earlier session belongs to the old file; replayed onto the new
        # one it would corrupt it. Drop it first: the old content is being replaced anyway.
        for stale in _sidecars(target):
            stale.unlink(missing_ok=True)
        os.replace(temporary, target)
    else:
        try:
            os.link(temporary, target)  # fails if the name appeared meanwhile: never clobber
        except FileExistsError:
            raise FileExistsError(f"{target} already exists; use --force to replace it") from None
        except OSError:  # a file system without hard links
            if target.exists():
                raise FileExistsError(f"{target} already exists; use --force to replace it") from None
            os.replace(temporary, target)
    if hasattr(os, "O_DIRECTORY"):
        directory = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


# --- deterministic ingredients -------------------------------------------------------------


def sample_bsns(start: int = 999_990_000) -> Iterator[str]:
    """BSNs from the BRP test block 99999xxxx that pass the 11-proef, in ascending order."""
    for number in range(start, 1_000_000_000):
        digits = f"{number:09d}"
        total = sum((9 - i) * int(d) for i, d in enumerate(digits[:8])) - int(digits[8])
        if total > 0 and total % 11 == 0:
            yield digits


def png_bytes(width: int, height: int, seed: int) -> bytes:
    """A small RGB PNG with a seeded pattern; the same arguments always give the same bytes.

    The image data is written in stored (uncompressed) deflate blocks so the bytes do not
    depend on the zlib build.
    """
    rng = random.Random(seed)
    base = [rng.randrange(60, 200) for _ in range(3)]
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter type: none
        for x in range(width):
            shade = (x * 5 + y * 3 + (8 if (x // 4 + y // 4) % 2 else 0)) % 48
            raw.extend(min(255, channel + shade) for channel in base)
    stream = bytearray(b"\x78\x01")
    for offset in range(0, len(raw), 65535):
        block = bytes(raw[offset : offset + 65535])
        final = 1 if offset + 65535 >= len(raw) else 0
        stream += struct.pack("<BHH", final, len(block), len(block) ^ 0xFFFF) + block
    stream += struct.pack(">I", zlib.adler32(bytes(raw)))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", bytes(stream)) + chunk(b"IEND", b"")


_PEOPLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "PL": (
        ("Marek", "Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł"),
        ("Kowalski", "Nowak", "Wiśniewska", "Wójcik", "Lewandowski", "Zielińska"),
    ),
    "RO": (
        ("Ion", "Maria", "Andrei", "Elena", "Mihai", "Ioana"),
        ("Popescu", "Ionescu", "Dumitru", "Stan", "Constantin"),
    ),
    "BG": (("Georgi", "Ivana", "Dimitar", "Petya"), ("Ivanov", "Georgieva", "Dimitrov", "Petrova")),
    "LT": (("Tomas", "Rūta", "Mindaugas", "Aistė"), ("Kazlauskas", "Jankauskienė", "Petrauskas")),
    "PT": (("João", "Ana", "Miguel", "Inês"), ("Silva", "Santos", "Ferreira", "Pereira")),
    "HU": (("László", "Eszter", "Gábor"), ("Nagy", "Kovács", "Tóth")),
    "LV": (("Jānis", "Līga"), ("Bērziņš", "Kalniņa")),
}
_MARKERS = ("Test", "Demo", "Proef")
_HOME_TOWNS: dict[str, tuple[str, str]] = {
    "PL": ("Opole", "ul. Przykładowa"),
    "RO": ("Iași", "Strada Exemplu"),
    "BG": ("Plovdiv", "ul. Primerna"),
    "LT": ("Šiauliai", "Pavyzdžio g."),
    "PT": ("Braga", "Rua de Exemplo"),
    "HU": ("Debrecen", "Minta utca"),
    "LV": ("Daugavpils", "Parauga iela"),
}
"""Made-up street names in real towns, for the address abroad of made-up people."""


@dataclass(frozen=True)
class _Fail:
    """A finding to record when an item fails: what the inspector wrote, and where."""

    description: str
    unit: str | None = None
    partner: str | None = None


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in the sample week: day 0 is Monday 2026-11-16 (negative days go back)."""
    return dt.datetime.combine(WEEK + dt.timedelta(days=day), dt.time(hour, minute))


# --- the content ---------------------------------------------------------------------------


class _Builder:
    """Writes the sample's sites, units, occupants and inspections, in story order."""

    def __init__(self, db: Database, photos: Path) -> None:
        self.db = db
        self.photos = photos
        self.rng = random.Random(SEED)
        self.bsns = sample_bsns()
        self.people = 0
        self.units: dict[str, Unit] = {}

    def build(self) -> None:
        park, farm, pension, hostel, meat, greenhouse, dc, abroad = self.sites()
        self.holiday_park(park)
        self.farmhouse(farm)
        self.pension(pension)
        self.large_scale(hostel)
        self.across_the_border(abroad)
        self.inspections(park, farm, pension, hostel, meat, greenhouse, dc, abroad)

    # sites -----------------------------------------------------------------------------------

    def sites(self) -> list[Site]:
        agency = {"agency_name": "Voorbeeld Uitzendgroep B.V.", "agency_kvk": "90000303"}
        sites = [
            Site(
                name="Vakantiepark De Wilgenhoek",
                housing_type=SnfHousingType.HOLIDAY_PARK,
                akf_category=AkfCategory.SEASONAL,
                sector=Sector.HORTICULTURE,
                street="Wilgenhoekweg",
                house_number=4,
                postcode="2691 XK",
                city="'s-Gravenzande",
                operator_name="Recreatiepark Voorbeeld Westland B.V.",
                operator_kvk="90000101",
                employer_name="Demo Glastuinbouw Westland B.V.",
                employer_kvk="90000202",
                **agency,
                agency_sna_certified=True,
                certification=Certification.SNF_AKF,
                certification_number="AKF-L-0917",
                certification_valid_until=dt.date(2027, 3, 31),
                notes="Seizoenshuisvesting voor kasmedewerkers, 22 stacaravans op de achterste velden.",
            ),
            Site(
                name="Woonboerderij Hoeve Lindelust",
                housing_type=SnfHousingType.REGULAR_DWELLING,
                sector=Sector.AGRICULTURE,
                street="Lindelustweg",
                house_number=12,
                house_letter="a",
                postcode="5961PX",
                city="Horst",
                operator_name="Agrarisch Proefbedrijf Lindelust V.O.F.",
                operator_kvk="90000404",
                employer_name="Agrarisch Proefbedrijf Lindelust V.O.F.",
                employer_kvk="90000404",
                certification=Certification.SNF,
                certification_number="SNF-2024-99117",
                certification_valid_until=dt.date(2027, 6, 30),
                notes="Verbouwde boerderij; zes slaapkamers op de verdieping.",
            ),
            Site(
                name="Pension De Zwaluw",
                housing_type=SnfHousingType.HOTEL_OR_PENSION,
                sector=Sector.MEAT_PROCESSING,
                street="Zwaluwstraat",
                house_number=17,
                house_addition="1",
                postcode="5347 KT",
                city="Oss",
                operator_name="Pension De Zwaluw Demo B.V.",
                operator_kvk="90000505",
                employer_name="Testvlees Oss B.V.",
                employer_kvk="90000606",
                agency_name="FlexDemo Personeelsdiensten B.V.",
                agency_kvk="90000707",
                agency_sna_certified=False,
                certification=Certification.SNF,
                certification_number="SNF-2023-99231",
                certification_valid_until=dt.date(2026, 10, 31),
                notes="Bewoners werken in de vleesverwerking (hoogrisicosector).",
            ),
            Site(
                name="Logiesgebouw Havenkwartier",
                housing_type=SnfHousingType.HOUSING_UNITS,
                zoned_residential=False,
                sector=Sector.DISTRIBUTION,
                street="Havendijk",
                house_number=140,
                postcode="5048 AV",
                city="Tilburg",
                operator_name="Voorbeeld Huisvesting Brabant B.V.",
                operator_kvk="90000808",
                employer_name="Proef Logistiek Venlo B.V.",
                employer_kvk="90000909",
                **agency,
                agency_sna_certified=True,
                certification=Certification.SNF,
                certification_number="SNF-2025-99305",
                certification_valid_until=dt.date(2027, 9, 30),
                notes="Grootschalige locatie: twee blokken met elk twaalf kamers.",
            ),
            Site(
                name="Testvlees Oss (productielocatie)",
                kind=SiteKind.WORKPLACE,
                sector=Sector.MEAT_PROCESSING,
                street="Slachthuisweg-Zuid",
                house_number=200,
                postcode="5349 BC",
                city="Oss",
                operator_name="Testvlees Oss B.V.",
                operator_kvk="90000606",
                employer_name="Testvlees Oss B.V.",
                employer_kvk="90000606",
                agency_name="FlexDemo Personeelsdiensten B.V.",
                agency_kvk="90000707",
                agency_sna_certified=False,
            ),
            Site(
                name="Kwekerij Demo Glas",
                kind=SiteKind.WORKPLACE,
                sector=Sector.HORTICULTURE,
                street="Glasweg",
                house_number=31,
                postcode="2671 LK",
                city="Naaldwijk",
                operator_name="Demo Glastuinbouw Westland B.V.",
                operator_kvk="90000202",
                employer_name="Demo Glastuinbouw Westland B.V.",
                employer_kvk="90000202",
                **agency,
                agency_sna_certified=True,
            ),
            Site(
                name="Distributiecentrum Proefpark",
                kind=SiteKind.WORKPLACE,
                sector=Sector.DISTRIBUTION,
                street="Logistiekweg",
                house_number=5,
                postcode="5928 RZ",
                city="Venlo",
                operator_name="Proef Logistiek Venlo B.V.",
                operator_kvk="90000909",
                employer_name="Proef Logistiek Venlo B.V.",
                employer_kvk="90000909",
                **agency,
                agency_sna_certified=True,
            ),
            Site(
                name="Unterkunft Grenzweg",
                housing_type=SnfHousingType.REGULAR_DWELLING,
                sector=Sector.DISTRIBUTION,
                country="DE",
                street="Grenzweg",
                house_number=9,
                postcode="41334",
                city="Nettetal",
                operator_name="Demo Wohnen Niederrhein GmbH",
                employer_name="Proef Logistiek Venlo B.V.",
                employer_kvk="90000909",
                **agency,
                agency_sna_certified=True,
                notes="Woning over de grens; bewoners werken in Venlo. Gezamenlijke controle met de "
                "Kreis Viersen (aanbeveling 6.1–6.3).",
            ),
        ]
        for site in sites:
            save(self.db, site)
        return sites

    # units and occupants -----------------------------------------------------------------------

    def unit(self, site: Site, label: str, kind: UnitKind, parent: str | None = None, **values: object) -> Unit:
        unit = Unit.model_validate(
            {
                "site_id": site.id,
                "label": label,
                "kind": kind,
                "parent_id": self.units[parent].id if parent else None,
                **values,
            }
        )
        assert label not in self.units, f"sample script: unit label {label!r} is used twice"
        save(self.db, unit)
        self.units[label] = unit
        return unit

    def occupants(
        self,
        unit: Unit,
        count: int,
        nationalities: tuple[str, ...],
        employer: str,
        agency: str | None,
        *,
        couple: bool = False,
    ) -> list[Occupant]:
        """count made-up people in unit; with couple the first two are partners."""
        made: list[Occupant] = []
        for _ in range(count):
            self.people += 1
            nationality = self.rng.choice(nationalities)
            given, family = _PEOPLE[nationality]
            name = f"{_MARKERS[self.people % 3]} {self.rng.choice(given)} {self.rng.choice(family)}"
            # About one in seven has no BSN (yet): new arrivals, or not registered at all.
            has_bsn = self.people % 7 != 3
            brp = (
                self.rng.choice([BrpStatus.INGEZETENE, BrpStatus.RNI, BrpStatus.RNI, BrpStatus.UNKNOWN])
                if has_bsn
                else BrpStatus.NOT_REGISTERED
            )
            contract = self.rng.random() < 0.75
            reachable = self.people % 3 == 0
            handle = name.split(" ", 1)[1].lower().replace(" ", ".")
            occupant = Occupant(
                unit_id=unit.id,
                name=name,
                bsn=next(self.bsns) if has_bsn else None,
                date_of_birth=dt.date(1968, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 36 * 365)),
                nationality=nationality,
                employer=employer,
                agency=agency,
                phone=f"+31 6 0000 {self.people:04d}" if reachable else None,
                email=f"test.{_ascii(handle)}@example.nl" if reachable and self.people % 2 else None,
                brp_status=brp,
                written_rental_contract=contract,
                contract_separate=(self.rng.random() < 0.7) if contract else None,
                zorgpas_in_own_possession=self.rng.random() < 0.8,
                **self.stay_and_insurance(nationality),
            )
            save(self.db, occupant)
            made.append(occupant)
        if couple and len(made) >= 2:
            first, second = made[0], made[1]
            made[1] = second.model_copy(update={"couple_with": first.id})
            save(self.db, made[1])
            made[0] = first.model_copy(update={"couple_with": second.id})
            save(self.db, made[0])
        return made

    def stay_and_insurance(self, nationality: str) -> dict[str, object]:
        """Address abroad, arrival, expected stay, unit since and insurance (no random draws, so
        the rest of the sample stays as it was)."""
        n = self.people
        city, street = _HOME_TOWNS[nationality]
        arrived = dt.date(2026, 3, 2) + dt.timedelta(days=(n * 37) % 220)
        stay_days = (75, 100, 240, 300)[n % 4]  # some short (RNI), some long (BRP)
        insured = n % 9 != 4
        return {
            "abroad_country": nationality,
            "abroad_city": city,
            "abroad_street": f"{street} {n % 60 + 1}",
            "arrived_in_nl": arrived,
            "expected_stay_until": arrived + dt.timedelta(days=stay_days),
            "in_unit_since": arrived + dt.timedelta(days=(n * 11) % 20),
            "health_insured": insured,
            "health_insurer": ("Demo Zorgverzekeraar", "Proef Zorg N.V.")[n % 2] if insured else None,
            "insured_until": arrived + dt.timedelta(days=stay_days + 30) if insured else None,
        }

    def holiday_park(self, site: Site) -> None:
        employer, agency = "Demo Glastuinbouw Westland B.V.", "Voorbeeld Uitzendgroep B.V."
        # (persons found, beds, persons in the provider's register) for the occupied caravans.
        found = {
            1: (2, 2, 2),
            2: (2, 4, 2),
            3: (4, 2, 2),
            5: (2, 2, 2),
            7: (2, 4, 3),
            8: (1, 2, 1),
            11: (2, 2, 2),
            12: (2, 4, 2),
            15: (2, 2, 2),
        }
        for number in range(1, 23):
            persons, beds, registered = found.get(number, (0, 4 if number % 3 == 0 else 2, 0))
            unit = self.unit(
                site,
                f"Caravan {number:02d}",
                UnitKind.CARAVAN,
                floor_area_m2=round(24 + (number % 5) * 2.5, 1),
                beds=beds,
                registered_persons=registered,
                toilets=1,
                showers=1,
            )
            if persons:
                self.occupants(unit, persons, ("PL", "RO", "LT"), employer, agency, couple=number in (5, 11))

    def farmhouse(self, site: Site) -> None:
        employer = "Agrarisch Proefbedrijf Lindelust V.O.F."
        self.unit(
            site,
            "Boerderij",
            UnitKind.BUILDING,
            floor_area_m2=132.0,
            toilets=2,
            showers=1,
            notes="Woonkamer, keuken en sanitair beneden; slaapkamers op de verdieping.",
        )
        rooms = [
            ("Slaapkamer 1", 9.5, 2, 2, 2),
            ("Slaapkamer 2", 12.0, 2, 2, 2),
            ("Slaapkamer 3", 8.0, 2, 2, 3),
            ("Slaapkamer 4", 14.5, 3, 2, 2),
            ("Slaapkamer 5", 7.5, 1, 1, 1),
            ("Slaapkamer 6", 10.0, 2, 2, 2),
        ]
        for label, area, beds, registered, persons in rooms:
            unit = self.unit(
                site, label, UnitKind.BEDROOM, "Boerderij", floor_area_m2=area, beds=beds, registered_persons=registered
            )
            self.occupants(unit, persons, ("PL", "BG", "HU"), employer, None, couple=label == "Slaapkamer 4")

    def pension(self, site: Site) -> None:
        employer, agency = "Testvlees Oss B.V.", "FlexDemo Personeelsdiensten B.V."
        self.unit(site, "Pension", UnitKind.BUILDING, floor_area_m2=160.0, toilets=3, showers=3)
        for number in range(1, 9):
            persons = {1: 1, 2: 2, 3: 1, 4: 2, 5: 1, 6: 1, 7: 0, 8: 2}[number]
            unit = self.unit(
                site,
                f"Kamer {number}",
                UnitKind.BEDROOM,
                "Pension",
                floor_area_m2=9.0 + number % 4 * 2,
                beds=2 if number % 2 == 0 else 1,
                registered_persons=persons,
            )
            if persons:
                self.occupants(unit, persons, ("RO", "BG", "PT"), employer, agency, couple=number == 2)

    def large_scale(self, site: Site) -> None:
        employer, agency = "Proef Logistiek Venlo B.V.", "Voorbeeld Uitzendgroep B.V."
        for block in "AB":
            self.unit(site, f"Blok {block}", UnitKind.BUILDING, floor_area_m2=310.0, toilets=6, showers=6)
            for number in range(1, 13):
                label = f"Kamer {block}{number:02d}"
                persons = 1 if (number + (block == "B")) % 3 else 0
                registered = persons if label not in ("Kamer A04", "Kamer B07") else persons + 1
                unit = self.unit(
                    site,
                    label,
                    UnitKind.ROOM,
                    f"Blok {block}",
                    floor_area_m2=12.0 + number % 3,
                    beds=1,
                    registered_persons=registered,
                )
                if persons:
                    self.occupants(unit, persons, ("PL", "PT", "LV", "RO"), employer, agency)

    def across_the_border(self, site: Site) -> None:
        employer, agency = "Proef Logistiek Venlo B.V.", "Voorbeeld Uitzendgroep B.V."
        self.unit(site, "Haus", UnitKind.BUILDING, floor_area_m2=95.0, toilets=1, showers=1)
        for label, area, persons in (("Zimmer 1", 11.0, 2), ("Zimmer 2", 9.0, 2)):
            unit = self.unit(site, label, UnitKind.BEDROOM, "Haus", floor_area_m2=area, beds=2, registered_persons=2)
            self.occupants(unit, persons, ("PL", "RO"), employer, agency)

    # inspections ------------------------------------------------------------------------------

    def walk(
        self,
        inspection: Inspection,
        answers: Mapping[str, str] | None = None,
        fails: Mapping[str, _Fail] | None = None,
        *,
        only: tuple[str, ...] | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> dict[str, Finding]:
        """Answer the checklist in order, as an inspector on site would.

        Unnamed yes/no checks get their passing answer, computed items are left to the
        rules, measurements the site already yields are not retyped. Every failed item
        gets a finding (from fails, or a plain one). only limits the walk to items whose id
        starts with one of its prefixes (a draft that is partly done).
        """
        answers, fails, notes = answers or {}, fails or {}, notes or {}
        derived = {k for k, (_, where) in wf.measurement_sources(self.db, inspection).items() if where == "site"}
        for item in wf.checklist_items(inspection):
            if only is not None and not item.id.startswith(only):
                continue
            value = answers.get(item.id)
            if out_of_force(item, inspection.started_at.date()) is not None:
                continue  # not asked outside the item's dates (it is n.a. already)
            if value is None:
                if item.rule is not None or not item.required:
                    continue
                if item.measure is not None and item.measure.value in derived:
                    continue
                if item.answer_type is not AnswerType.YES_NO_NA:
                    raise RuntimeError(f"the sample script has no answer for required item {item.id}; add one")
                value = item.expected
            wf.answer_item(self.db, inspection.id, item.id, value, note=notes.get(item.id))
        found: dict[str, Finding] = {}
        have = {
            r[0]
            for r in self.db.execute(
                "SELECT item_id FROM findings WHERE inspection_id = ? AND item_id IS NOT NULL", [inspection.id]
            ).fetchall()
        }
        given = wf.answers_by_item(self.db, inspection.id)
        for item in wf.checklist_items(inspection):
            answer = given.get(item.id)
            if answer is None or answer.verdict is not AnswerVerdict.FAIL or item.id in have:
                continue
            fail = fails.get(item.id, _Fail(_proposed(item, answer.units)))
            found[item.id] = wf.add_finding(
                self.db,
                inspection.id,
                item.severity_if_failed,
                fail.description,
                item_id=item.id,
                unit_id=self.units[fail.unit].id if fail.unit else None,
                partner=fail.partner,
            )
        return found

    def photo(self, name: str, seed: int) -> Path:
        path = self.photos / name
        path.write_bytes(png_bytes(32, 24, seed))
        return path

    def inspections(
        self,
        park: Site,
        farm: Site,
        pension: Site,
        hostel: Site,
        meat: Site,
        greenhouse: Site,
        dc: Site,
        abroad: Site,
    ) -> None:
        db, devries, elamrani = self.db, "J. de Vries", "A. El Amrani"
        park_answers = {
            "akf.space.category": "seasonal",
            "akf.space.walkable_floor": "96,5",
            "akf.space.max_in_bedroom": "2",
            "akf.space.living_area_pp": "n.a.",
            "akf.space.walkable_floor_pp": "n.a.",
            "akf.space.persons_per_bedroom": "n.a.",
            "covid-2020.register.brp": "mixed",
            "covid-2020.housing.max_in_bedroom": "2",
            "covid-2020.housing.one_per_bedroom": "n.a.",
            "covid-2020.certification.keurmerk": "akf",
            "covid-2020.work.sector": "horticulture",
        }

        # Mon 12 Oct: the holiday park; three findings, approved two days later.
        first = wf.start_inspection(db, park.id, ["akf", "covid-2020"], devries, now=_at(-35, 8, 30))
        october = self.walk(
            first,
            {
                **park_answers,
                "akf.fire.extinguisher": "no",
                "akf.management.occupancy_matches": "no",
                "akf.information.house_rules": "no",
            },
            {
                "akf.fire.extinguisher": _Fail(
                    "Brandblusser ontbreekt in caravan 07; bij de kookplaats staat geen blusmiddel.", "Caravan 07"
                ),
                "akf.management.occupancy_matches": _Fail(
                    "In caravan 03 verblijven 4 personen, in het register staan er 2; caravan 07 staat "
                    "met 3 personen geregistreerd maar er verblijven er 2.",
                    "Caravan 03",
                ),
                "akf.information.house_rules": _Fail(
                    "Huisregels hangen alleen in het Nederlands; niet in het Pools of Roemeens."
                ),
            },
            notes={"akf.fire.extinguisher": "Foto gemaakt van de lege ophangbeugel."},
        )
        wf.attach_file(db, october["akf.fire.extinguisher"].id, self.photo("caravan07_blusser.png", 1))
        wf.complete(db, first.id, devries, now=_at(-35, 11, 40))
        wf.review(db, first.id, TEAM_LEAD, ReviewDecision.APPROVE, now=_at(-33, 9, 15))

        # Mon 16 Nov: re-inspection of the park; the extinguisher and the house rules are fixed,
        # the register still does not match.
        again = wf.start_inspection(db, park.id, ["snf", "akf", "covid-2020"], devries, now=_at(0, 8, 15))
        for earlier in wf.open_findings_of_site(db, park.id, again):
            wf.confirm_finding(db, again.id, earlier.id, resolved=earlier.item_id != "akf.management.occupancy_matches")
        residents, combined = db.execute(
            "SELECT COUNT(*), SUM(o.written_rental_contract = 1 AND o.contract_separate = 0) FROM occupants o "
            "JOIN units u ON u.id = o.unit_id WHERE u.site_id = ?",
            [park.id],
        ).fetchone()
        self.walk(
            again,
            {
                **park_answers,
                "snf.space.bedrooms": "20",
                "snf.space.bedroom_area": "150",
                "snf.facilities.sockets": "60",
                "snf.facilities.fridge_litres": "1400",
                "snf.facilities.burners": "44",
                "snf.management.beds_registered": "20",
                "snf.management.occupancy_matches": "no",
                "akf.management.occupancy_matches": "no",
                "covid-2020.tenancy.separate_contract": "no" if combined else "yes",
            },
            {
                "covid-2020.tenancy.separate_contract": _Fail(
                    f"Bij {combined} van de {residents} bewoners is de huurovereenkomst geen apart document "
                    "maar onderdeel van de arbeidsovereenkomst."
                )
            },
        )
        wf.complete(db, again.id, devries, now=_at(0, 12, 5))

        # Mon 16 Nov: the farmhouse; too many people for the living area and one shower.
        farmhouse = wf.start_inspection(db, farm.id, ["snf"], elamrani, now=_at(0, 13, 30))
        farm_findings = self.walk(
            farmhouse,
            {
                "snf.facilities.sockets": "14",
                "snf.facilities.fridge_litres": "400",
                "snf.facilities.burners": "6",
                "snf.management.beds_registered": "11",
                "snf.management.occupancy_matches": "no",
                "snf.fire.co_detectors": "no",
            },
            {
                "snf.space.living_area_pp": _Fail(
                    "12 bewoners op 132 m² woonoppervlak: 11,0 m² per persoon, minder dan de vereiste 12 m²."
                ),
                "snf.sanitary.showers_pp": _Fail("Eén douche voor 12 bewoners; vereist is 1 per 8 personen."),
                "snf.management.occupancy_matches": _Fail(
                    "In slaapkamer 3 slapen 3 personen terwijl het register er 2 vermeldt.", "Slaapkamer 3"
                ),
                "snf.fire.co_detectors": _Fail("Geen CO-melder in de ruimte met de cv-ketel op zolder."),
            },
        )
        wf.attach_file(db, farm_findings["snf.sanitary.showers_pp"].id, self.photo("douche_boerderij.png", 2))
        wf.complete(db, farmhouse.id, elamrani, now=_at(0, 16, 10))
        wf.review(
            db,
            farmhouse.id,
            TEAM_LEAD,
            ReviewDecision.SEND_BACK,
            now=_at(2, 10, 0),
            reason="Foto van slaapkamer 3 ontbreekt en de CO-bevinding noemt geen termijn-afspraak; "
            "graag aanvullen en opnieuw indienen.",
        )

        # Tue 17 Nov: the pension in Oss (high-risk sector): shared bedrooms.
        pension_visit = wf.start_inspection(db, pension.id, ["snf", "covid-2020"], devries, now=_at(1, 9, 0))
        pension_findings = self.walk(
            pension_visit,
            {
                "snf.facilities.sockets": "16",
                "snf.facilities.fridge_litres": "240",
                "snf.facilities.burners": "8",
                "snf.management.beds_registered": "12",
                "covid-2020.register.brp": "rni",
                "covid-2020.certification.keurmerk": "snf",
                "covid-2020.certification.valid": "no",
                "covid-2020.work.sector": "meat_processing",
                "covid-2020.housing.couples_share": "yes",
            },
            {
                "covid-2020.housing.one_per_bedroom": _Fail(
                    "Kamer 4 en kamer 8 worden elk gedeeld door twee collega's die geen stel zijn; "
                    "in de vleesverwerking geldt één slaapkamer per persoon.",
                    "Kamer 4",
                ),
                "snf.facilities.fridge_pp": _Fail("Koelkastinhoud 240 liter voor 10 bewoners: 24 l per persoon."),
                "covid-2020.certification.valid": _Fail("Het SNF-certificaat is op 31-10-2026 verlopen."),
            },
        )
        wf.complete(db, pension_visit.id, devries, now=_at(1, 11, 30))
        # Wed: a second fridge in the storeroom was missed; reopened, corrected, signed again.
        wf.reopen(
            db,
            pension_visit.id,
            devries,
            "Tweede koelkast (120 l) in de berging over het hoofd gezien; meting koelkastinhoud corrigeren.",
            now=_at(2, 8, 45),
        )
        wf.answer_item(
            db, pension_visit.id, "snf.facilities.fridge_litres", "360", note="Inclusief koelkast in de berging."
        )
        delete(db, Finding, pension_findings["snf.facilities.fridge_pp"].id)
        wf.complete(db, pension_visit.id, devries, now=_at(2, 9, 5))

        # Tue 17 Nov: the meat plant; the same photo documents two findings (stored once).
        plant = wf.start_inspection(db, meat.id, ["rie"], elamrani, now=_at(1, 13, 0))
        plant_findings = self.walk(
            plant,
            {
                "rie.rie.review_exemption": "none",
                "rie.rie.last_update": "2026-02-09",
                "rie.meat.machines": "no",
                "rie.meat.knives": "yes",
                "rie.meat.physical_load": "yes",
                "rie.meat.noise": "yes",
                "rie.meat.work_pressure": "yes",
                "rie.meat.instruction_language": "no",
                "rie.rie.given_to_agency": "no",
            },
            {
                "rie.meat.machines": _Fail(
                    "Afscherming van de zaagmachine op uitsnijlijn 2 ontbreekt; direct stilleggen tot herstel.",
                    partner="Arbeidsinspectie",
                ),
                "rie.meat.instruction_language": _Fail(
                    "Werkinstructies en veiligheidsinstructie alleen in het Nederlands; veel werknemers "
                    "spreken Roemeens of Bulgaars."
                ),
                "rie.rie.given_to_agency": _Fail(
                    "Het uitzendbureau heeft het relevante deel van de RI&E niet ontvangen (art. 5 lid 5)."
                ),
            },
        )
        line_photo = self.photo("uitsnijlijn2.png", 3)
        wf.attach_file(db, plant_findings["rie.meat.machines"].id, line_photo)
        wf.attach_file(db, plant_findings["rie.meat.machines"].id, line_photo)  # twice: one attachment
        wf.attach_file(db, plant_findings["rie.meat.instruction_language"].id, line_photo)
        wf.complete(db, plant.id, elamrani, now=_at(1, 16, 20))
        wf.review(db, plant.id, TEAM_LEAD, ReviewDecision.APPROVE, now=_at(3, 14, 0))

        # Wed 18 Nov: the large-scale location; still a draft, half walked.
        hostel_visit = wf.start_inspection(db, hostel.id, ["snf"], elamrani, now=_at(2, 13, 15))
        self.walk(
            hostel_visit,
            {"snf.space.bedrooms": "24", "snf.space.bedroom_area": "302", "snf.information.card_present": "no"},
            {"snf.information.card_present": _Fail("Geen informatiekaart bij de ingang van blok B.", "Blok B")},
            only=("snf.space.", "snf.sanitary.", "snf.information."),
        )
        wf.add_finding(
            db,
            hostel_visit.id,
            Severity.MAJOR,
            "Kamer A04 en kamer B07 staan in het register voor 2 personen; er verblijft telkens 1 persoon.",
            unit_id=self.units["Kamer A04"].id,
        )

        # Thu 19 Nov: the greenhouse.
        glass = wf.start_inspection(db, greenhouse.id, ["rie"], devries, now=_at(3, 8, 0))
        self.walk(
            glass,
            {
                "rie.rie.review_exemption": "branch_tool",
                "rie.rie.last_update": "2025-11-03",
                "rie.horticulture.crop_protection": "no",
                "rie.horticulture.pipe_rail": "yes",
                "rie.horticulture.heat": "yes",
                "rie.organisation.prevention_officer": "no",
            },
            {
                "rie.horticulture.crop_protection": _Fail(
                    "Herbetredingstermijnen na spuiten worden niet bijgehouden; geen bord bij kas 3."
                ),
                "rie.organisation.prevention_officer": _Fail("Geen preventiemedewerker aangewezen."),
            },
        )
        wf.complete(db, glass.id, devries, now=_at(3, 10, 45))
        wf.review(
            db,
            glass.id,
            TEAM_LEAD,
            ReviewDecision.COMMENT,
            now=_at(4, 9, 30),
            reason="Herinspectie van de kas inplannen na de deadline van de bevinding over herbetreding.",
        )

        # Fri 20 Nov: the distribution centre, just started.
        centre = wf.start_inspection(db, dc.id, ["rie", "covid-2020"], elamrani, now=_at(4, 8, 30))
        wf.answer_item(db, centre.id, "rie.rie.present", "ja")
        wf.answer_item(db, centre.id, "rie.rie.current", "ja")
        wf.answer_item(
            db, centre.id, "rie.distribution.traffic", "nee", note="Heftrucks rijden door het looppad bij dock 12."
        )
        wf.answer_item(
            db,
            centre.id,
            "covid-2020.transport.masks",
            "n.v.t.",
            note="Busvervoer is sinds 2023 gestopt; werknemers fietsen.",
        )
        traffic = wf.add_finding(
            db,
            centre.id,
            Severity.CRITICAL,
            "Geen scheiding tussen heftruckverkeer en voetgangers bij dock 12.",
            item_id="rie.distribution.traffic",
        )
        wf.attach_file(db, traffic.id, self.photo("dock12_looppad.png", 4))

        # Fri 20 Nov: the house across the border, with the Kreis Viersen; a draft.
        border = wf.start_inspection(db, abroad.id, ["covid-2020"], devries, now=_at(4, 13, 0))
        self.walk(
            border,
            {"covid-2020.register.present": "no", "covid-2020.register.brp": "not_registered"},
            {
                "covid-2020.register.present": _Fail(
                    "Geen bewonersregister aanwezig; de verhuurder kon niet zeggen wie in welke kamer slaapt.",
                    partner="Kreis Viersen",
                )
            },
            only=("covid-2020.register.",),
        )


def _proposed(item: Item, units: str | None) -> str:
    """The finding the sample proposes for a failed item: the item and every failing unit."""
    text = f"Voldoet niet: {item.text_nl}"
    lines = (units or "").split("\n")[1:]
    if lines:
        text += " — " + "; ".join(lines)
    if not rule_kind(item).binding:
        text = f"Advies (aanbeveling, niet bindend): {text}"
    return text


def _ascii(text: str) -> str:
    """A made-up e-mail handle from a name: letters without accents."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain if c.isalnum() or c in ".-")
