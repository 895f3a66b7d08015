"""Register or edit an occupant of a unit. The BSN is masked except while it is being edited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.widgets import Select

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import Occupant
from inspect_tui.store import queries
from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.record_editor import RecordEditor
from inspect_tui.tui.widgets.form import FieldSpec
from inspect_tui.tui.worker_results import deliver


class OccupantEditor(RecordEditor):
    """The occupant form; ``unit_id`` says where the person sleeps."""

    model: ClassVar[type[Record]] = Occupant
    title_new = "New occupant"
    title_edit = "Edit occupant"

    def specs(self) -> Sequence[FieldSpec]:
        return [
            FieldSpec("name", _("Name")),
            FieldSpec("bsn", _("BSN"), "bsn"),
            FieldSpec("date_of_birth", _("Date of birth"), "date"),
            FieldSpec("nationality", _("Nationality"), placeholder="PL"),
            FieldSpec("employer", _("Employer")),
            FieldSpec("agency", _("Agency")),
            FieldSpec("phone", _("Phone")),
            FieldSpec("email", _("E-mail")),
            FieldSpec(
                "brp_status",
                _("BRP registration"),
                "select",
                [
                    (_("resident (BRP)"), "ingezetene"),
                    (_("RNI"), "rni"),
                    (_("not registered"), "not_registered"),
                    (_("unknown"), "unknown"),
                ],
                allow_blank=False,
            ),
            FieldSpec("written_rental_contract", _("Written rental contract"), "tristate"),
            FieldSpec("contract_separate", _("Contract separate from employment contract"), "tristate"),
            FieldSpec("zorgpas_in_own_possession", _("Holds own health-insurance card"), "tristate"),
            FieldSpec("abroad_country", _("Address abroad: country"), placeholder="PL"),
            FieldSpec("abroad_city", _("Address abroad: city")),
            FieldSpec("abroad_street", _("Address abroad: street and number")),
            FieldSpec("arrived_in_nl", _("Arrived in the Netherlands"), "date"),
            FieldSpec("expected_stay_until", _("Expected to stay until"), "date"),
            FieldSpec("in_unit_since", _("In this unit since"), "date"),
            FieldSpec("health_insured", _("Health insurance"), "tristate"),
            FieldSpec("health_insurer", _("Health insurer")),
            FieldSpec("insured_until", _("Insured until"), "date"),
            FieldSpec("couple_with", _("Partner sharing the bedroom"), "select"),
        ]

    def load_extra(self, db: Any) -> Any:
        return queries.possible_partners(db, str(self.fixed.get("unit_id")), self.record_id)

    def on_mount(self) -> None:
        super().on_mount()
        if self.record_id is None:
            self._load_partners()

    def _load_partners(self) -> None:
        def work() -> None:
            with self.inspect_app.db() as db:
                partners = self.load_extra(db)
            deliver(self.app, self._set_partners, partners)

        self.run_worker(work, thread=True, group="partners", exit_on_error=False)

    def _set_partners(self, partners: list[tuple[str, str]]) -> None:
        select = self.form.control("couple_with")
        assert isinstance(select, Select)
        current = select.value
        select.set_options(partners)
        if current is not Select.NULL and any(v == current for _label, v in partners):
            select.value = current

    def loaded(self, data: dict[str, Any], extra: Any = None) -> None:
        if not data:
            data = {"brp_status": "unknown"}
        if extra is not None:
            self._set_partners(extra)
        super().loaded(data, extra)
