"""Central intake benchmark: bundles from many devices into PostgreSQL, against a COPY floor.

    python bench/central_intake.py [--devices 20] [--bundles-per 10] [--revisions-per 500] [--pairs 3]

Also the "central" lines of bench/run.py. Makes the bundles (per device, each bundle brings new
sites each with an inspection, and edits of the previous bundle's records), starts a private
PostgreSQL with pgserver (or uses $INSPECT_TUI_TEST_PG_URL) and, in pairs measured back to back
on fresh databases, times:

* `inspect-tui central intake --trust-new <every bundle>` as a whole process, against the floor:
  the same rows (revisions, superseded, head rows) written with COPY into the same tables in
  one transaction (target: at most 4×);
* 4 intake commands at once on one database, every bundle given to two of them (target: the
  same final state as one command, no slower than one);
* `central pull --team` for the team of the first five devices' inspectors;
* the peak memory (max RSS) of the intake process (target: under 300 MB).

Each figure is the median over the pairs (ratios per pair). Defaults: 200 bundles from 20
devices, 100,000 revisions; 3 to 6 minutes per pair on a busy 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
import zipfile
from pathlib import Path

from figures import Figure, machine, median
from nacl.signing import SigningKey

from inspect_tui.central.keys import init_keys
from inspect_tui.central.store.connect import CentralDb, connect
from inspect_tui.central.store.migrations import migrate
from inspect_tui.domain.models import Inspection, Site
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.revisions import make_rev
from inspect_tui.sync.bag import BagWriter
from inspect_tui.sync.layout import FORMAT_NAME, FORMAT_VERSION, KINDS, kind_member

TEAM = "noord"
TEAM_DEVICES = 5
"""The first five devices' inspectors form the team whose pull is timed."""


def inspector_of(device: int) -> str:
    return f"Inspecteur {device:02d}"


