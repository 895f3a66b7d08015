"""Share profiles: the data files (``profiles/<name>.json``, shipped with the package like the
checklists) that say for whom and why a share is made, on which legal basis and with what
confidence, and which tables and fields it holds; checked when loaded (every table and field
known, a field identifying a person only when the legal basis names it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from inspect_tui.central.errors import CentralError
from inspect_tui.i18n import LANGUAGES, _, language

PERSONAL_FIELDS = frozenset(
    {
        "bsn",
        "name_of_person",
        "occupant_name",
        "date_of_birth",
        "phone",
        "email",
        "nationality",
        "couple_with",
        "inspector",
    }
)
"""Fields that identify a person; a profile may list one only when its legal basis names it."""

TABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "sites": (
        "site_id", "name", "kind", "street", "house_number", "house_letter", "house_addition", "postcode", "city",
        "housing_type", "akf_category", "sector", "high_risk", "operator_name", "operator_kvk", "employer_name",
        "employer_kvk", "agency_name", "agency_kvk", "agency_sna_certified", "certification", "certification_number",
        "certification_valid_until",
    ),
    "units": ("unit_id", "site_id", "label", "kind", "parent_id", "beds", "floor_area_m2", "registered_persons"),
    "occupancy": ("unit_id", "site_id", "persons_found", "registered_persons", "found_not_in_brp", "found_rni"),
    "findings": (
        "finding_id", "site_id", "inspection_date", "norm", "item_id", "severity", "description", "deadline", "status",
        "inspector",
    ),
    "answers": ("site_id", "inspection_date", "norm", "item_id", "verdict", "figure", "value"),
}  # fmt: skip
"""Every field a table can give; a profile picks from these."""

CONFIDENCE = ("high", "medium", "low")
FILTERS = frozenset({"site_kind", "item_prefix", "certified_under_norm"})


@dataclass(frozen=True)
class Profile:
    """One share profile, as its data file states it."""

    name: str
    title: str
    recipient: str
    purpose: str
    legal_basis: str
    confidence: str
    note: str
    personal_data: tuple[str, ...]
    filters: dict[str, Any]
    tables: dict[str, tuple[str, ...]]
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)
    translations: dict[str, dict[str, str]] = field(repr=False, compare=False, default_factory=dict)

    def text(self, name: str) -> str:
        """title, recipient, purpose, legal_basis or note in the interface language (the data
        file's own language block, e.g. ``"nl"``), else as the file states it in English."""
        translated = self.translations.get(language(), {}).get(name)
        return translated or str(getattr(self, name))


def parse_profile(data: dict[str, Any], source: str) -> Profile:
    """Check a profile's data (every table and field known, personal data only on a legal basis)."""
    try:
        basis = data["legal_basis"]
        personal = tuple(basis.get("personal_data", []))
        profile = Profile(
            name=str(data["name"]),
            title=str(data["title"]),
            recipient=str(data["recipient"]),
            purpose=str(data["purpose"]),
            legal_basis=str(basis["text"]),
            confidence=str(basis["confidence"]),
            note=str(basis.get("note", "")),
            personal_data=personal,
            filters=dict(data.get("filters", {})),
            tables={str(t): tuple(str(f) for f in fields) for t, fields in data["tables"].items()},
            raw=data,
            translations=_translations(data, source),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise CentralError(
            _("share profile {source} is incomplete: {exc} is missing or malformed").format(source=source, exc=exc)
        ) from None
    if profile.confidence not in CONFIDENCE:
        raise CentralError(f"share profile {source}: confidence must be one of {', '.join(CONFIDENCE)}")
    unknown_filters = set(profile.filters) - FILTERS
    if unknown_filters:
        raise CentralError(f"share profile {source}: unknown filter {sorted(unknown_filters)[0]}")
    for table, fields in profile.tables.items():
        if table not in TABLE_FIELDS:
            raise CentralError(_("share profile {source}: unknown table {table}").format(source=source, table=table))
        for name in fields:
            if name not in TABLE_FIELDS[table]:
                raise CentralError(
                    _("share profile {source}: table {table} has no field {name}").format(
                        source=source, table=table, name=name
                    )
                )
            if name in PERSONAL_FIELDS and name not in profile.personal_data:
                raise CentralError(
                    _("share profile {source}: {table}.{name} is personal data its legal basis does not name").format(
                        source=source, table=table, name=name
                    )
                )
    return profile


TRANSLATED = ("title", "recipient", "purpose", "legal_basis", "note")
"""The texts of a profile a language block may give."""


def _translations(data: dict[str, Any], source: str) -> dict[str, dict[str, str]]:
    """The language blocks of a profile (``"nl": {"title": …}``): known texts, strings only."""
    found: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        block = data.get(lang)
        if block is None:
            continue
        if not isinstance(block, dict) or any(
            k not in TRANSLATED or not isinstance(v, str) or not v.strip() for k, v in block.items()
        ):
            raise CentralError(
                _("share profile {source}: the {lang} block may give only {fields}, each as text").format(
                    source=source, lang=lang, fields=", ".join(TRANSLATED)
                )
            )
        found[lang] = dict(block)
    return found


@cache
def profile_names() -> tuple[str, ...]:
    """The profiles shipped with the package."""
    folder = resources.files("inspect_tui.central") / "profiles"
    return tuple(sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")))


def load_profile(name: str) -> Profile:
    """A shipped profile by name."""
    if name not in profile_names():
        raise CentralError(
            _("no share profile {name}; choose one of: {names}").format(
                name=repr(name), names=", ".join(profile_names())
            )
        )
    text = (resources.files("inspect_tui.central") / "profiles" / f"{name}.json").read_text(encoding="utf-8")
    return parse_profile(json.loads(text), f"{name}.json")
