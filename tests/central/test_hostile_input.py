"""The central commands against hostile and mistaken input: every refusal is one line that says what
is wrong and what to do, never an unexpected error, and the database is as it was.

Each test here was a way to break a command: a bundle whose segment or roster line is nested
deeper than JSON reads, or signs a segment with a number that is no number; a roster that is a
device and never ends; a server address whose password the driver quotes back; a key or report
written where nothing can be written, or over a pipe; a norm a profile does not take; a name with
a terminal's escape in it.
"""

from __future__ import annotations

import base64
import os
import resource
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.db import get_meta
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import META_CENTRAL_PUBLIC, META_SIGNING_PUBLIC
from tests.helpers.bundles import Device, make_device, populate, rebag
from tests.helpers.central import Central, state

NESTED = b"[" * 100_000
"""Far deeper than Python's json reads (it raises RecursionError, not a ValueError)."""


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _one_line_error(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(("Error: ", "Fout: ")), output
    assert "unexpected" not in output and "Traceback" not in output, output
    return lines[0]


def _bundle(tmp_path: Path) -> tuple[Path, Device]:
    device = make_device(tmp_path / "eva.db")
    populate(device.db)
    result = export_bundle(device.db, tmp_path / "eva.zip", device.key, everything=True)
    assert result is not None
    return result.path, device


def _segment_of_another_number(device: Device) -> bytes:
    """A segment line signed by the device's own key, with a seq_from that is no number at all."""
    body = {
        "device": "device-x",
        "key": bytes(device.key.verify_key).hex(),
        "seq_from": {"not": "a number"},
        "seq_to": 1,
        "revs": [],
        "version": 2,
    }
    signature = base64.b64encode(device.key.sign(canonical_json(body).encode()).signature).decode()
    return canonical_json({"body": body, "signature": signature}).encode()


@pytest.mark.parametrize(
    ("member", "hostile"),
    [
        ("data/segments.jsonl", "nested"),
        ("data/segments.jsonl", "number"),
        ("data/roster.json", "nested"),
    ],
)
def test_a_hostile_line_in_a_bundle_refuses_that_bundle_and_the_next_one_still_comes_in(
    central: Central, tmp_path: Path, member: str, hostile: str
) -> None:
    good, device = _bundle(tmp_path)

    def payload(data: dict[str, bytes]) -> dict[str, bytes]:
        line = NESTED if hostile == "nested" else _segment_of_another_number(device)
        data[member] = line + b"\n" + data.get(member, b"") if member.endswith(".jsonl") else line
        return data

    bad = tmp_path / "inbox" / "a-hostile.zip"
    bad.parent.mkdir()
    bad.write_bytes(rebag(good, device.key, payload=payload, info={"Bundle-Id": str(uuid.uuid4())}))
    (tmp_path / "inbox" / "b-good.zip").write_bytes(good.read_bytes())
    code, output = _cli(*central.options(), "intake", "--trust-new", "--trust-role", "lead", str(tmp_path / "inbox"))
    assert code == 1, output
    assert "unexpected" not in output and "Traceback" not in output, output
    refused = [line for line in output.splitlines() if line.startswith("Refused: ")]
    assert len(refused) == 1 and "a-hostile.zip" in refused[0] and member in refused[0], output
    assert "Imported: " in output and "b-good.zip" in output, output
    assert "1 of 2 bundles taken in" in output, output


@pytest.mark.parametrize(
    ("content", "said"),
    [
        pytest.param(NESTED, "is not a valid roster: its JSON is nested too deeply", id="nested"),
        pytest.param(b'{"signature": "AAAA"}', "is not a valid roster: the field 'body' is missing", id="no-body"),
        pytest.param(b'{"body": {}, "signature": "\xe9"}', "cannot read the roster", id="not-utf8"),
    ],
)
def test_a_roster_file_that_is_no_roster_is_one_line_saying_why(
    central: Central, tmp_path: Path, content: bytes, said: str
) -> None:
    roster = tmp_path / "team.roster"
    roster.write_bytes(content)
    before = state(central.db)
    code, output = _cli(*central.options(), "roster-pin", str(roster))
    assert code == 1
    line = _one_line_error(output)
    assert said in line, line
    assert "codec" not in line and "0xe9" not in line, line
    assert state(central.db) == before


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_roster_that_never_ends_is_refused_by_its_size_without_reading_on(central: Central) -> None:
    """/dev/zero (or a pipe) as the roster: read as a whole it would eat all memory; the command is
    held to a memory limit, so the old way fails here instead of taking the machine down."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    command = [sys.executable, "-c", "from inspect_tui.launch import main; main()", "--lang", "en", *central.options()]
    done = subprocess.run(
        [*command, "roster-pin", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_memory,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == "Error: /dev/zero is larger than 1,048,576 bytes", done.stderr


@pytest.mark.parametrize("where", ["--url", "env"])
def test_a_password_in_an_address_the_driver_cannot_read_is_not_shown(
    monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    url = "postgresql://inspecteur:Geheim-7731@[::1"  # an IPv6 host without its closing bracket
    if where == "env":
        monkeypatch.setenv("INSPECT_TUI_CENTRAL_URL", url)
        code, output = _cli("central", "stats")
    else:
        code, output = _cli("central", "--url", url, "stats")
    assert code == 1
    line = _one_line_error(output)
    assert line.startswith("Error: cannot reach the central database: "), line
    assert "Geheim-7731" not in line and "inspecteur:***@" in line, line


def test_an_address_without_a_scheme_is_refused_without_its_password() -> None:
    code, output = _cli("central", "--url", "ab:Geheim-7731@db.example/inspect", "stats")
    assert code == 1
    line = _one_line_error(output)
    assert "must look like postgresql://" in line and "Geheim" not in line, line


@pytest.mark.parametrize("how", ["folder not writable", "write refused"])
def test_init_refuses_a_key_it_cannot_write_in_one_line_and_records_no_key(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Running as root, a folder's mode does not stop a write: the system's answers are given here."""
    import errno

    from inspect_tui.central.store.connect import connect

    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    signing = locked / "central.signing-key"
    if how == "folder not writable":
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != locked and real_access(p, mode, **kw))
    else:
        real_open = os.open

        def refusing_open(p: object, flags: int, *args: object, **kw: object) -> int:
            if Path(str(p)) == signing:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(p))
            return real_open(p, flags, *args, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refusing_open)
    code, output = _cli(
        "central", "--url", pg_url, "init", "--signing-key", str(signing), "--sealing-key", str(tmp_path / "s.key")
    )
    assert code == 1
    line = _one_line_error(output)
    assert line.startswith(f"Error: cannot write the signing key {signing}: "), line
    assert line.endswith("; give a file in a folder you can write to"), line
    assert not signing.exists()
    db = connect(pg_url)
    try:
        assert get_meta(db.as_store(), META_SIGNING_PUBLIC) is None
        assert get_meta(db.as_store(), META_CENTRAL_PUBLIC) is None
    finally:
        db.close()