def make_bundles(folder: Path, devices: int, bundles_per: int, revisions_per: int) -> tuple[list[Path], int]:
    """Per device: each bundle brings new sites, each with an inspection, and edits of the previous bundle's."""
    paths: list[Path] = []
    total = 0
    when = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
    for d in range(devices):
        key = SigningKey(hashlib.sha256(f"device {d}".encode()).digest())
        device = f"bench-device-{d:02d}"
        previous: list[tuple[str, str, str, dict[str, object]]] = []
        seq = 0
        for b in range(bundles_per):
            lines: dict[str, list[str]] = {"sites": [], "inspections": []}
            current: list[tuple[str, str, str, dict[str, object]]] = []
            edits = previous[: revisions_per // 2]
            for kind, record_id, base, data in edits:
                changed = {**data, "notes": f"bundle {b}"}
                text = canonical_json(changed)
                rev = make_rev(kind, record_id, int(base.split("-")[0]) + 1, base, (), False, text)
                lines[kind].append(_line(rev, base, device, changed))
                current.append((kind, record_id, rev, changed))
            for n in range((revisions_per - len(edits)) // 2):
                site = Site(
                    id=str(uuid.UUID(bytes=hashlib.sha256(f"{d}/{b}/{n}".encode()).digest()[:16], version=4)),
                    name=f"Locatie {d}-{b}-{n}",
                    city=("Venlo", "Oss", "Horst", "Tilburg")[n % 4],
                )
                inspection = Inspection(
                    id=str(uuid.UUID(bytes=hashlib.sha256(f"i{d}/{b}/{n}".encode()).digest()[:16], version=4)),
                    site_id=site.id,
                    templates=["snf"],
                    inspector=inspector_of(d),
                    started_at=when,
                )
                for kind, record in (("sites", site), ("inspections", inspection)):
                    data = record.model_dump(mode="json")
                    rev = make_rev(kind, record.id, 1, None, (), False, canonical_json(data))
                    lines[kind].append(_line(rev, None, device, data))
                    current.append((kind, record.id, rev, data))
            previous = current
            path = folder / f"{device}-{b:03d}.zip"
            count = len(lines["sites"]) + len(lines["inspections"])
            _write(path, key, device, seq + 1, seq + count, lines, when)
            seq += count
            total += count
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
    path: Path, key: SigningKey, device: str, first: int, last: int, lines: dict[str, list[str]], when: dt.datetime
) -> None:
    with open(path, "wb") as handle:
        writer = BagWriter(handle, when=when)
        for kind in KINDS:
            with writer.payload(kind_member(kind)) as member:
                member.write("".join(lines.get(kind, [])).encode())
        info = [
            ("Bundle-Format", FORMAT_NAME),
            ("Bundle-Format-Version", str(FORMAT_VERSION)),
            ("Bundle-Id", str(uuid.uuid4())),
            ("Device-Id", device),
            ("Seq-From", str(first)),
            ("Seq-To", str(last)),
            ("Created", when.isoformat()),
            *[(f"Count-{kind.capitalize()}", str(len(lines.get(kind, [])))) for kind in KINDS],
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

    def drop(self, name: str) -> None:
        with self.psycopg.connect(self.admin, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

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


HEADS = ("sites", "inspections")


def heads(db: CentralDb) -> str:
    """A digest of the final state: head rows, revisions with their leaf flags, superseded, conflicts."""
    parts = [db.pg(f'SELECT id, rev FROM "{t}" ORDER BY id COLLATE "C"').fetchall() for t in HEADS]
    parts.append(db.pg('SELECT rev, leaf, origin FROM changes ORDER BY rev COLLATE "C"').fetchall())
    parts.append(db.pg('SELECT rev FROM superseded ORDER BY rev COLLATE "C"').fetchall())
    parts.append(
        db.pg('SELECT entity, record_id, leaves FROM conflicts ORDER BY entity, record_id COLLATE "C"').fetchall()
    )
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def copy_floor(source: CentralDb, target: CentralDb) -> float:
    """The same rows COPY'd into the same tables (changes, superseded, the head tables), one transaction."""
    columns = "entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data"
    changes = source.pg(f"SELECT {columns} FROM changes ORDER BY seq").fetchall()
    superseded = source.pg("SELECT rev FROM superseded").fetchall()
    tables = []
    for table in HEADS:
        rows = source.pg(f'SELECT * FROM "{table}"').fetchall()
        names = [c.name for c in source.pg(f'SELECT * FROM "{table}" LIMIT 0').description or []]
        tables.append((table, names, rows))
    began = time.perf_counter()
    with target.raw.transaction(), target.raw.cursor() as cursor:
        with cursor.copy(f"COPY changes ({columns}) FROM STDIN") as copy:
            for row in changes:
                copy.write_row(row)
        with cursor.copy("COPY superseded (rev) FROM STDIN") as copy:
            for row in superseded:
                copy.write_row(row)
        for table, names, rows in tables:
            with cursor.copy(f'COPY "{table}" ({", ".join(names)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
    return time.perf_counter() - began


def cli(url: str, *args: str) -> list[str]:
    return [sys.executable, "-c", "from inspect_tui.launch import main; main()", "central", "--url", url, *args]


def _peak_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (VmHWM: counted from its exec, not its fork)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for text in status:
                if text.startswith("VmHWM:"):
                    return int(text.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_intake(url: str, paths: list[str]) -> tuple[float, float]:
    """`inspect-tui central intake` as an operator runs it: (seconds, peak RSS in MB) of the process.

    The peak is read from /proc while the process runs (ru_maxrss of a child would include the
    parent's memory it was forked from, before exec).
    """
    began = time.perf_counter()
    process = subprocess.Popen(
        cli(url, "intake", "--trust-new", *paths), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _peak_mb(process.pid) or 0.0)
        time.sleep(0.1)
    took = time.perf_counter() - began
    if process.returncode != 0:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise SystemExit(f"intake failed: {error.strip().splitlines()[-1:]}")
    return took, peak


def run_concurrent(url: str, names: list[str], processes: int) -> float:
    """processes intake commands at once, every bundle given to two of them, each in its own order."""
    n = processes
    parts = [names[i * len(names) // n : (i + 1) * len(names) // n] for i in range(n)]
    orders = [parts[i] + parts[(i + 1) % n] for i in range(n)]
    began = time.perf_counter()
    running = [
        subprocess.Popen(cli(url, "intake", "--trust-new", *o), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for o in orders
    ]
    codes = [p.wait() for p in running]
    took = time.perf_counter() - began
    if any(codes):
        raise SystemExit("a concurrent intake failed")
    return took


def run_pull(url: str, key: Path, out: Path) -> tuple[float, int]:
    members = [inspector_of(d) for d in range(TEAM_DEVICES)]
    subprocess.run(cli(url, "team", TEAM, *members), check=True, stdout=subprocess.DEVNULL)
    began = time.perf_counter()
    subprocess.run(
        cli(url, "pull", "--team", TEAM, "--signing-key", str(key), "--out", str(out)),
        check=True,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - began
    return took, revisions_in(out)


def revisions_in(bundle: Path) -> int:
    """The revisions a bundle carries: its records' lines (data/KIND.jsonl and its numbered parts),
    counted in the file itself rather than read from what the command prints."""
    with zipfile.ZipFile(bundle) as zipped:
        names = [n for n in zipped.namelist() if n.startswith("data/") and n.endswith(".jsonl")]
        return sum(
            sum(1 for line in zipped.open(name) if line.strip())
            for name in names
            if not name.startswith("data/segments")
        )


def measure(
    pairs: int = 3, devices: int = 20, bundles_per: int = 10, revisions_per: int = 500, processes: int = 4
) -> list[Figure]:
    """The central lines of bench/run.py: intake against its floor, concurrent intakes, a team pull, memory."""
    work = Path(tempfile.mkdtemp(prefix="central-bench-"))
    server = Server(os.environ.get("INSPECT_TUI_TEST_PG_URL"))
    singles: list[float] = []
    floors: list[float] = []
    concurrents: list[float] = []
    pulls: list[float] = []
    peaks: list[float] = []
    same: list[bool] = []
    loads: list[float] = []
    pulled = 0
    try:
        paths, total = make_bundles(work, devices, bundles_per, revisions_per)
        names = [str(p) for p in paths]
        for pair in range(pairs):
            loads.append(os.getloadavg()[0])
            url, one = fresh(server, f"bench_one_{pair}", work)
            took, peak = run_intake(url, names)
            singles.append(took)
            peaks.append(peak)
            _, floor_db = fresh(server, f"bench_floor_{pair}", work)
            floors.append(copy_floor(one, floor_db))
            floor_db.close()
            server.drop(f"bench_floor_{pair}")
            url4, four = fresh(server, f"bench_four_{pair}", work)
            concurrents.append(run_concurrent(url4, names, processes))
            same.append(heads(four) == heads(one))
            four.close()
            server.drop(f"bench_four_{pair}")
            took, pulled = run_pull(url, work / f"bench_one_{pair}.sign", work / f"pull-{pair}.zip")
            pulls.append(took)
            print(
                f"  pair {pair + 1}: load {loads[-1]:.1f}, intake {singles[-1]:.1f} s, floor {floors[-1]:.2f} s, "
                f"ratio {singles[-1] / floors[-1]:.1f}, "
                f"{processes} at once {concurrents[-1]:.1f} s (same state: {same[-1]}), pull {took:.2f} s, "
                f"peak {peak:.0f} MB",
                file=sys.stderr,
                flush=True,
            )
            one.close()
            server.drop(f"bench_one_{pair}")
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)
    ratios = [s / f for s, f in zip(singles, floors, strict=True)]
    against = [c / s for c, s in zip(concurrents, singles, strict=True)]
    label = f"{len(paths)} bundles, {devices} devices, {total:,} revisions"
    ratio = median(ratios)
    spread = f"range {min(ratios):.1f}–{max(ratios):.1f}; load average {min(loads):.1f}–{max(loads):.1f}"
    return [
        Figure(
            "central intake / COPY floor",
            ratio,
            "× floor",
            "≤ 4",
            ratio <= 4,
            f"{label}; {pairs} pairs, {spread}; medians: intake {median(singles):.1f} s, floor {median(floors):.2f} s",
        ),
        Figure(
            f"central intake, {processes} processes at once / one",
            median(against),
            "× one",
            "≤ 1",
            median(against) <= 1 and all(same),
            f"every bundle given to two of them; median {median(concurrents):.1f} s, "
            f"range {min(against):.2f}–{max(against):.2f}; "
            f"same final state as one process: {sum(same)} of {len(same)}",
        ),
        Figure(
            f"central pull --team ({TEAM_DEVICES} inspectors)",
            median(pulls),
            "s",
            "",
            None,
            f"{pulled:,} revisions; whole process",
        ),
        Figure(
            "peak memory of a central intake process",
            max(peaks),
            "MB",
            "< 300 MB",
            max(peaks) < 300,
            f"max RSS over {pairs} runs, {total:,} revisions",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--bundles-per", type=int, default=10)
    parser.add_argument("--revisions-per", type=int, default=500)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--pairs", type=int, default=3)
    options = parser.parse_args()
    figures = measure(options.pairs, options.devices, options.bundles_per, options.revisions_per, options.processes)
    print(f"{'benchmark':<52} {'median':>10} {'unit':<9} {'target':<12} result")
    for figure in figures:
        print(figure.line())
    print(f"machine: {machine()}")
    return 1 if any(f.ok is False for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
