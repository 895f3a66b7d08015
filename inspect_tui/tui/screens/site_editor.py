"""Create or edit a site and its address."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import Site
from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.record_editor import RecordEditor
from inspect_tui.tui.widgets.form import FieldSpec


class SiteEditor(RecordEditor):
    """The site form: identity, address, who runs it, certification."""

    model: ClassVar[type[Record]] = Site
    title_new = "New site"
    title_edit = "Edit site"

    def specs(self) -> Sequence[FieldSpec]:
        return [
            FieldSpec("name", _("Name"), placeholder=_("e.g. Vakantiepark De Wilgen")),
            FieldSpec(
                "kind",
                _("Kind"),
                "select",
                [(_("housing"), "housing"), (_("workplace"), "workplace")],
                allow_blank=False,
            ),
            FieldSpec(
                "housing_type",
                _("SNF housing type"),
                "select",
                [
                    (_("a — regular dwelling"), "a"),
                    (_("b — hotel or pension"), "b"),
                    (_("c — units in a building complex"), "c"),
                    (_("d — housing units"), "d"),
                    (_("e — holiday park"), "e"),
                ],
            ),
            FieldSpec(
                "akf_category",
                _("AKF category"),
                "select",
                [(_("year-round"), "year_round"), (_("seasonal"), "seasonal")],
            ),
            FieldSpec(
                "sector",
                _("Sector"),
                "select",
                [
                    (_("meat processing"), "meat_processing"),
                    (_("horticulture"), "horticulture"),
                    (_("distribution"), "distribution"),
                    (_("agriculture"), "agriculture"),
                    (_("other"), "other"),
                ],
                allow_blank=False,
            ),
            FieldSpec("high_risk", _("High-risk sector override (empty: follows the sector)"), "tristate"),
            FieldSpec("zoned_residential", _("Zoned residential (wonen)"), "tristate"),
            FieldSpec("street", _("Street")),
            FieldSpec("house_number", _("House number"), "integer"),
            FieldSpec("house_letter", _("House letter")),
            FieldSpec("house_addition", _("Addition")),
            FieldSpec("postcode", _("Postcode"), placeholder="1234 AB"),
            FieldSpec("city", _("City")),
            FieldSpec("country", _("Country"), placeholder="NL"),
            FieldSpec("operator_name", _("Housing provider")),
            FieldSpec("operator_kvk", _("Provider KvK number")),
            FieldSpec("employer_name", _("Employer (hirer)")),
            FieldSpec("employer_kvk", _("Employer KvK number")),
            FieldSpec("agency_name", _("Agency")),
            FieldSpec("agency_kvk", _("Agency KvK number")),
            FieldSpec("agency_sna_certified", _("Agency SNA certified"), "tristate"),
            FieldSpec(
                "certification",
                _("Certification"),
                "select",
                [("SNF", "snf"), ("AKF", "akf"), ("SNF + AKF", "snf_akf"), (_("none"), "none")],
                allow_blank=False,
            ),
            FieldSpec("certification_number", _("Certification number")),
            FieldSpec("certification_valid_until", _("Certified until"), "date"),
            FieldSpec("notes", _("Notes")),
        ]

    def loaded(self, data: dict[str, object], extra: object = None) -> None:
        if not data:
            data = {"kind": "housing", "sector": "other", "certification": "none", "country": "NL"}
        super().loaded(data, extra)

    def build(self) -> Record:
        values = self.form.values()
        if values.get("country") is None:
            values["country"] = "NL"
        data = {**self.original, **values}
        if self.record_id is not None:
            data["id"] = self.record_id
        else:
            data.pop("id", None)
        return Site.model_validate(data)
