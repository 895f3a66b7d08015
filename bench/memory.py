"""Peak memory: importing a bundle of 100,000 records, and browsing a large database.

Each is measured in a fresh process (its peak resident set size, as the kernel counts it):

- import: a bundle of 1,640 inspections × 60 answers plus a site (about 100,000 records)
  imported into a new database; target < 300 MB;
- browsing: the app, headless, on a large database: the home list paged to its 600th row,
  a search, the team lead's review of the busiest day with its findings table paged, and
  an inspection's checklist; target < 200 MB.

Run: python bench/memory.py LARGE_DB
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from figures import Figure

IMPORT_TARGET_MB = 300
BROWSE_TARGET_MB = 200
IMPORT_INSPECTIONS = 1_640


def _peak_mb() -> float:
    """This process's peak resident set (VmHWM: reset by exec, unlike ru_maxrss, which keeps
    the size of the process that forked it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_import(bundle: Path, db_path: Path) -> None:
    from inspect_tui.store import open_db
    from inspect_tui.sync.importer import import_bundles

    db = open_db(db_path, create=True)
    receipts = import_bundles(db, [bundle], snapshot=None, trust_new=True)
    db.conn.close()
    print(f"{_peak_mb():.1f} {sum(receipts[0].total(k) for k in ('new',))}")


async def _browse(db: Path) -> None:
    import datetime as dt

    from ui_lists import _until, busiest_day

    from inspect_tui.tui.app import make_app
    from inspect_tui.tui.screens.checklist import ChecklistScreen
    from inspect_tui.tui.screens.review import ReviewScreen

    day = busiest_day(db)
    app = make_app(db, lang="en", clock=lambda: dt.datetime.combine(day, dt.time(17, 0)))
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        await _until(pilot, lambda: home.inspections.loaded_once, "the home list")  # type: ignore[attr-defined]
        for _ in range(5):
            await pilot.press("end")
            await _until(pilot, lambda: not home.inspections._loading, "the next page")  # type: ignore[attr-defined]
        home._search("ven")  # type: ignore[attr-defined]
        await _until(pilot, lambda: not home.inspections._loading, "a search")  # type: ignore[attr-defined]
        review = ReviewScreen(day)
        await app.push_screen(review)
        await _until(pilot, lambda: review.findings.loaded_once, "the review")
        review.findings.focus()
        for _ in range(3):
            await pilot.press("end")
            await pilot.pause(0.2)
        await app.pop_screen()
        inspection = home.inspections.selected()  # type: ignore[attr-defined]
        if inspection is not None:
            app.open_inspection(inspection.id)
            await _until(
                pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None, "a checklist"
            )


def child_browse(db: Path) -> None:
    asyncio.run(_browse(db))
    print(f"{_peak_mb():.1f}")


def _run_child(*args: str) -> list[str]:
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"memory child {args[0]} failed:\n{result.stderr[-2000:]}")
    return result.stdout.split()


def measure(large: Path) -> list[Figure]:
    from bundle import populate

    from inspect_tui.store import open_db
    from inspect_tui.sync.export import export_bundle
    from inspect_tui.sync.keys import ensure_signing_key

    with tempfile.TemporaryDirectory(prefix="inspect-memory-") as folder:
        root = Path(folder)
        populate(root / "source.db", IMPORT_INSPECTIONS)
        source = open_db(root / "source.db")
        result = export_bundle(
            source, root / "bundle.zip", ensure_signing_key(source, root / "source.db"), everything=True
        )
        source.conn.close()
        assert result is not None
        records = sum(result.counts.values())
        peak_import = float(_run_child("--child-import", str(root / "bundle.zip"), str(root / "target.db"))[0])
    peak_browse = float(_run_child("--child-browse", str(large))[0])
    return [
        Figure(
            f"peak memory importing a bundle of {records:,} records",
            peak_import,
            "MB",
            f"< {IMPORT_TARGET_MB} MB",
            peak_import < IMPORT_TARGET_MB,
            "whole process, fresh interpreter",
        ),
        Figure(
            f"peak memory browsing {large.name}",
            peak_browse,
            "MB",
            f"< {BROWSE_TARGET_MB} MB",
            peak_browse < BROWSE_TARGET_MB,
            "home paged, search, review, a checklist",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("large", type=Path, nargs="?")
    parser.add_argument("--child-import", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-browse", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child_import:
        child_import(*options.child_import)
        return
    if options.child_browse:
        child_browse(options.child_browse)
        return
    if options.large is None:
        parser.error("give the large database to browse")
    for figure in measure(options.large):
        print(figure.line())


if __name__ == "__main__":
    main()
