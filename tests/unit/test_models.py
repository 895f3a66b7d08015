"""Domain models refuse bad values with a message that names the field and the rule."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from inspect_tui.domain.base import describe_error, field_errors, new_id, seeded_ids
from inspect_tui.domain.enums import ReviewDecision, Severity
from inspect_tui.domain.identifiers import mask_bsn
from inspect_tui.domain.models import (
    Attachment,
    DeadlinePolicy,
    Inspection,
    Occupant,
    Review,
    Site,
    Unit,
)
from inspect_tui.i18n import zone


def refused(model: type[Any], **values: Any) -> str:
    """The one-line error for values; fails the test if the model accepts them."""
    with pytest.raises(ValidationError) as caught:
        model(**values)
    return describe_error(caught.value)


def site(**values: Any) -> Site:
    return Site(name="Testlocatie", **values)


def occupant(**values: Any) -> Occupant:
    return Occupant(unit_id="00000000-0000-4000-8000-0000000000a7", name="Test Persoon", **values)


# --- postcode ---------------------------------------------------------------------------------


@pytest.mark.parametrize("letters", ["SA", "SD", "SS"])
def test_postcode_letter_pairs_never_used_are_refused(letters: str) -> None:
    assert refused(Site, name="x", postcode=f"1234 {letters}") == (
        f"postcode: postcode letters {letters} are never used; check the postcode"
    )


@pytest.mark.parametrize("value", ["0123 AB", "123 AB", "12345 AB", "1234 A", "1234 A1", "ABCD EF"])
def test_malformed_postcodes_are_refused(value: str) -> None:
    message = refused(Site, name="x", postcode=value)
    assert message.startswith("postcode: a postcode is four digits (not starting with 0) and two letters")


@pytest.mark.parametrize("value", ["1234AB", "1234 ab", " 1234ab ", "1234 AB"])
def test_postcode_is_written_the_dutch_way(value: str) -> None:
    assert site(postcode=value).postcode == "1234 AB"


def test_an_address_abroad_skips_the_dutch_postcode_rule() -> None:
    german = site(country="de", postcode="41334", city="Nettetal")
    assert (german.country, german.postcode) == ("DE", "41334")
    assert refused(Site, name="x", country="NL", postcode="41334").startswith("postcode:")


def test_country_is_a_two_letter_code() -> None:
    assert refused(Site, name="x", country="Germany") == "country: a country is a two-letter ISO code, e.g. DE"


# --- house number, letter, addition -----------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "rule"),
    [(0, "must be at least 1"), (100000, "must be at most 99,999"), (-3, "must be at least 1")],
)
def test_house_number_is_1_to_99999(number: int, rule: str) -> None:
    message = refused(Site, name="x", house_number=number)
    assert message.startswith("house_number: ") and rule in message


@pytest.mark.parametrize("number", [1, 99999])
def test_house_number_bounds_are_allowed(number: int) -> None:
    assert site(house_number=number).house_number == number


def test_house_addition_is_up_to_four_letters_or_digits() -> None:
    assert refused(Site, name="x", house_number=1, house_addition="ABCDE") == (
        "house_addition: a house number addition is 1 to 4 letters or digits"
    )
    assert refused(Site, name="x", house_addition="1-2").startswith("house_addition:")
    assert site(house_addition="bis1").house_addition == "BIS1"


def test_house_letter_is_one_letter() -> None:
    assert refused(Site, name="x", house_letter="AB") == "house_letter: a house letter is a single letter, e.g. A"
    assert refused(Site, name="x", house_letter="1").startswith("house_letter:")
    assert site(house_letter="a").house_letter == "A"


def test_address_line_is_written_the_dutch_way() -> None:
    full = site(
        street="Voorbeeldstraat",
        house_number=12,
        house_letter="a",
        house_addition="2",
        postcode="1234ab",
        city="Teststad",
    )
    assert full.address_line() == "Voorbeeldstraat 12A-2, 1234 AB  TESTSTAD"
    assert site(street="Dorpsweg", house_number=3, postcode="9999 ZZ", city="Ergens").address_line() == (
        "Dorpsweg 3, 9999 ZZ  ERGENS"
    )
    abroad = site(country="DE", street="Grenzweg", house_number=9, postcode="41334", city="Nettetal")
    assert abroad.address_line() == "Grenzweg 9, 41334  NETTETAL (DE)"
    assert site(city="Teststad").address_line() == "TESTSTAD"
    assert site().address_line() == ""


# --- KvK, e-mail, phone ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1234567", "123456789", "1234567A", "KVK12345"])
def test_kvk_has_eight_digits(value: str) -> None:
    assert refused(Site, name="x", operator_kvk=value) == "operator_kvk: a KvK number has 8 digits"


def test_kvk_accepts_eight_digits_with_spaces() -> None:
    assert site(employer_kvk=" 1234 5678 ").employer_kvk == "12345678"
    assert site(agency_kvk="").agency_kvk is None  # blank means not given


@pytest.mark.parametrize("value", ["foo@bar", "no-at-sign.nl", "two@@example.nl", "a b@example.nl"])
def test_email_is_checked(value: str) -> None:
    assert refused(Occupant, unit_id="00000000-0000-4000-8000-0000000000a1", name="x", email=value) == (
        "email: an e-mail address looks like name@example.nl"
    )


@pytest.mark.parametrize("value", ["abc", "12345", "+31 6 abc 5678", "+" + "1" * 25])
def test_phone_is_checked(value: str) -> None:
    assert refused(Occupant, unit_id="00000000-0000-4000-8000-0000000000a1", name="x", phone=value).startswith(
        "phone: a phone number has 6 to 20 digits"
    )


def test_good_contact_details_pass() -> None:
    person = occupant(email=" test.persoon@example.nl ", phone="+31 6 1234 5678")
    assert (person.email, person.phone) == ("test.persoon@example.nl", "+31 6 1234 5678")


# --- BSN ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["111222333", "123456782", "111 222 333", "111.222.333", "111-222-333"])
def test_valid_bsns_are_accepted_and_normalised(value: str) -> None:
    assert occupant(bsn=value).bsn in ("111222333", "123456782")


def test_bsn_failing_the_11_proef_is_refused_without_showing_it() -> None:
    message = refused(Occupant, unit_id="00000000-0000-4000-8000-0000000000a1", name="x", bsn="111252333")
    assert message == "bsn: ●●●●●●333 fails the 11-proef; check the digits"
    assert "111252333" not in message  # a BSN never ends up in an error text or a log


def test_eight_digit_bsn_gets_a_leading_zero() -> None:
    assert occupant(bsn="10000008").bsn == "010000008"
    assert refused(Occupant, unit_id="00000000-0000-4000-8000-0000000000a1", name="x", bsn="10000009").startswith(
        "bsn: "
    )


@pytest.mark.parametrize("value", ["1234567", "1234567890", "12345678A", "000000000"])
def test_bsn_of_the_wrong_shape_is_refused(value: str) -> None:
    assert refused(Occupant, unit_id="00000000-0000-4000-8000-0000000000a1", name="x", bsn=value).startswith("bsn: ")


def test_blank_bsn_means_none_and_masking_shows_three_digits() -> None:
    assert occupant(bsn="  ").bsn is None
    assert mask_bsn("111222333") == "●●●●●●333"
    assert mask_bsn(None) == ""


# --- units, occupants, inspections ---------------------------------------------------------


def test_negative_area_and_counts_are_refused() -> None:
    assert refused(Unit, site_id="00000000-0000-4000-8000-0000000000a2", label="Kamer 1", floor_area_m2=-1) == (
        "floor_area_m2: must be at least 0"
    )
    assert refused(Unit, site_id="00000000-0000-4000-8000-0000000000a2", label="Kamer 1", beds=-1).startswith("beds: ")
    assert refused(Unit, site_id="00000000-0000-4000-8000-0000000000a2", label="").startswith("label: ")


def test_a_unit_cannot_be_inside_itself() -> None:
    assert refused(
        Unit,
        id="00000000-0000-4000-8000-0000000000a5",
        site_id="00000000-0000-4000-8000-0000000000a2",
        label="Kamer",
        parent_id="00000000-0000-4000-8000-0000000000a5",
    ) == ("parent_id: a unit cannot be inside itself")


def test_an_occupant_cannot_be_their_own_partner() -> None:
    assert refused(
        Occupant,
        id="00000000-0000-4000-8000-0000000000a6",
        unit_id="00000000-0000-4000-8000-0000000000a1",
        name="x",
        couple_with="00000000-0000-4000-8000-0000000000a6",
    ) == ("couple_with: a person cannot be their own partner")


def test_date_of_birth_lies_in_the_past() -> None:
    tomorrow = zone.today() + dt.timedelta(days=1)  # tomorrow on the Dutch calendar
    assert refused(Occupant, unit_id="00000000-0000-4000-8000-0000000000a1", name="x", date_of_birth=tomorrow) == (
        "date_of_birth: a date of birth lies between 01-01-1900 and today"
    )


def test_only_personal_fields_can_be_sealed() -> None:
    assert occupant(sealed={"bsn": "c2VhbGVk"}).sealed == {"bsn": "c2VhbGVk"}
    assert refused(
        Occupant, unit_id="00000000-0000-4000-8000-0000000000a1", name="x", sealed={"name": "eA=="}
    ).startswith("sealed: only bsn")


def test_unknown_fields_are_refused_and_text_is_stripped() -> None:
    assert refused(Site, name="x", colour="red").startswith("colour: is not a known field")
    assert site(city="  Oss  ").city == "Oss"


def test_inspection_needs_each_template_once() -> None:
    started = dt.datetime(2026, 11, 16, 9)
    assert refused(
        Inspection, site_id="00000000-0000-4000-8000-0000000000a2", templates=[], inspector="J", started_at=started
    ).startswith("templates:")
    assert (
        refused(
            Inspection,
            site_id="00000000-0000-4000-8000-0000000000a2",
            templates=["snf", "snf"],
            inspector="J",
            started_at=started,
        )
        == "templates: each checklist template is used once"
    )


def test_attachment_is_keyed_by_a_sha256() -> None:
    assert refused(
        Attachment,
        finding_id="00000000-0000-4000-8000-0000000000a4",
        sha256="abc",
        file_name="a.png",
        media_type="image/png",
        size=1,
    ).startswith("sha256: does not have the right form")


# --- reviews ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_sending_back_needs_a_reason(reason: str | None) -> None:
    message = refused(
        Review,
        inspection_id="00000000-0000-4000-8000-0000000000a3",
        reviewer="M. Bakker",
        decision=ReviewDecision.SEND_BACK,
        reason=reason,
        created_at=dt.datetime(2026, 11, 18, 10),
    )
    assert message == "reason: a reason is required to send back"


def test_reopening_needs_a_reason_and_approving_does_not() -> None:
    when = dt.datetime(2026, 11, 18, 10)
    assert refused(
        Review, inspection_id="00000000-0000-4000-8000-0000000000a3", reviewer="J", decision="reopen", created_at=when
    ) == ("reason: a reason is required to reopen")
    assert (
        Review(
            inspection_id="00000000-0000-4000-8000-0000000000a3", reviewer="M", decision="approve", created_at=when
        ).reason
        is None
    )
    sent = Review(
        inspection_id="00000000-0000-4000-8000-0000000000a3",
        reviewer="M",
        decision="send_back",
        reason="Foto ontbreekt",
        created_at=when,
    )
    assert sent.decision is ReviewDecision.SEND_BACK


# --- error text and ids -------------------------------------------------------------------------


def test_describe_error_names_every_field_on_one_line() -> None:
    with pytest.raises(ValidationError) as caught:
        Site(name="", postcode="1234 SA", house_number=0, operator_kvk="12")
    message = describe_error(caught.value)
    assert "\n" not in message
    assert message == (
        "name: is too short (at least 1 character); "
        "house_number: must be at least 1; "
        "postcode: postcode letters SA are never used; check the postcode; "
        "operator_kvk: a KvK number has 8 digits"
    )
    assert "Value error" not in message


def test_a_text_over_its_limit_says_the_length_given_the_limit_and_what_to_do() -> None:
    from inspect_tui.i18n import using

    with pytest.raises(ValidationError) as caught:
        Site(name="W" * 243, notes="n" * 4001)
    assert describe_error(caught.value) == (
        "name: 243 characters; at most 200 — shorten it; notes: 4,001 characters; at most 4,000 — shorten it"
    )
    assert field_errors(caught.value)["name"] == "243 characters; at most 200 — shorten it"
    with using("nl"):
        assert describe_error(caught.value) == (
            "name: 243 tekens; hoogstens 200 — maak het korter; notes: 4.001 tekens; hoogstens 4.000 — maak het korter"
        )


def test_a_list_over_its_limit_says_how_many_were_given_the_limit_and_what_to_do() -> None:
    from inspect_tui.i18n import using
    from inspect_tui.i18n.validation import message_of

    with pytest.raises(ValidationError) as caught:
        Inspection(
            site_id=str(uuid.uuid4()), templates=["snf"] * 21, inspector="Eva", started_at=dt.datetime(2025, 3, 3)
        )
    assert describe_error(caught.value) == "templates: 21 items; at most 20 — remove some"
    assert field_errors(caught.value)["templates"] == "21 items; at most 20 — remove some"
    with using("nl"):
        assert describe_error(caught.value) == "templates: 21 elementen; hoogstens 20 — verwijder er enkele"
    # thousands in the language's own way, the singular, and a mapping (items of any collection)
    many = TypeAdapter(Annotated[list[int], Field(max_length=1000)])
    with pytest.raises(ValidationError) as caught:
        many.validate_python(list(range(1250)))
    assert message_of(caught.value.errors()[0]) == "1,250 items; at most 1,000 — remove some"
    with using("nl"):
        assert message_of(caught.value.errors()[0]) == "1.250 elementen; hoogstens 1.000 — verwijder er enkele"
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Annotated[list[int], Field(max_length=0)]).validate_python([7])
    assert message_of(caught.value.errors()[0]) == "1 item; at most 0 — remove some"
    with using("nl"):
        assert message_of(caught.value.errors()[0]) == "1 element; hoogstens 0 — verwijder er enkele"
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Annotated[dict[str, int], Field(max_length=2)]).validate_python({"a": 1, "b": 2, "c": 3})
    assert message_of(caught.value.errors()[0]) == "3 items; at most 2 — remove some"


def test_field_errors_map_each_field_for_inline_display() -> None:
    with pytest.raises(ValidationError) as caught:
        Occupant(unit_id="00000000-0000-4000-8000-0000000000a1", name="x", bsn="111252333", email="nope")
    assert field_errors(caught.value) == {
        "bsn": "●●●●●●333 fails the 11-proef; check the digits",
        "email": "an e-mail address looks like name@example.nl",
    }
    with pytest.raises(ValidationError) as review:
        Review(
            inspection_id="00000000-0000-4000-8000-0000000000a3",
            reviewer="M",
            decision="send_back",
            created_at=dt.datetime(2026, 1, 1),
        )
    assert field_errors(review.value) == {"reason": "a reason is required to send back"}


def test_deadline_policy_counts_days_per_severity() -> None:
    found = dt.date(2026, 11, 16)
    policy = DeadlinePolicy()
    assert policy.deadline(Severity.CRITICAL, found) == dt.date(2026, 11, 23)
    assert policy.deadline(Severity.MAJOR, found) == dt.date(2026, 12, 16)
    assert policy.deadline(Severity.MINOR, found) == dt.date(2027, 2, 14)
    assert DeadlinePolicy(major_days=10).deadline(Severity.MAJOR, found) == dt.date(2026, 11, 26)
    with pytest.raises(ValidationError):
        DeadlinePolicy(minor_days=-1)


def test_seeded_ids_are_reproducible_and_fresh_ids_are_not() -> None:
    with seeded_ids(7):
        first = [new_id() for _ in range(3)]
    with seeded_ids(7):
        again = [new_id() for _ in range(3)]
    assert first == again and len(set(first)) == 3
    assert new_id() != new_id()
    with seeded_ids(7):
        assert Site(name="x").id == first[0]
