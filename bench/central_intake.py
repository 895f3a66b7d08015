"""Central intake benchmark: bundles from many devices into PostgreSQL, against a COPY floor.

    python bench/central_intake.py [--devices 20] [--bundles-per 10] [--revisions-per 500] [--url URL]

Makes the bundles (each device's sites, new ones and edits of earlier ones), starts a private
PostgreSQL with pgserver (or uses --url / $INSPECT_TUI_TEST_PG_URL) and prints one line each:

* intake of every bundle by one process, and its ratio to the floor: the same rows written with
  COPY into the same tables (target: at most 4×);
* the same bundles taken in by 4 concurrent intake processes, every bundle given to two of
  them (target: the same final state, no slower than one process);
* a pull of one device's records;
* the peak memory (max RSS) of an intake process (target: under 300 MB).

Self-contained: needs only the `central` extra. Defaults: 200 bundles, 100,000 revisions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
import uuid
import warnings
from pathlib import Path

from nacl.signing import SigningKey

from inspect_tui.central.intake import intake_one
from inspect_tui.central.keys import init_keys, load_signing_key
from inspect_tui.central.pull import Selection, pull
from inspect_tui.central.store.connect import CentralDb, connect
from inspect_tui.central.store.migrations import migrate
from inspect_tui.domain.models import Site
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.revisions import make_rev
from inspect_tui.sync.bag import BagWriter
from inspect_tui.sync.layout import FORMAT_NAME, FORMAT_VERSION, KINDS, kind_member


def make_bundles(folder: Path, devices: int, bundles_per: int, revisions_per: int) -> tuple[list[Path], int]:
    """Per device: each bundle brings new sites and edits of the sites of its previous bundle."""
    paths: list[Path] = []
    total = 0
    when = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
    for d in range(devices):
        key = SigningKey(hashlib.sha256(f"device {d}".encode()).digest())
        device = f"bench-device-{d:02d}"
        previous: list[tuple[str, str, dict[str, object]]] = []
        seq = 0
        for b in range(bundles_per):
            lines: list[str] = []
            current: list[tuple[str, str, dict[str, object]]] = []
            edits = previous[: revisions_per // 2]
            for record_id, base, data in edits:
                changed = {**data, "notes": f"bundle {b}"}
                text = canonical_json(changed)
                rev = make_rev("sites", record_id, int(base.split("-")[0]) + 1, base, (), False, text)
                lines.append(_line(rev, base, device, changed))
                current.append((record_id, rev, changed))
            for n in range(revisions_per - len(edits)):
                site = Site(
                    id=str(uuid.UUID(bytes=hashlib.sha256(f"{d}/{b}/{n}".encode()).digest()[:16], version=4)),
                    name=f"Locatie {d}-{b}-{n}",
                    city=("Venlo", "Oss", "Horst", "Tilburg")[n % 4],
                )
                data = site.model_dump(mode="json")
                rev = make_rev("sites", site.id, 1, None, (), False, canonical_json(data))
                lines.append(_line(rev, None, device, data))
                current.append((site.id, rev, data))
            previous = current
            path = folder / f"{device}-{b:03d}.zip"
            _write(path, key, device, seq + 1, seq + len(lines), lines, when)
            seq += len(lines)
            total += len(lines)
            paths.append(path)
    return paths, total


def _line(rev: str, base: str | None, device: str, data: dict[str, object]) -> str:
    gen = int(rev.split("-")[0])
    envelope = {
        "rev": rev,
        "gen": gen,
        "base_rev": base,
        "merged": [],
        "ancestors": [base] if base else [],
        "origin": device,
        "deleted": False,
        "record": data,
    }
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False) + "\n"


def _write(
    path: Path, key: SigningKey, device: str, first: int, last: int, lines: list[str], when: dt.datetime
) -> None:
    with open(path, "wb") as handle:
        writer = BagWriter(handle, when=when)
        for kind in KINDS:
            with writer.payload(kind_member(kind)) as member:
                if kind == "sites":
                    member.write("".join(lines).encode())
        info = [
            ("Bundle-Format", FORMAT_NAME),
            ("Bundle-Format-Version", str(FORMAT_VERSION)),
            ("Bundle-Id", str(uuid.uuid4())),
            ("Device-Id", device),
            ("Seq-From", str(first)),
            ("Seq-To", str(last)),
            ("Created", when.isoformat()),
            *[(f"Count-{kind.capitalize()}", str(len(lines) if kind == "sites" else 0)) for kind in KINDS],
            ("Personal-Data", "plain"),
        ]
        writer.finish(info, key)


class Server:
    """Fresh databases on one server."""

    def __init__(self, url: str | None) -> None:
        import psycopg

        self.psycopg = psycopg
        self.folder: Path | None = None
        if url is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import pgserver

                self.folder = Path(tempfile.mkdtemp(prefix="central-bench-pg-"))
                self.server = pgserver.get_server(self.folder / "pgdata", cleanup_mode="delete")
            url = str(self.server.get_uri())
        self.admin = url

    def database(self, name: str) -> str:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        with self.psycopg.connect(self.admin, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        params = conninfo_to_dict(self.admin)
        params["dbname"] = name
        return make_conninfo(**params)

    def close(self) -> None:
        if self.folder is not None:
            self.server.cleanup()
            shutil.rmtree(self.folder, ignore_errors=True)


def fresh(server: Server, name: str, keys: Path) -> tuple[str, CentralDb]:
    url = server.database(name)
    db = connect(url)
    migrate(db)
    init_keys(db, keys / f"{name}.sign", keys / f"{name}.seal")
    return url, db


def heads(db: CentralDb) -> str:
    rows = db.pg('SELECT id, rev FROM sites ORDER BY id COLLATE "C"').fetchall()
    changes = db.pg('SELECT rev, leaf FROM changes ORDER BY rev COLLATE "C"').fetchall()
    return hashlib.sha256(json.dumps([rows, changes]).encode()).hexdigest()


def _intake_all(url: str, paths: list[str]) -> None:
    db = connect(url)
    for path in paths:
        result = intake_one(db, Path(path), trust_new=True)  # the bench's own devices
        if result.error:
            raise SystemExit(result.error)
    db.close()


def copy_floor(source: CentralDb, target: CentralDb) -> float:
    """The same rows COPY'd into the same tables (changes, superseded, heads)."""
    columns = "entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data"
    changes = source.pg(f"SELECT {columns} FROM changes ORDER BY seq").fetchall()
    superseded = source.pg("SELECT rev FROM superseded").fetchall()
    sites = source.pg("SELECT * FROM sites").fetchall()
    site_columns = [c.name for c in source.pg("SELECT * FROM sites LIMIT 0").description or []]
    began = time.perf_counter()
    with target.raw.transaction(), target.raw.cursor() as cursor:
        with cursor.copy(f"COPY changes ({columns}) FROM STDIN") as copy:
            for row in changes:
                copy.write_row(row)
        with cursor.copy("COPY superseded (rev) FROM STDIN") as copy:
            for row in superseded:
                copy.write_row(row)
        with cursor.copy(f"COPY sites ({', '.join(site_columns)}) FROM STDIN") as copy:
            for row in sites:
                copy.write_row(row)
    return time.perf_counter() - began