def test_a_report_to_a_device_is_written_to_it_and_the_device_stays(central: Central, tmp_path: Path) -> None:
    null = tmp_path / "report.out"
    null.symlink_to(os.devnull)  # the device itself, through a name in the test's own folder
    code, output = _cli(*central.options(), "report", "--format", "md", "--out", str(null))
    assert code == 0, output
    assert null.is_symlink() and null.resolve() == Path(os.devnull)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys", "report.out"]


def test_a_report_that_cannot_be_written_names_the_file_asked_for(central: Central, tmp_path: Path) -> None:
    """250 characters make a name the disk takes, but not the temporary name beside it."""
    out = tmp_path / ("r" * 247 + ".md")
    code, output = _cli(*central.options(), "report", "--out", str(out))
    assert code == 1
    line = _one_line_error(output)
    assert line == f"Error: cannot write {out}: the name is too long; choose another --out", line
    assert ".tmp" not in line
    assert [p.name for p in tmp_path.iterdir()] == ["keys"]


def test_a_norm_for_a_profile_that_takes_none_is_refused_not_claimed_in_the_share(
    central: Central, tmp_path: Path
) -> None:
    out = tmp_path / "venlo.zip"
    before = state(central.db)
    code, output = _cli(
        *central.options(),
        "share",
        "--profile",
        "municipality",
        "--norm",
        "snf",
        "--out",
        str(out),
        "--signing-key",
        str(central.signing_key),
    )
    assert code == 1
    line = _one_line_error(output)
    assert line == (
        "Error: the municipality profile takes no --norm (only a certification scheme's profile does); leave --norm out"
    ), line
    assert not out.exists() and not out.with_suffix(".xlsx").exists()
    assert state(central.db) == before
    assert central.db.pg("SELECT COUNT(*) FROM bundles").fetchone() == (0,)


