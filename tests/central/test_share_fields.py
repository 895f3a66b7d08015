"""Each share profile, adversarially: every field a profile does not list carries a marker, and no
marker of those leaves, in the signed zip or in the workbook; nor does a name or a BSN typed into a
free-text field the profile does carry."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.share import ShareScope, load_profile, write_share
from inspect_tui.central.share_redact import REDACTED
from inspect_tui.cli import main
from tests.helpers.central import Central

PERSON = "Jan Kowalski"
INSPECTOR = "Eva de Vries"
BSN = "111222333"
PHONE = "+31 6 1234 5678"
EMAIL = "jan.kowalski@example.pl"
DAY = "2026-03-03T09:00:00+01:00"

MARKED: dict[str, tuple[str, ...]] = {
    "sites": (
        "name", "housing_type", "akf_category", "sector", "country", "street", "house_letter", "house_addition",
        "postcode", "operator_name", "operator_kvk", "employer_name", "employer_kvk", "agency_name", "agency_kvk",
        "certification_number", "certification_valid_until", "notes",
    ),
    "units": ("label", "kind", "notes"),
    "occupants": ("nationality", "employer", "agency", "abroad_city", "abroad_street", "health_insurer"),
    "inspections": ("notes",),
    "answers": ("value", "note", "judged_by"),
    "findings": ("description", "partner", "confirmed_by"),
}  # fmt: skip
"""Per head table, the text columns filled with a marker naming them."""

SOURCE = {"sites": "sites", "units": "units", "findings": "findings", "answers": "answers"}
"""Which head table a share table's fields come from (occupancy has counts only)."""


def marker(table: str, column: str) -> str:
    return f"LEAK-{table}-{column}"


def _insert(central: Central, table: str, values: dict[str, Any]) -> None:
    marks = {c: marker(table, c) for c in MARKED.get(table, ())}
    row = marks | values | {"rev": f"rev-{values['id']}"}
    columns = ", ".join(row)
    central.db.pg(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(row))})", list(row.values()))


def _seed(central: Central) -> None:
    """Two sites (housing and workplace) with a unit, an occupant, an inspection, and an answer and
    a finding on an item of every norm; free text naming a person, a BSN and contact details."""
    told = f"{PERSON} (BSN {BSN}, {PHONE}, {EMAIL}) sleeps in the kitchen; seen by {INSPECTOR}"
    for n, kind in enumerate(("housing", "workplace")):
        site, unit, inspection = f"site-{n}", f"unit-{n}", f"insp-{n}"
        _insert(central, "sites", {"id": site, "kind": kind, "city": "Venlo", "certification": "snf"})
        central.db.pg("UPDATE sites SET name = %s WHERE id = %s", [f"{marker('sites', 'name')} of {PERSON}", site])
        _insert(central, "units", {"id": unit, "site_id": site, "beds": 4, "registered_persons": 1})
        _insert(
            central,
            "occupants",
            {
                "id": f"occ-{n}", "unit_id": unit, "name": PERSON, "bsn": BSN, "phone": PHONE, "email": EMAIL,
                "date_of_birth": "1988-03-14", "brp_status": "rni", "couple_with": f"occ-{1 - n}",
            },
        )  # fmt: skip
        _insert(
            central,
            "inspections",
            {
                "id": inspection,
                "site_id": site,
                "inspector": INSPECTOR,
                "signed_by": INSPECTOR,
                "started_at": DAY,
                "status": "completed",
            },
        )
        for norm in ("snf", "akf", "covid-2020", "rie"):
            item = f"{norm}.test.item"
            _insert(
                central,
                "answers",
                {"id": f"a-{n}-{norm}", "inspection_id": inspection, "item_id": item, "verdict": "fail", "figure": 1.5},
            )
            _insert(
                central,
                "findings",
                {
                    "id": f"f-{n}-{norm}", "inspection_id": inspection, "item_id": item, "unit_id": unit,
                    "severity": "critical", "deadline": "2026-04-01", "status": "open",
                },
            )  # fmt: skip
        central.db.pg(
            "UPDATE findings SET description = %s WHERE inspection_id = %s",
            [f"{marker('findings', 'description')}: {told}", inspection],
        )
        central.db.pg(
            "UPDATE answers SET value = %s WHERE inspection_id = %s",
            [f"{marker('answers', 'value')} {told}", inspection],
        )


def _everything(zip_path: Path, workbook: Path) -> str:
    from openpyxl import load_workbook

    with zipfile.ZipFile(zip_path) as zf:
        members = " ".join(zf.read(name).decode("utf-8", "replace") for name in zf.namelist())
    book = load_workbook(workbook)
    cells = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    return members + "\n" + cells