def line(name: str, value: float, unit: str, target: str, ok: bool | None) -> str:
    verdict = "" if ok is None else ("ok" if ok else "MISS")
    return f"{name:<52} {value:>10.2f} {unit:<9} {target:<12} {verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--bundles-per", type=int, default=10)
    parser.add_argument("--revisions-per", type=int, default=500)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--url", default=os.environ.get("INSPECT_TUI_TEST_PG_URL"))
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="central-bench-"))
    server = Server(options.url)
    missed = 0
    try:
        paths, total = make_bundles(work, options.devices, options.bundles_per, options.revisions_per)
        names = [str(p) for p in paths]
        print(f"{len(paths)} bundles from {options.devices} devices, {total:,} revisions")
        print(f"{'benchmark':<52} {'value':>10} {'unit':<9} {'target':<12} result")
        url, one = fresh(server, "bench_one", work)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        began = time.perf_counter()
        process = multiprocessing.get_context("spawn").Process(target=_intake_all, args=(url, names))
        process.start()
        process.join()
        single = time.perf_counter() - began
        peak_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
        if process.exitcode != 0:
            raise SystemExit("intake failed")
        _, floor_db = fresh(server, "bench_floor", work)
        floor = copy_floor(one, floor_db)
        ratio = single / floor
        print(line(f"intake, 1 process ({total:,} revisions)", single, "s", "", None))
        print(line("COPY floor (same rows, same tables)", floor, "s", "", None))
        print(line("intake / COPY floor", ratio, "x", "<= 4", ratio <= 4))
        missed += ratio > 4
        url4, four = fresh(server, "bench_four", work)
        # Every bundle goes to two of the processes (overlapping work), each in its own order.
        n = options.processes
        parts = [names[i * len(names) // n : (i + 1) * len(names) // n] for i in range(n)]
        orders = [parts[i] + parts[(i + 1) % n] for i in range(n)]
        began = time.perf_counter()
        workers = [multiprocessing.get_context("spawn").Process(target=_intake_all, args=(url4, o)) for o in orders]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        concurrent = time.perf_counter() - began
        same = heads(four) == heads(one) and all(w.exitcode == 0 for w in workers)
        print(line(f"intake, {options.processes} concurrent processes, overlapping", concurrent, "s",
                   f"<= {single:.1f}", concurrent <= single * 1.1))  # fmt: skip
        print(line("  same final state as one process", 1.0 if same else 0.0, "yes=1", "1", same))
        missed += (not same) + (concurrent > single * 1.1)
        key = load_signing_key(one, work / "bench_one.sign")
        began = time.perf_counter()
        result = pull(one, work / "pull.zip", key, Selection(device="bench-device-00"))
        pulled = time.perf_counter() - began
        count = sum(result.counts.values()) if result else 0
        print(line(f"pull of one device ({count:,} revisions)", pulled, "s", "", None))
        print(line("peak memory of an intake process (max RSS)", peak_mb, "MB", "< 300", peak_mb < 300))
        missed += peak_mb >= 300
        for db in (one, floor_db, four):
            db.close()
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
