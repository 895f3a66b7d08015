"""A deterministic database for the report tests, built through the store and workflow.

Ids come from ``seeded_ids`` and every clock is fixed, so the Markdown report of the main
inspection is byte-for-byte stable (see ``expected/report.md``). Its own module name (not
``conftest``) so test modules can import it whatever other conftest files pytest loaded.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from inspect_tui.domain.base import seeded_ids
from inspect_tui.domain.checklist import AnswerType
from inspect_tui.domain.enums import ReviewDecision, Severity
from inspect_tui.domain.models import Attachment, Finding, Inspection, Occupant, Site, Unit
from inspect_tui.store import get, open_db, save, workflow
from inspect_tui.store.blobs import store_blob
from inspect_tui.store.workflow import (
    answer_item,
    attach_file,
    checklist_items,
    complete,
    review,
    start_inspection,
)

DAY = dt.date(2025, 6, 12)
"""The day of the main inspection and of the workplace inspection."""


def add_finding(db: Database, inspection_id: str, *args: Any, **kwargs: Any) -> Finding:
    """A finding found on the day its inspection started (the deadlines the expected reports show)."""
    started = get(db, Inspection, inspection_id).started_at.date()  # type: ignore[union-attr]
    kwargs.setdefault("found_on", started)
    return workflow.add_finding(db, inspection_id, *args, **kwargs)


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour, made without an image library (stored, not compressed: the same
    bytes, so the same SHA-256, with every zlib)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, level=0))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class ReportDb:
    """The fixture database and the ids the tests need."""

    path: Path
    housing_site: str
    workplace_site: str
    inspection: str
    """Completed, sent back, completed again and approved; five findings, photos."""
    workplace_inspection: str
    """A draft RI&E + COVID inspection on the same day, by another inspector."""
    earlier_inspection: str
    """An inspection two days earlier (its finding is not in the day's export)."""


def _at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _fill_required(db: object, inspection_id: str, inspection: object) -> None:
    """Answer every still-open required item the way it passes."""
    from inspect_tui.store.workflow import answers_by_item, progress

    missing = set(progress(db, inspection_id).missing_required)  # type: ignore[arg-type]
    answered = answers_by_item(db, inspection_id)  # type: ignore[arg-type]
    for item in checklist_items(inspection):  # type: ignore[arg-type]
        if item.id not in missing or item.rule is not None or item.id in answered:
            continue
        if item.answer_type is AnswerType.YES_NO_NA:
            answer_item(db, inspection_id, item.id, item.expected)  # type: ignore[arg-type]
        elif item.answer_type is AnswerType.CHOICE and item.choices:
            answer_item(db, inspection_id, item.id, item.choices[0].value)  # type: ignore[arg-type]


def _legacy_document(db: Database, finding_id: str, path: Path) -> None:
    """A non-photo attachment as databases from before photos-only hold it (listed in reports, never embedded)."""
    data = path.read_bytes()
    with db.atomic():
        sha = store_blob(db, data)
        save(
            db,
            Attachment(finding_id=finding_id, sha256=sha, file_name=path.name, media_type="text/plain", size=len(data)),
        )


def build_report_db(path: Path, photo_dir: Path) -> ReportDb:
    """Create the fixture database at ``path`` (photos are written to ``photo_dir`` first)."""
    photo_dir.mkdir(parents=True, exist_ok=True)
    kitchen = photo_dir / "keuken.png"
    kitchen.write_bytes(png_bytes(4, 3, (200, 40, 40)))
    kitchen_again = photo_dir / "keuken-detail.png"
    kitchen_again.write_bytes(kitchen.read_bytes())
    bedroom = photo_dir / "kamer-3.png"
    bedroom.write_bytes(png_bytes(6, 4, (40, 90, 200)))
    note = photo_dir / "notitie.txt"
    note.write_text("Gesprek met de beheerder, 12-06-2025.\n", encoding="utf-8")

    db = open_db(path, create=True, device_id="00000000-0000-4000-8000-00000000d001")
    with seeded_ids(2025):
        site = Site(
            name="Vakantiepark Ruïnezicht",
            housing_type="e",
            akf_category="year_round",
            sector="meat_processing",
            high_risk=True,
            street="Kerkstraat",
            house_number=12,
            house_letter="a",
            postcode="5171ab",
            city="Kaatsheuvel",
            operator_name="Huisvesting Zoë B.V.",
            operator_kvk="12345678",
            employer_name="Vleesverwerking Brabant B.V.",
            employer_kvk="87654321",
            agency_name="Flexwerk Noël",
            agency_sna_certified=True,
            certification="snf",
            certification_number="SNF-4711",
            certification_valid_until=dt.date(2026, 3, 31),
        )
        save(db, site)
        chalet = Unit(
            site_id=site.id,
            label="Chalet 14",
            kind="building",
            floor_area_m2=100,
            toilets=2,
            showers=1,
            burners=4,
            fridge_litres=290,
            sockets=10,
        )
        caravan = Unit(
            site_id=site.id,
            label="Caravan 7",
            kind="caravan",
            floor_area_m2=12,
            beds=2,
            registered_persons=1,
            toilets=1,
            showers=1,
            burners=4,
            fridge_litres=60,
            sockets=2,
        )
        rooms = [
            Unit(
                site_id=site.id,
                parent_id=chalet.id,
                label=f"Kamer {n}",
                kind="bedroom",
                floor_area_m2=area,
                beds=beds,
                registered_persons=registered,
            )
            for n, area, beds, registered in ((1, 10, 2, 2), (2, 8, 3, 3), (3, 12.5, 3, 3))
        ]
        for unit in (chalet, caravan, *rooms):
            save(db, unit)
        jan = Occupant(unit_id=rooms[0].id, name="Jan Kowalski", nationality="PL", brp_status="rni")
        anna = Occupant(unit_id=rooms[0].id, name="Anna Kowalska", nationality="PL", couple_with=jan.id)
        save(db, jan.model_copy(update={"couple_with": None}))
        save(db, anna)
        save(db, jan.model_copy(update={"couple_with": anna.id}))
        people = [
            (rooms[1], "Ioana Mureșan", "RO", "111222333", None),
            (rooms[1], "Piotr Wiśniewski", "PL", None, None),
            (rooms[1], "Marek Zieliński", "PL", None, None),
            (rooms[2], "Zoë Nowak", "PL", "123456782", None),
            (rooms[2], "Andrei Popescu", "RO", None, {"bsn": "c2VhbGVk"}),
            (rooms[2], "Tomasz Kaczmarek", "PL", None, None),
            (rooms[2], "Mihai Ionescu", "RO", None, None),
            (caravan, "Ewa Lewandowska", "PL", None, None),
        ]
        for unit, name, nationality, bsn, sealed in people:
            save(db, Occupant(unit_id=unit.id, name=name, nationality=nationality, bsn=bsn, sealed=sealed))

        workplace = Site(
            name="Slachterij Oosterhoek",
            kind="workplace",
            sector="meat_processing",
            high_risk=True,
            street="Industrieweg",
            house_number=7,
            postcode="5281 RA",
            city="Boxtel",
            employer_name="Vleesverwerking Brabant B.V.",
        )
        save(db, workplace)
        earlier = start_inspection(db, workplace.id, ["rie"], "Joris Meijer", now=_at(10, day=dt.date(2025, 6, 10)))
        answer_item(db, earlier.id, "rie.rie.current", "no")
        add_finding(db, earlier.id, Severity.MINOR, "RI&E is van 2019 en niet bijgewerkt", "rie.rie.current")

        inspection = start_inspection(db, site.id, ["snf", "akf"], "Loïs van den Berg", now=_at(9, 30))
        iid = inspection.id
        for item_id, value in (
            ("snf.sanitary.toilets", "3"),
            ("snf.sanitary.showers", "2"),
            ("snf.facilities.sockets", "12"),
            ("snf.facilities.fridge_litres", "320"),
            ("snf.facilities.burners", "4"),
            ("snf.management.beds_registered", "10"),
            ("akf.space.category", "year_round"),
            ("akf.space.walkable_floor", "35"),
            ("akf.space.seasonal_remarks", "Geen seizoenshuisvesting; € 95 per week ingehouden"),
        ):
            answer_item(db, iid, item_id, value)
        answer_item(
            db, iid, "snf.fire.extinguisher_near_cooking", "no", note="Blusser hangt in de schuur, 12 m van de keuken"
        )
        answer_item(db, iid, "snf.safety.ventilation", "no", note="Schimmel in de doucheruimte")
        answer_item(db, iid, "snf.management.occupancy_matches", "no")
        _fill_required(db, iid, inspection)

        critical = add_finding(
            db,
            iid,
            Severity.CRITICAL,
            "Geen brandblusser binnen 5 m van de kookplaats",
            "snf.fire.extinguisher_near_cooking",
            unit_id=chalet.id,
        )
        bedrooms = add_finding(
            db,
            iid,
            Severity.MAJOR,
            "Slaapkamers: 3,05 m² per persoon, minder dan de vereiste 3,5 m²",
            "snf.space.bedroom_area_pp",
            unit_id=rooms[2].id,
        )
        add_finding(
            db,
            iid,
            Severity.MAJOR,
            "Vier personen in Kamer 3; AKF staat er hoogstens twee toe",
            "akf.space.persons_per_bedroom",
            unit_id=rooms[2].id,
            partner="GGD",
        )
        add_finding(
            db,
            iid,
            Severity.MINOR,
            "Hygiëne: schimmel in de doucheruimte <script>alert('x')</script>",
            "snf.safety.ventilation",
        )
        free = add_finding(
            db, iid, Severity.MINOR, "Informatiekaart alleen in het Nederlands; huur € 95 per week ingehouden"
        )
        attach_file(db, critical.id, kitchen)
        _legacy_document(db, free.id, note)
        complete(db, iid, "Loïs van den Berg", now=_at(11, 45))
        review(
            db,
            iid,
            "Eef Kuiper",
            ReviewDecision.SEND_BACK,
            "Foto bij de slaapkamerbevinding ontbreekt",
            now=_at(9, 0, DAY + dt.timedelta(days=1)),
        )
        attach_file(db, bedrooms.id, bedroom)
        attach_file(db, bedrooms.id, kitchen_again)
        complete(db, iid, "Loïs van den Berg", now=_at(10, 15, DAY + dt.timedelta(days=1)))
        review(
            db,
            iid,
            "Eef Kuiper",
            ReviewDecision.COMMENT,
            "Termijnen akkoord",
            now=_at(14, 0, DAY + dt.timedelta(days=1)),
        )
        review(db, iid, "Eef Kuiper", ReviewDecision.APPROVE, now=_at(14, 5, DAY + dt.timedelta(days=1)))

        work = start_inspection(db, workplace.id, ["rie", "covid-2020"], "Joris Meijer", now=_at(13))
        answer_item(db, work.id, "rie.rie.present", "no")
        add_finding(
            db,
            work.id,
            Severity.MAJOR,
            "RI&E ontbreekt (art. 5 lid 1); boete categorie 4, basis €3.000",
            "rie.rie.present",
        )
        add_finding(db, work.id, Severity.MINOR, "Geen mondkapjes in het busje", "covid-2020.transport.masks")
    db.close()
    return ReportDb(path, site.id, workplace.id, iid, work.id, earlier.id)