@pytest.mark.parametrize("command", ["pull", "share"])
def test_an_out_in_a_missing_folder_says_the_mkdir(central: Central, tmp_path: Path, command: str) -> None:
    folder = tmp_path / "weg"
    extra = ["--profile", "ggd"] if command == "share" else []
    code, output = _cli(
        *central.options(), command, *extra, "--out", str(folder / "a.zip"), "--signing-key", str(central.signing_key)
    )
    assert code == 1
    line = _one_line_error(output)
    assert line == f"Error: the folder {folder} does not exist; make it first: mkdir -p {folder}", line


@pytest.mark.parametrize("name", ["q1", "q1.xlsx", "q1.csv"])
def test_a_share_named_other_than_zip_is_refused_with_the_name_to_give(
    central: Central, tmp_path: Path, name: str
) -> None:
    """A share is a zip with its workbook beside it: "q1" wrote a zip named q1 (and q1.xlsx)."""
    out = tmp_path / name
    code, output = _cli(
        *central.options(), "share", "--profile", "ggd", "--out", str(out), "--signing-key", str(central.signing_key)
    )
    assert code == 1
    line = _one_line_error(output)
    assert line == f"Error: {out}: the share is a zip with a workbook beside it; name it .zip (the workbook gets .xlsx)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys"]


@pytest.mark.parametrize(
    ("team", "name", "said"),
    [
        pytest.param(
            "noord",
            "Eva\x1b[2J de Vries",
            "the inspector's name Eva\\x1b[2J de Vries: a control character (U+001B)",
            id="esc",
        ),
        pytest.param(
            "noord", "Eva\nde Vries", "the inspector's name Eva\\x0ade Vries: a line break or tab (U+000A)", id="lf"
        ),
        pytest.param("no\x9bord", "Eva de Vries", "the team's name no\\x9bord: a control character (U+009B)", id="csi"),
    ],
)
def test_a_name_with_a_control_character_is_refused_and_not_shown_raw(
    central: Central, team: str, name: str, said: str
) -> None:
    code, output = _cli(*central.options(), "team", team, name)
    assert code == 1
    line = _one_line_error(output)
    assert line.startswith("Error: " + said), line
    assert "\x1b" not in output and "\x9b" not in output
    assert central.db.pg("SELECT COUNT(*) FROM team_members").fetchone() == (0,)


def test_a_click_refusal_of_a_file_for_a_folder_is_all_dutch(tmp_path: Path) -> None:
    file = tmp_path / "data"
    file.write_text("")
    code, output = _cli("--lang", "nl", "central", "--embedded", str(file), "stats")
    assert code == 2
    line = output.strip()
    assert "is a file" not in line and "is een bestand" in line, line


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_server_gone_mid_intake_stops_it_in_one_error_not_a_refusal_per_bundle(
    central: Central, pg_url: str, tmp_path: Path, jobs: int
) -> None:
    """Every bundle after a lost connection would fail too: saying each was refused ("Refused: …") would
    have the operator throw good bundles away."""
    import psycopg

    from inspect_tui.central.errors import CentralError
    from inspect_tui.central.intake import intake
    from inspect_tui.central.store.connect import connect

    first, _device = _bundle(tmp_path)
    second = make_device(tmp_path / "piet.db")
    populate(second.db)
    other = export_bundle(second.db, tmp_path / "piet.zip", second.key, everything=True)
    assert other is not None
    db = connect(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [db.raw.info.backend_pid])
    results: list[object] = []
    with pytest.raises(CentralError) as refused:
        results.extend(intake(db, [first, other.path], trust_new=True, trust_role="lead", jobs=jobs))
    db.close()
    assert results == []
    said = str(refused.value)
    assert said.startswith(f"lost the connection to the central database at {first} ("), said
    assert said.endswith("Run the same intake again once the server is up: what came in is skipped"), said
    assert central.db.pg("SELECT COUNT(*) FROM bundles").fetchone() == (0,)


