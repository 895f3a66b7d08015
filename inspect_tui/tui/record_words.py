"""Field names and stored values of records in the interface language, for the history and conflicts screens.

A lead reads "Oordeel: voldoet → voldoet niet", never ``verdict: pass → fail`` or ``False``.
Personal data stays protected: a BSN is masked, sealed fields show as encrypted.
"""

from __future__ import annotations

import json
from typing import Any

from inspect_tui.domain.identifiers import mask_bsn
from inspect_tui.i18n import N_
from inspect_tui.tui.i18n import _, format_date, format_datetime, format_number

FIELD_WORDS: dict[str, str] = {
    "deleted": N_("Deleted"),
    "sealed": N_("Encrypted fields"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "housing_type": N_("Housing type"),
    "akf_category": N_("AKF category"),
    "sector": N_("Sector"),
    "high_risk": N_("High-risk sector"),
    "zoned_residential": N_("Zoned residential"),
    "country": N_("Country"),
    "street": N_("Street"),
    "house_number": N_("House number"),
    "house_letter": N_("House letter"),
    "house_addition": N_("Addition"),
    "postcode": N_("Postcode"),
    "city": N_("City"),
    "operator_name": N_("Operator"),
    "operator_kvk": N_("Operator KvK"),
    "employer_name": N_("Employer"),
    "employer_kvk": N_("Employer KvK"),
    "agency_name": N_("Agency"),
    "agency_kvk": N_("Agency KvK"),
    "agency_sna_certified": N_("Agency SNA certified"),
    "certification": N_("Certification"),
    "certification_number": N_("Certificate number"),
    "certification_valid_until": N_("Certificate valid until"),
    "notes": N_("Notes"),
    "site_id": N_("Site"),
    "label": N_("Label"),
    "parent_id": N_("Part of"),
    "floor_area_m2": N_("Floor area (m²)"),
    "beds": N_("Beds"),
    "registered_persons": N_("Registered persons"),
    "toilets": N_("Toilets"),
    "showers": N_("Showers"),
    "burners": N_("Burners"),
    "fridge_litres": N_("Fridge (litres)"),
    "sockets": N_("Sockets"),
    "unit_id": N_("Unit"),
    "bsn": N_("BSN"),
    "date_of_birth": N_("Date of birth"),
    "nationality": N_("Nationality"),
    "employer": N_("Employer"),
    "agency": N_("Agency"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "brp_status": N_("BRP registration"),
    "written_rental_contract": N_("Written rental contract"),
    "contract_separate": N_("Contract separate from work"),
    "zorgpas_in_own_possession": N_("Own health-insurance card"),
    "couple_with": N_("Couple with"),
    "abroad_country": N_("Country abroad"),
    "abroad_city": N_("City abroad"),
    "abroad_street": N_("Address abroad"),
    "arrived_in_nl": N_("Arrived in NL"),
    "expected_stay_until": N_("Expected to stay until"),
    "in_unit_since": N_("In this unit since"),
    "health_insured": N_("Health insured"),
    "health_insurer": N_("Health insurer"),
    "insured_until": N_("Insured until"),
    "templates": N_("Checklists"),
    "inspector": N_("Inspector"),
    "started_at": N_("Started"),
    "completed_at": N_("Completed"),
    "status": N_("Status"),
    "signed_by": N_("Signed by"),
    "previous_id": N_("Previous inspection"),
    "frozen": N_("Figures at signing"),
    "inspection_id": N_("Inspection"),
    "item_id": N_("Item"),
    "value": N_("Answer"),
    "verdict": N_("Judgement"),
    "figure": N_("Figure"),
    "note": N_("Note"),
    "computed": N_("Computed"),
    "units": N_("Per unit"),
    "judged_by": N_("Judged by"),
    "severity": N_("Severity"),
    "description": N_("Description"),
    "deadline": N_("Deadline"),
    "partner": N_("Partner"),
    "origin_id": N_("Earlier finding"),
    "confirmed_in": N_("Confirmed in"),
    "confirmed_by": N_("Confirmed by"),
    "confirmed_at": N_("Confirmed at"),
    "extensions": N_("Deadline extensions"),
    "withdrawn_reason": N_("Reason withdrawn"),
    "withdrawn_by": N_("Withdrawn by"),
    "withdrawn_at": N_("Withdrawn at"),
    "finding_id": N_("Finding"),
    "answer_id": N_("Answer"),
    "sha256": N_("File hash"),
    "file_name": N_("File name"),
    "media_type": N_("File type"),
    "size": N_("Size (bytes)"),
    "taken_at": N_("Taken at"),
    "reviewer": N_("Reviewer"),
    "decision": N_("Decision"),
    "reason": N_("Reason"),
    "created_at": N_("Made at"),
}
"""Every field of every record kind, as a person calls it."""

_DATES = frozenset(
    {
        "date_of_birth",
        "deadline",
        "certification_valid_until",
        "arrived_in_nl",
        "expected_stay_until",
        "in_unit_since",
        "insured_until",
    }
)
_MOMENTS = frozenset({"started_at", "completed_at", "confirmed_at", "taken_at", "created_at", "withdrawn_at"})
_REFERENCES = frozenset(
    {
        "site_id",
        "parent_id",
        "unit_id",
        "couple_with",
        "previous_id",
        "inspection_id",
        "origin_id",
        "confirmed_in",
        "finding_id",
        "answer_id",
    }
)
_ANSWER_WORDS = {"yes": N_("Yes"), "no": N_("No")}


def field_word(field: str) -> str:
    """A field's name in the interface language (an unknown one with spaces for underscores)."""
    english = FIELD_WORDS.get(field)
    return _(english) if english is not None else field.replace("_", " ")


def value_text(entity: str, field: str, data: dict[str, Any] | None) -> str:
    """A field's value in a version's data as people read it: words, dates, masked BSN, "encrypted"."""
    data = data or {}
    if field in (data.get("sealed") or {}):
        return _("encrypted")
    return shown(entity, field, data.get(field))


def shown(entity: str, field: str, value: Any) -> str:
    """One stored value as people read it (see value_text)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field == "bsn":
        return mask_bsn(str(value))
    if field in _REFERENCES:
        return str(value)[:8]
    if field in _DATES:
        return _formatted(format_date, value)
    if field in _MOMENTS:
        return _formatted(format_datetime, value)
    if isinstance(value, int | float):
        return format_number(value)
    if field == "frozen":
        return _("recorded at signing")
    if isinstance(value, list):
        return ", ".join(shown(entity, field, v) for v in value)
    if isinstance(value, dict) and field == "extensions" and "deadline" in value:
        return _("to {date}: {reason}").format(
            date=_formatted(format_date, value["deadline"]), reason=str(value.get("reason", ""))[:40]
        )
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)[:60]
    # Imported here: importing the reports package loads the report model, which opening a
    # screen does not need.
    from inspect_tui.reports.words import word

    text = str(value)
    if entity == "answers" and field == "value" and text in _ANSWER_WORDS:
        return _(_ANSWER_WORDS[text])
    if field in ("kind", "sector", "status", "severity", "verdict", "decision", "brp_status", "akf_category"):
        return word(text)
    if field == "certification":
        return word(text) if text == "none" else text.upper().replace("_", "+")
    return text


def _formatted(formatter: Any, value: Any) -> str:
    try:
        return str(formatter(value))
    except (TypeError, ValueError):
        return str(value)
