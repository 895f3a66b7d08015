"""The central bench counts a pull's revisions in the bundle itself, not in what the command prints
(a change of wording once made it report 0 revisions for a pull of 25,000)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_revisions_are_the_records_lines_in_every_part_without_segments(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from central_intake import revisions_in
    finally:
        sys.path.remove(str(BENCH))
    bundle = tmp_path / "pull.zip"
    with zipfile.ZipFile(bundle, "w") as zipped:
        zipped.writestr("bag-info.txt", "Count-sites: 2\n")
        zipped.writestr("data/sites.jsonl", '{"rev": "a"}\n{"rev": "b"}\n')
        zipped.writestr("data/answers.jsonl", '{"rev": "c"}\n')
        zipped.writestr("data/answers-0002.jsonl", '{"rev": "d"}\n{"rev": "e"}\n\n')
        zipped.writestr("data/segments.jsonl", '{"seg": 1}\n{"seg": 2}\n')
        zipped.writestr("data/roster.json", "{}")
    assert revisions_in(bundle) == 5
