"""The share's free-text cleaning, adversarially: the ways an inspector really writes a person's
name, a BSN or a date of birth into a finding's description must not get past it; ordinary
words and figures stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.share import ShareScope, load_profile, write_share
from inspect_tui.central.share_redact import REDACTED, redactor_of
from tests.central.test_share_fields import _everything, _seed
from tests.helpers.central import Central

NAMES = ("Jan Kowalski", "Łukasz Wiśniewski", "Ana-Maria Popescu", "Eva de Vries", "Jan de Klein", "Eva Lange")


def _clean(text: str) -> str:
    return redactor_of(NAMES).text(text)


@pytest.mark.parametrize(
    ("written", "left"),
    [
        ("Kowalski slaapt in de keuken", "slaapt in de keuken"),
        ("Kowalski, Jan slaapt in de keuken", "slaapt in de keuken"),  # surname first: the whole name
        ("Slaapt hier: kowalski jan", "Slaapt hier:"),  # surname first in lower case (a copied list)
        ("J. Kowalski slaapt in de keuken", "J. slaapt in de keuken"),
        ("kamer van Lukasz Wisniewski", "kamer van"),
        ("kamer van WISNIEWSKI", "kamer van"),
        ("Ana Maria Popescu woont hier", "woont hier"),
        ("Popescu woont hier", "woont hier"),
        ("Kowal\u00adski slaapt hier", "slaapt hier"),
        ("\uff2b\uff4f\uff57\uff41\uff4c\uff53\uff4b\uff49 slaapt hier", "slaapt hier"),
        ("gezien door mw. De Vries", "gezien door mw. De"),
    ],
)
def test_a_name_written_in_part_or_without_its_accents_is_removed(written: str, left: str) -> None:
    cleaned = _clean(written)
    assert REDACTED in cleaned
    assert cleaned.replace(REDACTED, "").split() == left.split()


@pytest.mark.parametrize(
    "text",
    [
        "De kamer is te klein: 4 bedden op 12 m2",
        "Brandblusser ontbreekt sinds 2026-03-01, herstellen voor 01-04-2026",
        "Jansen-straat 12 heeft geen nooduitgang",  # a name nobody in the database has
        "Slaapkamer te klein, lange gang zonder vluchtweg",  # Jan de Klein and Eva Lange are people here
    ],
)
def test_text_without_personal_data_is_left_as_it_is(text: str) -> None:
    redactor = redactor_of(NAMES)
    assert redactor.text(text) == text
    assert redactor.changed == 0


def test_a_surname_alone_does_not_leave_in_a_municipality_share(central: Central, tmp_path: Path) -> None:
    _seed(central)
    central.db.pg("UPDATE findings SET description = %s", ["Kowalski, J. slaapt in de keuken"])
    result = write_share(
        central.db,
        load_profile("municipality"),
        ShareScope(),
        tmp_path / "venlo.zip",
        load_signing_key(central.db, central.signing_key),
    )
    assert result.workbook is not None and result.counts["findings"] > 0
    shared = _everything(result.path, result.workbook)
    assert "slaapt in de keuken" in shared
    assert "Kowalski" not in shared


@pytest.mark.parametrize(
    "written",
    [
        "bewoner met BSN 111-222-333 slaapt in de keuken",
        "bewoner met BSN 111 - 222 - 333 slaapt in de keuken",
        "bewoner met BSN 1112-22-333 slaapt in de keuken",
        "bewoner met BSN 111  222  333 slaapt in de keuken",  # spaced twice
        "bewoner met BSN 111/222/333 slaapt in de keuken",
        "bewoner met BSN 10000008 slaapt in de keuken",  # eight digits: it passes the 11-proef too
    ],
)
def test_a_bsn_written_with_dashes_is_removed(written: str) -> None:
    cleaned = _clean(written)
    assert cleaned == f"bewoner met BSN {REDACTED} slaapt in de keuken"


@pytest.mark.parametrize(
    ("written", "left"),
    [
        ("bewoner geboren 14-03-1988 slaapt in de keuken", "bewoner geboren {} slaapt in de keuken"),
        ("bewoner (geb. 14/3/1988) slaapt in de keuken", "bewoner (geb. {}) slaapt in de keuken"),
        ("geboortedatum: 1988-03-14, geen contract", "geboortedatum: {}, geen contract"),
        ("Geboren op 14 maart 1988, geen contract", "Geboren op {}, geen contract"),
        ("date of birth 14 March 1988; no contract", "date of birth {}; no contract"),
        ("DOB 14.03.1988 no contract", "DOB {} no contract"),
        ("urodzony 14.03.1988, brak umowy", "urodzony {}, brak umowy"),
        ("geboren in 1988, geen contract", "geboren in {}, geen contract"),
        ("J. K. (*14-03-1988), geen contract", "J. K. (*{}), geen contract"),  # * is "born"
        ("geboren op 14 maart '88, geen contract", "geboren op {}, geen contract"),
    ],
)
def test_a_date_of_birth_in_free_text_is_removed(written: str, left: str) -> None:
    assert _clean(written) == left.format(REDACTED)


def test_other_dates_and_numbers_in_free_text_stay() -> None:
    text = "Herstellen voor 14-03-2027; gebouwd 1988, 111222334 is geen BSN, kamer 2-14-3"
    assert _clean(text) == text
    grouped = "Herstellen voor 01-02-2027 en 01/02/2027, 2 * 3 bedden, 10000009 is geen BSN"
    assert _clean(grouped) == grouped  # eight digits grouped are a date, not a BSN


@pytest.mark.parametrize(
    "written",
    ["bel 06/1234 5678 voor de sleutel", "bel 06 - 12 34 56 78 voor de sleutel", "bel 06.12.34.56.78 voor de sleutel"],
)
def test_a_phone_number_grouped_by_slashes_dots_or_spaced_dashes_is_removed(written: str) -> None:
    assert _clean(written) == f"bel {REDACTED} voor de sleutel"


def test_a_street_and_a_certificate_number_are_cleaned_as_free_text() -> None:
    (row,) = redactor_of(["Jan Kowalski"]).rows(
        [{"street": "Zwaluwstraat (Jan Kowalski)", "certification_number": "Kowalski 111222333", "postcode": "5347 KT"}]
    )
    assert row == {
        "street": f"Zwaluwstraat ({REDACTED})",
        "certification_number": f"{REDACTED} {REDACTED}",
        "postcode": "5347 KT",
    }


def test_a_company_name_keeps_a_surname_it_shares_with_a_person() -> None:
    """An operator, employer or agency is named whole: "Bakker Uitzendbureau BV" stays when an
    occupant is called Jan Bakker, while a description naming "Bakker" loses the name."""
    redactor = redactor_of(["Jan Bakker"])
    (row,) = redactor.rows(
        [
            {
                "operator_name": "Bakker Uitzendbureau BV",
                "agency_name": "Jan Bakker",
                "description": "Bakker slaapt in de keuken",
            }
        ]
    )
    assert row == {
        "operator_name": "Bakker Uitzendbureau BV",
        "agency_name": REDACTED,
        "description": f"{REDACTED} slaapt in de keuken",
    }