def test_a_report_takes_its_format_from_the_out_name_and_refuses_a_contradiction(
    central: Central, tmp_path: Path
) -> None:
    """`--out h1.pdf` wrote Markdown into h1.pdf, and `--format pdf --out h1.md` a PDF into h1.md."""
    pdf = tmp_path / "h1.pdf"
    code, output = _cli(*central.options(), "report", "--out", str(pdf))
    assert code == 0, output
    assert pdf.read_bytes().startswith(b"%PDF")
    md = tmp_path / "h1.md"
    code, output = _cli(*central.options(), "report", "--format", "pdf", "--out", str(md))
    assert code == 1
    line = _one_line_error(output)
    assert line == f"Error: --out {md} looks like md but --format is pdf; make them agree", line
    assert not md.exists()


@pytest.mark.parametrize("fmt", [None, "md"])
def test_a_report_refuses_an_out_name_of_no_report_format(central: Central, tmp_path: Path, fmt: str | None) -> None:
    """`--out h1.txt` wrote Markdown into h1.txt."""
    txt = tmp_path / "h1.txt"
    code, output = _cli(*central.options(), "report", *(["--format", fmt] if fmt else []), "--out", str(txt))
    assert code == 1
    line = _one_line_error(output)
    assert line == f"Error: --out {txt} names no report format; end it in .md, .html or .pdf", line
    assert not txt.exists()


@pytest.mark.parametrize("name", ["h1.md", "h1.pdf", "venlo.zip"])
def test_a_report_never_replaces_a_file_that_exists(central: Central, tmp_path: Path, name: str) -> None:
    """`--out venlo.zip` replaced a signed share with Markdown."""
    there = tmp_path / name
    there.write_bytes(b"signed share")
    code, output = _cli(*central.options(), "report", "--out", str(there))
    assert code == 1
    line = _one_line_error(output)
    if name.endswith(".zip"):
        assert line == f"Error: --out {there} names no report format; end it in .md, .html or .pdf", line
    else:
        assert line == f"Error: {there} already exists; choose another name or remove it first", line
    assert there.read_bytes() == b"signed share"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["keys", name])


def test_removing_a_name_not_in_the_team_is_refused_and_removes_nothing(central: Central) -> None:
    """A typo in `team noord --remove` removed nobody and printed the team as if it had worked."""
    assert _cli(*central.options(), "team", "noord", "Eva de Vries", "Piet Jansen")[0] == 0
    code, output = _cli(*central.options(), "team", "noord", "--remove", "Piet Jansen", "Eva de Vris")
    assert code == 1
    line = _one_line_error(output)
    assert line == (
        "Error: Eva de Vris is not in team noord, so nothing was removed; its members: Eva de Vries, Piet Jansen"
    ), line
    rows = central.db.pg("SELECT inspector FROM team_members WHERE team = 'noord' ORDER BY 1").fetchall()
    assert [r[0] for r in rows] == ["Eva de Vries", "Piet Jansen"]
    code, output = _cli(*central.options(), "team", "noord", "--remove", "Piet Jansen")
    assert code == 0 and output.strip() == "Team noord: Eva de Vries", output


def test_a_server_that_cannot_be_reached_is_said_with_what_to_check() -> None:
    code, output = _cli("central", "--url", "postgresql://nobody@127.0.0.1:1/inspect", "stats")
    assert code == 1
    line = _one_line_error(output)
    assert line.startswith("Error: cannot reach the central database: "), line
    assert line.endswith(
        "; check the address (--url or $INSPECT_TUI_CENTRAL_URL) and that the server runs and accepts you"
    ), line
    code, output = _cli("--lang", "nl", "central", "--url", "postgresql://nobody@127.0.0.1:1/inspect", "stats")
    line = _one_line_error(output)
    assert line.startswith("Fout: de centrale database is niet bereikbaar: "), line
    assert line.endswith(
        "; controleer het adres (--url of $INSPECT_TUI_CENTRAL_URL) en of de server draait en je toelaat"
    ), line


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["pull", "--out", "-"],
            "a bundle cannot be written to standard output; give a file name or a folder, e.g. --out day.zip",
        ),
        (
            ["share", "--profile", "municipality", "--out", "-"],
            "a share cannot be written to standard output; give a file name, e.g. --out share.zip",
        ),
    ],
    ids=["pull", "share"],
)
def test_a_pull_or_share_is_not_written_under_the_name_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    """Refused before the server is asked (there is none at this address)."""
    monkeypatch.chdir(tmp_path)
    code, output = _cli("central", "--url", "postgresql://nobody@127.0.0.1:1/inspect", *args)
    assert code == 1
    assert _one_line_error(output) == f"Error: {said}"
    assert list(tmp_path.iterdir()) == []