@pytest.mark.parametrize("name", ["municipality", "labour-inspectorate", "ggd", "certification-body"])
def test_no_field_outside_the_profile_leaves_in_the_zip_or_the_workbook(
    central: Central, tmp_path: Path, name: str
) -> None:
    _seed(central)
    profile = load_profile(name)
    result = write_share(
        central.db,
        profile,
        ShareScope(norm="snf" if name == "certification-body" else None),
        tmp_path / f"{name}.zip",
        load_signing_key(central.db, central.signing_key),
    )
    assert result.workbook is not None and all(result.counts.values()), result.counts
    allowed = {
        marker(SOURCE[table], field) for table, fields in profile.tables.items() if table in SOURCE for field in fields
    }
    every = {marker(table, column) for table, columns in MARKED.items() for column in columns}
    allowed &= every
    shared = _everything(result.path, result.workbook)
    leaked = sorted(m for m in every - allowed if m in shared)
    assert leaked == [], f"{name} shares fields it does not list: {leaked}"
    assert [m for m in sorted(allowed) if m not in shared] == []  # the markers are there to be found
    for secret in (PERSON, INSPECTOR, BSN, PHONE, EMAIL, "1988-03-14"):
        assert secret not in shared, f"{name} shares {secret!r}"
    if {"description", "value", "name"} & {f for fields in profile.tables.values() for f in fields}:
        assert REDACTED in shared and result.redacted > 0


