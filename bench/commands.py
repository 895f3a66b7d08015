"""Read-only commands as a user runs them: whole processes, against sqlite3 doing the same query.

Each command runs in a fresh process (interpreter start, imports, query, output), paired with
the `sqlite3` command-line program running the same query on the same file (or, where that
program is not installed, a `python -c` script using the sqlite3 module: the line says which).
Pairs alternate A B A B …; the figure is the median of the per-pair ratios.

- stats: the record counts of every kind (the same ten COUNT(*) queries);
- findings: the findings of the busiest day (the same joins, then the addresses of their sites by
  id, as the command reads them; the command also renders them);
- list inspections / list findings: those of the busiest day (the same query and joins; `list
  findings` shows no address and reads none);
- list sites: every site with its last inspection and its number of inspections (the same query).

Three diagnostic lines time the floor the same way. The first two are paired with sqlite3 running the findings queries:
the interpreter of the same installation starting and doing nothing (`python -c pass`: its site
set-up and .pth files included), and that plus what the installed script itself imports before it
calls inspect-tui (pip's generated script runs `import re, sys`; uv's runs `import sys` only, so
its floor is the first line). The third is that script's imports, python's sqlite3 module
running the `list inspections` query and printing its rows, paired with sqlite3 running it: the
least a Python program started that way does for the answer. Their note says how inspect-tui is installed (editable or regular,
from its PEP 610 record): the README installs it editable. `--command` times another script,
such as one uv installed.

Children run with the bytecode cache allowed (PYTHONDONTWRITEBYTECODE unset; the warm-up run
writes it), as for a user whose installed program was compiled when it was installed: without
the cache every run compiles the modules it imports again.

Run: python bench/commands.py DB [--pairs 15]   (target: within 2× of sqlite3)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import terminal
from figures import Figure, machine
from terminal import app_command

TARGET = 2.0

STATS_SQL = (
    "SELECT "
    + ", ".join(
        f"(SELECT COUNT(*) FROM {t})"
        for t in (
            "sites",
            "units",
            "occupants",
            "inspections",
            "answers",
            "findings",
            "attachments",
            "reviews",
            "conflicts",
            "changes",
        )
    )
    + ";"
)

FINDINGS_SQL = """
SELECT i.started_at, i.site_id, s.name, u.label, i.inspector, i.id, f.item_id, a.figure,
       f.severity, f.description, f.deadline, f.status,
       (SELECT COUNT(*) FROM attachments t WHERE t.finding_id = f.id)
FROM findings f
JOIN inspections i ON i.id = f.inspection_id
JOIN sites s ON s.id = i.site_id
LEFT JOIN units u ON u.id = f.unit_id
LEFT JOIN answers a ON a.inspection_id = f.inspection_id AND a.item_id = f.item_id
WHERE i.started_at >= '{day}' AND i.started_at < '{day}~'
ORDER BY s.name, i.id, f.severity;
"""

ADDRESSES_SQL = (
    "SELECT id, street, house_number, house_letter, house_addition, postcode, city, country "
    "FROM sites WHERE id IN ({ids});"
)
"""The command's second query: the address columns of the sites with findings that day, by id."""

LIST_INSPECTIONS_SQL = """
SELECT i.id, i.started_at, i.status, i.inspector, s.id, s.name, s.city,
       (SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id AND f.status = 'open')
FROM inspections i JOIN sites s ON s.id = i.site_id
WHERE 1 AND i.started_at >= '{day}' AND i.started_at < '{day}~'
ORDER BY i.started_at DESC, i.id DESC;
"""

LIST_SITES_SQL = """
SELECT s.id, s.name, s.city, s.kind,
       (SELECT MAX(i.started_at) FROM inspections i WHERE i.site_id = s.id),
       (SELECT COUNT(*) FROM inspections i WHERE i.site_id = s.id)
FROM sites s
WHERE 1
ORDER BY s.name COLLATE NOCASE, s.id;
"""


def sqlite_floor(db: Path, sql: str) -> tuple[list[str], str]:
    """The floor's command line, and what it is."""
    binary = shutil.which("sqlite3")
    if binary:
        return [binary, "-readonly", str(db), sql], "the sqlite3 program"
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1] + '?mode=ro', uri=True); "
        "[print(*r, sep='|') for r in c.execute(sys.argv[2])]"
    )
    return [sys.executable, "-c", script, db.resolve().as_uri(), sql], "python's sqlite3 module (no sqlite3 program)"


def busiest_day(db: Path) -> str:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT substr(started_at, 1, 10) AS day FROM inspections GROUP BY day ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    if row is None:
        raise SystemExit(f"{db} has no inspections")
    return str(row[0])


def findings_with_addresses_sql(db: Path, day: str) -> str:
    """FINDINGS_SQL and then ADDRESSES_SQL for the ids the findings query gives, as the command runs them."""
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        ids = sorted(str(row[1]) for row in connection.execute(FINDINGS_SQL.format(day=day)))
    finally:
        connection.close()
    listed = ", ".join("'" + site_id.replace("'", "''") + "'" for site_id in dict.fromkeys(ids))
    return FINDINGS_SQL.format(day=day) + ADDRESSES_SQL.format(ids=listed or "NULL")


CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=CHILD_ENV)
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:6])} … failed: {result.stderr.decode(errors='replace')}")
    return elapsed, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def paired(
    command: list[str], floor: list[str], pairs: int
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    run(command)  # warm the file cache and the bytecode once
    run(floor)
    mine, theirs = [], []
    for _ in range(pairs):
        mine.append(run(command))
        theirs.append(run(floor))
    return mine, theirs


def interpreter(command: list[str]) -> list[str]:
    """The interpreter the timed command runs in: its script's #! line, else this one."""
    try:
        with open(command[0], "rb") as handle:
            first = handle.readline()
    except OSError:
        first = b""
    return first[2:].decode().split() if first.startswith(b"#!") else [sys.executable]


INSTALLATION_PROBE = (
    "import importlib.metadata as m, json; "
    "d = next(d for d in m.distributions(name='inspect-tui') if d.read_text('direct_url.json')); "
    "url = json.loads(d.read_text('direct_url.json')); "
    "finder = any(str(f).endswith('_finder.py') for f in d.files or []); "
    "print('editable' if url.get('dir_info', {}).get('editable') else 'regular', 'finder' if finder else 'path')"
)


def installation(python: list[str]) -> str:
    """How inspect-tui is installed for that interpreter, from its PEP 610 record (direct_url.json;
    an editable install also finds the project's own egg-info, which has none)."""
    done = subprocess.run([*python, "-c", INSTALLATION_PROBE], capture_output=True, text=True, check=False)
    kind = done.stdout.split()
    if done.returncode != 0 or len(kind) != 2:
        return "installation unknown"
    if kind[0] == "regular":
        return "regular install (pip install .)"
    way = "setuptools' import finder in a .pth" if kind[1] == "finder" else "its folder as a path entry"
    return f"editable install (pip install -e .), {way}"


def _figure(name: str, mine: list[tuple[float, float]], theirs: list[tuple[float, float]], what: str) -> Figure:
    ratio = statistics.median([a[0] / b[0] for a, b in zip(mine, theirs, strict=True)])
    cpu = statistics.median([a[1] / max(b[1], 1e-4) for a, b in zip(mine, theirs, strict=True)])
    return Figure(
        name,
        ratio,
        f"× {'sqlite3' if 'program' in what else 'floor'}",
        f"≤ {TARGET:g}",
        ratio <= TARGET,
        f"{len(mine)} pairs; medians {statistics.median(a[0] for a in mine) * 1000:.0f} ms vs "
        f"{statistics.median(b[0] for b in theirs) * 1000:.0f} ms for {what}, same query; "
        f"CPU {statistics.median(a[1] for a in mine) * 1000:.0f} ms vs "
        f"{statistics.median(b[1] for b in theirs) * 1000:.0f} ms ({cpu:.2f}×)",
    )


PYTHON_QUERY = (
    "import re, sys, sqlite3; c = sqlite3.connect(sys.argv[1] + '?mode=ro', uri=True); "
    "sys.stdout.write(''.join('|'.join(map(str, r)) + '\\n' for r in c.execute(sys.argv[2])))"
)
"""What any Python program started by pip's script does at least to answer `list inspections`:
the script's imports, the sqlite3 module, the same query, its rows printed (no formatting)."""


def floor_figures(db: Path, day: str, pairs: int) -> list[Figure]:
    """Diagnostics: the interpreter of the same installation doing nothing, and doing what the
    installed script does before it calls inspect-tui, against sqlite3 running the findings query."""
    python = interpreter(app_command())
    floor, what = sqlite_floor(db, findings_with_addresses_sql(db, day))
    how = installation(python)
    figures = []
    for name, code in (("python -c pass", "pass"), ("+ the script's import re, sys", "import re, sys")):
        mine, theirs = paired([*python, "-c", code], floor, pairs)
        timed = _figure(f"diagnostic: floor: {name}", mine, theirs, f"{what} (findings)")
        note = timed.note.replace(", same query", "")
        figures.append(Figure(timed.name, timed.value, timed.unit, "-", None, f"{note}; {how}"))
    sql = LIST_INSPECTIONS_SQL.format(day=day)
    floor, what = sqlite_floor(db, sql)
    mine, theirs = paired([*python, "-c", PYTHON_QUERY, db.resolve().as_uri(), sql], floor, pairs)
    timed = _figure("diagnostic: floor: + sqlite3 module, list's query", mine, theirs, f"{what} (list inspections)")
    figures.append(Figure(timed.name, timed.value, timed.unit, "-", None, f"{timed.note}; {how}"))
    return figures


def measure(db: Path, pairs: int = 15) -> list[Figure]:
    figures = []
    day = busiest_day(db)
    cases = [
        ("stats", [*app_command(), "--db", str(db), "stats"], STATS_SQL),
        (
            f"findings --date {day}",
            [*app_command(), "--db", str(db), "findings", "--date", day],
            findings_with_addresses_sql(db, day),
        ),
        (
            "list inspections (a day)",
            [*app_command(), "--db", str(db), "list", "inspections", "--from", day, "--to", day],
            LIST_INSPECTIONS_SQL.format(day=day),
        ),
        ("list sites", [*app_command(), "--db", str(db), "list", "sites"], LIST_SITES_SQL),
        (
            "list findings (a day)",
            [*app_command(), "--db", str(db), "list", "findings", "--from", day, "--to", day],
            FINDINGS_SQL.format(day=day),
        ),
    ]
    for name, command, sql in cases:
        floor, what = sqlite_floor(db, sql)
        mine, theirs = paired(command, floor, pairs)
        figures.append(_figure(f"command `{name}`, {db.name}", mine, theirs, what))
    return figures + floor_figures(db, day, pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--command", help="the command to time instead of the installed inspect-tui (split on spaces)")
    options = parser.parse_args()
    if options.command:
        terminal.COMMAND[:] = options.command.split()
    for figure in measure(options.db, options.pairs):
        print(figure.line(), flush=True)
    print(machine(), flush=True)


if __name__ == "__main__":
    main()
