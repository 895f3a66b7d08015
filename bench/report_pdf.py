"""Time the PDF report of a large inspection: 20 findings, 10 distinct photos of 1024×768.

Run: python bench/report_pdf.py [OUT.pdf]  (target: median < 1 s; OUT.pdf keeps the last PDF to look at)
The database is built in a temporary folder through the normal workflow functions; half the
photos are PNG, half JPEG, some shown on several findings (each is embedded once).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from figures import Figure
from PIL import Image

from inspect_tui.domain.base import seeded_ids
from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.reports.collect import build_report, load_photos
from inspect_tui.reports.pdf import render_pdf
from inspect_tui.store import open_db, save
from inspect_tui.store.workflow import add_finding, attach_file, checklist_items, start_inspection

TARGET_SECONDS = 1.0
RUNS = 5


def photo(index: int, fmt: str) -> bytes:
    """A 1024×768 picture with gradients and noise, so it compresses like a photo, not a flat colour."""
    rng = random.Random(index)
    base = Image.linear_gradient("L").resize((1024, 768))
    noise = Image.effect_noise((1024, 768), 40 + index)
    image = Image.merge("RGB", (base, noise, base.rotate(90 * index).resize((1024, 768))))
    image = Image.blend(image, Image.new("RGB", image.size, tuple(rng.randrange(256) for _ in range(3))), 0.3)
    out = io.BytesIO()
    image.save(out, format=fmt, **({"quality": 88} if fmt == "JPEG" else {}))
    return out.getvalue()


def build(folder: Path) -> tuple[Path, str]:
    """A database with one inspection of 20 findings and 10 photos; returns its path and the inspection id."""
    path = folder / "bench.db"
    db = open_db(path, create=True)
    with seeded_ids(7):
        site = Site(
            name="Logiesgebouw Hoogeveen-Zuid",
            housing_type="d",
            akf_category="seasonal",
            street="Ruïneweg",
            house_number=3,
            postcode="7901 AB",
            city="Hoogeveen",
        )
        save(db, site)
        house = Unit(site_id=site.id, label="Woning 1", floor_area_m2=140, toilets=2, showers=2)
        save(db, house)
        for n in range(6):
            room = Unit(
                site_id=site.id,
                parent_id=house.id,
                label=f"Kamer {n + 1}",
                kind="bedroom",
                floor_area_m2=9,
                beds=2,
                registered_persons=2,
            )
            save(db, room)
            for p in range(2):
                save(db, Occupant(unit_id=room.id, name=f"Bewoner {n}-{p} Zoë", nationality="PL"))
        inspection = start_inspection(
            db, site.id, ["snf", "akf"], "Inspecteur Noël", now=dt.datetime(2025, 6, 12, 9, 0)
        )
        items = [i.id for i in checklist_items(inspection)]
        files = []
        for index in range(10):
            fmt = "PNG" if index % 2 else "JPEG"
            file = folder / f"foto-{index + 1:02d}.{fmt.lower().replace('jpeg', 'jpg')}"
            file.write_bytes(photo(index, fmt))
            files.append(file)
        severities = [Severity.CRITICAL, Severity.MAJOR, Severity.MINOR]
        for n in range(20):
            finding = add_finding(
                db,
                inspection.id,
                severities[n % 3],
                f"Bevinding {n + 1}: hygiëne en brandveiligheid onvoldoende, herstel vóór de termijn; kosten € {n}00",
                items[n % len(items)],
                unit_id=house.id,
            )
            if n < 10:
                attach_file(db, finding.id, files[n])
            if n % 4 == 0:  # the same photo again on another finding
                attach_file(db, finding.id, files[(n + 3) % 10])
    db.close()
    return path, inspection.id


def measure(keep: Path | None = None) -> list[Figure]:
    """Median time to render the PDF report of a 20-finding, 10-photo inspection."""
    with tempfile.TemporaryDirectory() as temp:
        path, inspection_id = build(Path(temp))
        db = open_db(path)
        timings, cpu, size, data = [], [], 0, b""
        for _ in range(RUNS):
            start, start_cpu = time.perf_counter(), time.process_time()
            report = build_report(db, inspection_id)
            data = render_pdf(report, load_photos(db, report))
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            size = len(data)
        db.close()
    if keep is not None:
        keep.write_bytes(data)
    median = statistics.median(timings)
    # CPU time next to wall time: on a busy machine the wall time says more about the load.
    return [
        Figure(
            "report PDF, 20 findings, 10 photos 1024×768",
            median,
            "s",
            "< 1 s",
            median < TARGET_SECONDS,
            f"{RUNS} runs, min {min(timings):.3f} s, CPU {statistics.median(cpu):.3f} s, {size / 1000:.0f} kB",
        )
    ]


def main() -> int:
    figures = measure(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    for figure in figures:
        print(figure.line())
    return 0 if all(f.ok is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