def test_the_share_command_says_what_it_removed_and_writes_zip_and_workbook(central: Central, tmp_path: Path) -> None:
    _seed(central)
    out = tmp_path / "venlo.zip"
    result = CliRunner().invoke(
        main,
        [*central.options(), "share", "--profile", "municipality", "--municipality", "Venlo",
         "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(out), "--signing-key", str(central.signing_key)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "removed from 5 free-text values" in result.output
    assert out.exists() and out.with_suffix(".xlsx").exists()


@pytest.mark.parametrize("out", ["share.xlsx", "taken.zip"])
def test_a_share_that_would_overwrite_a_file_writes_nothing(central: Central, tmp_path: Path, out: str) -> None:
    _seed(central)
    (tmp_path / "taken.xlsx").write_bytes(b"someone's workbook")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(
        main,
        [*central.options(), "share", "--profile", "ggd", "--out", str(tmp_path / out),
         "--signing-key", str(central.signing_key)],
    )  # fmt: skip
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "taken.xlsx").read_bytes() == b"someone's workbook"


def test_a_share_whose_workbook_cannot_be_written_leaves_no_zip(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspect_tui.central.share as share

    _seed(central)

    def fail(*args: object, **kwargs: object) -> bool:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(share, "write_workbook", fail)
    result = CliRunner().invoke(
        main,
        [*central.options(), "share", "--profile", "ggd", "--out", str(tmp_path / "g.zip"),
         "--signing-key", str(central.signing_key)],
    )  # fmt: skip
    assert result.exit_code == 1 and "no space left" in result.output, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == [tmp_path / "keys"]


def test_a_municipality_no_site_is_in_writes_no_empty_share(central: Central, tmp_path: Path) -> None:
    _seed(central)
    result = CliRunner().invoke(
        main,
        [*central.options(), "share", "--profile", "municipality", "--municipality", "Venloo",
         "--out", str(tmp_path / "v.zip"), "--signing-key", str(central.signing_key)],
    )  # fmt: skip
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert "Venloo" in result.output and "Venlo?" in result.output
    assert list(tmp_path.iterdir()) == [tmp_path / "keys"]


def test_a_municipality_typed_with_spaces_around_it_is_that_municipality(central: Central, tmp_path: Path) -> None:
    """ "Venlo " as pasted from a letter, or with a double space: the same municipality, not a refusal."""
    _seed(central)
    result = CliRunner().invoke(
        main,
        [*central.options(), "share", "--profile", "municipality", "--municipality", " venlo  ",
         "--out", str(tmp_path / "v.zip"), "--signing-key", str(central.signing_key)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "v.zip").is_file()


@pytest.mark.parametrize(
    ("name", "kinds"),
    [("municipality", {"housing"}), ("labour-inspectorate", {"workplace"}), ("ggd", {"housing"})],
)
def test_each_profile_shares_only_the_sites_its_purpose_names(
    central: Central, tmp_path: Path, name: str, kinds: set[str]
) -> None:
    """The labour inspectorate follows up RI&E at workplaces: housing is none of its business here;
    municipality and GGD get housing only."""
    import csv
    import io

    _seed(central)
    result = write_share(
        central.db,
        load_profile(name),
        ShareScope(),
        tmp_path / "s.zip",
        load_signing_key(central.db, central.signing_key),
    )
    with zipfile.ZipFile(result.path) as zf:
        tables = {
            n.removeprefix("data/").removesuffix(".csv"): list(
                csv.DictReader(io.StringIO(zf.read(n).decode("utf-8-sig")))
            )
            for n in zf.namelist()
            if n.endswith(".csv")
        }
    kind_of = {f"site-{n}": kind for n, kind in enumerate(("housing", "workplace"))}
    shared = {row["site_id"] for rows in tables.values() for row in rows}
    assert shared and {kind_of[s] for s in shared} == kinds, (name, shared)


@pytest.mark.parametrize("norm", ["snf", "akf"])
def test_a_site_certified_under_both_norms_is_shared_with_either_body(
    central: Central, tmp_path: Path, norm: str
) -> None:
    _seed(central)
    central.db.pg("UPDATE sites SET certification = CASE id WHEN 'site-0' THEN 'snf_akf' ELSE 'none' END")
    result = write_share(
        central.db,
        load_profile("certification-body"),
        ShareScope(norm=norm),
        tmp_path / f"{norm}.zip",
        load_signing_key(central.db, central.signing_key),
    )
    assert result.counts["sites"] == 1 and result.counts["findings"] == 1 and result.counts["answers"] == 1


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_what_an_unsigned_or_returned_inspection_found_is_not_shared(
    central: Central, tmp_path: Path, status: str
) -> None:
    """A draft is work in progress and a returned inspection is being corrected: another regulator
    gets findings and answers of signed inspections only."""
    _seed(central)
    central.db.pg("UPDATE inspections SET status = %s WHERE id = 'insp-0'", [status])
    result = write_share(
        central.db,
        load_profile("municipality"),
        ShareScope(),
        tmp_path / "m.zip",
        load_signing_key(central.db, central.signing_key),
    )
    assert result.counts["findings"] == 0
    central.db.pg("UPDATE inspections SET status = 'approved' WHERE id = 'insp-0'")
    again = write_share(
        central.db,
        load_profile("municipality"),
        ShareScope(),
        tmp_path / "m2.zip",
        load_signing_key(central.db, central.signing_key),
    )
    assert again.counts["findings"] == 4


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_a_site_only_a_draft_visited_in_the_period_is_not_shared(central: Central, tmp_path: Path, status: str) -> None:
    """With --from/--to a share holds the sites inspected in the period, as the figures count them:
    by signed inspections; a draft or a returned inspection puts no address in a share."""
    _seed(central)
    central.db.pg("UPDATE inspections SET status = %s WHERE id = 'insp-0'", [status])
    period = ShareScope(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))
    key = load_signing_key(central.db, central.signing_key)
    result = write_share(central.db, load_profile("municipality"), period, tmp_path / "m.zip", key)
    assert (result.counts["sites"], result.counts["units"], result.counts["occupancy"]) == (0, 0, 0)
    central.db.pg("UPDATE inspections SET status = 'completed' WHERE id = 'insp-0'")
    again = write_share(central.db, load_profile("municipality"), period, tmp_path / "m2.zip", key)
    assert (again.counts["sites"], again.counts["units"], again.counts["occupancy"]) == (1, 1, 1)


def test_the_labour_inspectorate_sees_a_meat_plant_as_high_risk_and_yes_no_in_words(
    central: Central, tmp_path: Path
) -> None:
    """`high_risk` held only a site's override (empty for most sites), so a meat plant read as not
    high-risk; the agency's SNA certification read 1 in the workbook (PostgreSQL gives an integer)."""
    import csv
    import io

    from openpyxl import load_workbook

    _seed(central)
    central.db.pg(
        "UPDATE sites SET sector = 'meat_processing', high_risk = NULL, agency_sna_certified = 1 WHERE id = 'site-1'"
    )
    result = write_share(
        central.db,
        load_profile("labour-inspectorate"),
        ShareScope(),
        tmp_path / "s.zip",
        load_signing_key(central.db, central.signing_key),
    )
    with zipfile.ZipFile(result.path) as zf:
        (site,) = csv.DictReader(io.StringIO(zf.read("data/sites.csv").decode("utf-8-sig")))
    assert site["high_risk"].lower() in ("true", "1", "yes"), site
    assert result.workbook is not None
    sheet = next(
        s
        for s in load_workbook(result.workbook).worksheets
        if s.title != load_workbook(result.workbook).worksheets[0].title
    )
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["High-risk sector"] == "yes" and values["Agency SNA certified"] == "yes", values


def test_flags_read_true_or_false_in_the_csv_files(central: Central, tmp_path: Path) -> None:
    """`high_risk` read True/False (the sector's judgement) and `agency_sna_certified` 1/0 (an integer
    in PostgreSQL): one flag, two ways of writing it in one file."""
    import csv
    import io

    _seed(central)
    central.db.pg(
        "UPDATE sites SET sector = 'meat_processing', high_risk = NULL, agency_sna_certified = 1 WHERE id = 'site-1'"
    )
    central.db.pg("INSERT INTO sites (id, kind, city, high_risk, agency_sna_certified, rev) VALUES "
                  "('site-2', 'workplace', 'Venlo', 0, 0, 'r-site-2')")  # fmt: skip
    result = write_share(
        central.db,
        load_profile("labour-inspectorate"),
        ShareScope(),
        tmp_path / "s.zip",
        load_signing_key(central.db, central.signing_key),
    )
    with zipfile.ZipFile(result.path) as zf:
        rows = list(csv.DictReader(io.StringIO(zf.read("data/sites.csv").decode("utf-8-sig"))))
    flags = {row["site_id"]: (row["high_risk"], row["agency_sna_certified"]) for row in rows}
    assert flags == {"site-1": ("true", "true"), "site-2": ("false", "false")}
