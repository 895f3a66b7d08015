"""The sample's week of inspection work, walked through the store's workflow in story order."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from inspect_tui.checklists.rule_kind import rule_kind
from inspect_tui.checklists.verdict_lines import out_of_force
from inspect_tui.domain.checklist import AnswerType, Item
from inspect_tui.domain.enums import AnswerVerdict, ReviewDecision, Severity
from inspect_tui.domain.models import Finding, Inspection, Site
from inspect_tui.i18n import localise_figures
from inspect_tui.sample.ingredients import TEAM_LEAD, Fail, at, png_bytes
from inspect_tui.sample.places import Places
from inspect_tui.store import workflow as wf
from inspect_tui.store.records import delete


class SampleBuilder(Places):
    """Writes the sample's sites, units, occupants and inspections, in story order."""

    def build(self) -> None:
        park, farm, pension, hostel, meat, greenhouse, dc, abroad = self.sites()
        self.holiday_park(park)
        self.farmhouse(farm)
        self.pension(pension)
        self.large_scale(hostel)
        self.across_the_border(abroad)
        self.inspections(park, farm, pension, hostel, meat, greenhouse, dc, abroad)

    # inspections ------------------------------------------------------------------------------

    def walk(
        self,
        inspection: Inspection,
        answers: Mapping[str, str] | None = None,
        fails: Mapping[str, Fail] | None = None,
        *,
        only: tuple[str, ...] | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> dict[str, Finding]:
        """Answer the checklist in order, as an inspector on site would.

        Unnamed yes/no checks get their passing answer, computed items are left to the
        rules, measurements the site already yields are not retyped. Every failed item
        gets a finding (from fails, or a plain one). only limits the walk to items whose id
        starts with one of its prefixes (a draft that is partly done).
        """
        answers, fails, notes = answers or {}, fails or {}, notes or {}
        derived = {k for k, (_, where) in wf.measurement_sources(self.db, inspection).items() if where == "site"}
        for item in wf.checklist_items(inspection):
            if only is not None and not item.id.startswith(only):
                continue
            value = answers.get(item.id)
            if out_of_force(item, inspection.started_at.date()) is not None:
                continue  # not asked outside the item's dates (it is n.a. already)
            if value is None:
                if item.rule is not None or not item.required:
                    continue
                if item.measure is not None and item.measure.value in derived:
                    continue
                if item.answer_type is not AnswerType.YES_NO_NA:
                    raise RuntimeError(f"the sample script has no answer for required item {item.id}; add one")
                value = item.expected
            wf.answer_item(self.db, inspection.id, item.id, value, note=notes.get(item.id))
        found: dict[str, Finding] = {}
        have = {
            r[0]
            for r in self.db.execute(
                "SELECT item_id FROM findings WHERE inspection_id = ? AND item_id IS NOT NULL", [inspection.id]
            ).fetchall()
        }
        given = wf.answers_by_item(self.db, inspection.id)
        for item in wf.checklist_items(inspection):
            answer = given.get(item.id)
            if answer is None or answer.verdict is not AnswerVerdict.FAIL or item.id in have:
                continue
            fail = fails.get(item.id, Fail(_proposed(item, answer.units)))
            found[item.id] = wf.add_finding(
                self.db,
                inspection.id,
                item.severity_if_failed,
                fail.description,
                item_id=item.id,
                unit_id=self.units[fail.unit].id if fail.unit else None,
                partner=fail.partner,
                found_on=inspection.started_at.date(),
            )
        return found

    def photo(self, name: str, seed: int) -> Path:
        path = self.photos / name
        path.write_bytes(png_bytes(32, 24, seed))
        return path

    def inspections(
        self,
        park: Site,
        farm: Site,
        pension: Site,
        hostel: Site,
        meat: Site,
        greenhouse: Site,
        dc: Site,
        abroad: Site,
    ) -> None:
        db, devries, elamrani = self.db, "J. de Vries", "A. El Amrani"
        park_answers = {
            "akf.space.category": "seasonal",
            "akf.space.walkable_floor": "96,5",
            "akf.space.max_in_bedroom": "2",
            "akf.space.living_area_pp": "n.a.",
            "akf.space.walkable_floor_pp": "n.a.",
            "akf.space.persons_per_bedroom": "n.a.",
            "covid-2020.register.brp": "mixed",
            "covid-2020.housing.max_in_bedroom": "2",
            "covid-2020.housing.one_per_bedroom": "n.a.",
            "covid-2020.certification.keurmerk": "akf",
            "covid-2020.work.sector": "horticulture",
        }

        # Mon 12 Oct: the holiday park; three findings, approved two days later.
        first = wf.start_inspection(db, park.id, ["akf", "covid-2020"], devries, now=at(-35, 8, 30))
        october = self.walk(
            first,
            {
                **park_answers,
                "akf.fire.extinguisher": "no",
                "akf.management.occupancy_matches": "no",
                "akf.information.house_rules": "no",
            },
            {
                "akf.fire.extinguisher": Fail(
                    "Brandblusser ontbreekt in caravan 07; bij de kookplaats staat geen blusmiddel.", "Caravan 07"
                ),
                "akf.management.occupancy_matches": Fail(
                    "In caravan 03 verblijven 4 personen, in het register staan er 2; caravan 07 staat "
                    "met 3 personen geregistreerd maar er verblijven er 2.",
                    "Caravan 03",
                ),
                "akf.information.house_rules": Fail(
                    "Huisregels hangen alleen in het Nederlands; niet in het Pools of Roemeens."
                ),
            },
            notes={"akf.fire.extinguisher": "Foto gemaakt van de lege ophangbeugel."},
        )
        wf.attach_file(db, october["akf.fire.extinguisher"].id, self.photo("caravan07_blusser.png", 1))
        wf.complete(db, first.id, devries, now=at(-35, 11, 40))
        wf.review(db, first.id, TEAM_LEAD, ReviewDecision.APPROVE, now=at(-33, 9, 15))

        # Mon 16 Nov: re-inspection of the park; the extinguisher and the house rules are fixed,
        # the register still does not match.
        again = wf.start_inspection(db, park.id, ["snf", "akf", "covid-2020"], devries, now=at(0, 8, 15))
        for earlier in wf.open_findings_of_site(db, park.id, again):
            wf.confirm_finding(
                db,
                again.id,
                earlier.id,
                resolved=earlier.item_id != "akf.management.occupancy_matches",
                now=at(0, 8, 20),
            )
        residents, combined = db.execute(
            "SELECT COUNT(*), SUM(o.written_rental_contract = 1 AND o.contract_separate = 0) FROM occupants o "
            "JOIN units u ON u.id = o.unit_id WHERE u.site_id = ?",
            [park.id],
        ).fetchone()
        self.walk(
            again,
            {
                **park_answers,
                "snf.space.bedrooms": "20",
                "snf.space.bedroom_area": "150",
                "snf.facilities.sockets": "60",
                "snf.facilities.fridge_litres": "1400",
                "snf.facilities.burners": "44",
                "snf.management.beds_registered": "20",
                "snf.management.occupancy_matches": "no",
                "akf.management.occupancy_matches": "no",
                "covid-2020.tenancy.separate_contract": "no" if combined else "yes",
            },
            {
                "covid-2020.tenancy.separate_contract": Fail(
                    f"Bij {combined} van de {residents} bewoners is de huurovereenkomst geen apart document "
                    "maar onderdeel van de arbeidsovereenkomst."
                )
            },
        )
        wf.complete(db, again.id, devries, now=at(0, 12, 5))

        # Mon 16 Nov: the farmhouse; too many people for the living area and one shower.
        farmhouse = wf.start_inspection(db, farm.id, ["snf"], elamrani, now=at(0, 13, 30))
        farm_findings = self.walk(
            farmhouse,
            {
                "snf.facilities.sockets": "14",
                "snf.facilities.fridge_litres": "400",
                "snf.facilities.burners": "6",
                "snf.management.beds_registered": "11",
                "snf.management.occupancy_matches": "no",
                "snf.fire.co_detectors": "no",
            },
            {
                "snf.space.living_area_pp": Fail(
                    "12 bewoners op 132 m² woonoppervlak: 11,0 m² per persoon, minder dan de vereiste 12 m²."
                ),
                "snf.sanitary.showers_pp": Fail("Eén douche voor 12 bewoners; vereist is 1 per 8 personen."),
                "snf.management.occupancy_matches": Fail(
                    "In slaapkamer 3 slapen 3 personen terwijl het register er 2 vermeldt.", "Slaapkamer 3"
                ),
                "snf.fire.co_detectors": Fail("Geen CO-melder in de ruimte met de cv-ketel op zolder."),
            },
        )
        wf.attach_file(db, farm_findings["snf.sanitary.showers_pp"].id, self.photo("douche_boerderij.png", 2))
        wf.complete(db, farmhouse.id, elamrani, now=at(0, 16, 10))
        wf.review(
            db,
            farmhouse.id,
            TEAM_LEAD,
            ReviewDecision.SEND_BACK,
            now=at(2, 10, 0),
            reason="Foto van slaapkamer 3 ontbreekt en de CO-bevinding noemt geen termijn-afspraak; "
            "graag aanvullen en opnieuw indienen.",
        )

        # Tue 17 Nov: the pension in Oss (high-risk sector): shared bedrooms.
        pension_visit = wf.start_inspection(db, pension.id, ["snf", "covid-2020"], devries, now=at(1, 9, 0))
        pension_findings = self.walk(
            pension_visit,
            {
                "snf.facilities.sockets": "16",
                "snf.facilities.fridge_litres": "240",
                "snf.facilities.burners": "8",
                "snf.management.beds_registered": "12",
                "covid-2020.register.brp": "rni",
                "covid-2020.certification.keurmerk": "snf",
                "covid-2020.certification.valid": "no",
                "covid-2020.work.sector": "meat_processing",
                "covid-2020.housing.couples_share": "yes",
            },
            {
                "covid-2020.housing.one_per_bedroom": Fail(
                    "Kamer 4 en kamer 8 worden elk gedeeld door twee collega's die geen stel zijn; "
                    "in de vleesverwerking geldt één slaapkamer per persoon.",
                    "Kamer 4",
                ),
                "snf.facilities.fridge_pp": Fail("Koelkastinhoud 240 liter voor 10 bewoners: 24 l per persoon."),
                "covid-2020.certification.valid": Fail("Het SNF-certificaat is op 31-10-2026 verlopen."),
            },
        )
        wf.complete(db, pension_visit.id, devries, now=at(1, 11, 30))
        # Wed: a second fridge in the storeroom was missed; reopened, corrected, signed again.
        wf.reopen(
            db,
            pension_visit.id,
            devries,
            "Tweede koelkast (120 l) in de berging over het hoofd gezien; meting koelkastinhoud corrigeren.",
            now=at(2, 8, 45),
        )
        wf.answer_item(
            db, pension_visit.id, "snf.facilities.fridge_litres", "360", note="Inclusief koelkast in de berging."
        )
        delete(db, Finding, pension_findings["snf.facilities.fridge_pp"].id)
        wf.complete(db, pension_visit.id, devries, now=at(2, 9, 5))

        # Tue 17 Nov: the meat plant; the same photo documents two findings (stored once).
        plant = wf.start_inspection(db, meat.id, ["rie"], elamrani, now=at(1, 13, 0))
        plant_findings = self.walk(
            plant,
            {
                "rie.rie.review_exemption": "none",
                "rie.rie.last_update": "2026-02-09",
                "rie.meat.machines": "no",
                "rie.meat.knives": "yes",
                "rie.meat.physical_load": "yes",
                "rie.meat.noise": "yes",
                "rie.meat.work_pressure": "yes",
                "rie.meat.instruction_language": "no",
                "rie.rie.given_to_agency": "no",
            },
            {
                "rie.meat.machines": Fail(
                    "Afscherming van de zaagmachine op uitsnijlijn 2 ontbreekt; direct stilleggen tot herstel.",
                    partner="Arbeidsinspectie",
                ),
                "rie.meat.instruction_language": Fail(
                    "Werkinstructies en veiligheidsinstructie alleen in het Nederlands; veel werknemers "
                    "spreken Roemeens of Bulgaars."
                ),
                "rie.rie.given_to_agency": Fail(
                    "Het uitzendbureau heeft het relevante deel van de RI&E niet ontvangen (art. 5 lid 5)."
                ),
            },
        )
        line_photo = self.photo("uitsnijlijn2.png", 3)
        wf.attach_file(db, plant_findings["rie.meat.machines"].id, line_photo)
        wf.attach_file(db, plant_findings["rie.meat.machines"].id, line_photo)  # twice: one attachment
        wf.attach_file(db, plant_findings["rie.meat.instruction_language"].id, line_photo)
        wf.complete(db, plant.id, elamrani, now=at(1, 16, 20))
        wf.review(db, plant.id, TEAM_LEAD, ReviewDecision.APPROVE, now=at(3, 14, 0))

        # Wed 18 Nov: the large-scale location; still a draft, half walked.
        hostel_visit = wf.start_inspection(db, hostel.id, ["snf"], elamrani, now=at(2, 13, 15))
        self.walk(
            hostel_visit,
            {"snf.space.bedrooms": "24", "snf.space.bedroom_area": "302", "snf.information.card_present": "no"},
            {"snf.information.card_present": Fail("Geen informatiekaart bij de ingang van blok B.", "Blok B")},
            only=("snf.space.", "snf.sanitary.", "snf.information."),
        )
        wf.add_finding(
            db,
            hostel_visit.id,
            Severity.MAJOR,
            "Kamer A04 en kamer B07 staan in het register voor 2 personen; er verblijft telkens 1 persoon.",
            unit_id=self.units["Kamer A04"].id,
            found_on=hostel_visit.started_at.date(),
        )

        # Thu 19 Nov: the greenhouse.
        glass = wf.start_inspection(db, greenhouse.id, ["rie"], devries, now=at(3, 8, 0))
        self.walk(
            glass,
            {
                "rie.rie.review_exemption": "branch_tool",
                "rie.rie.last_update": "2025-11-03",
                "rie.horticulture.crop_protection": "no",
                "rie.horticulture.pipe_rail": "yes",
                "rie.horticulture.heat": "yes",
                "rie.organisation.prevention_officer": "no",
            },
            {
                "rie.horticulture.crop_protection": Fail(
                    "Herbetredingstermijnen na spuiten worden niet bijgehouden; geen bord bij kas 3."
                ),
                "rie.organisation.prevention_officer": Fail("Geen preventiemedewerker aangewezen."),
            },
        )
        wf.complete(db, glass.id, devries, now=at(3, 10, 45))
        wf.review(
            db,
            glass.id,
            TEAM_LEAD,
            ReviewDecision.COMMENT,
            now=at(4, 9, 30),
            reason="Herinspectie van de kas inplannen na de deadline van de bevinding over herbetreding.",
        )

        # Fri 20 Nov: the distribution centre, just started.
        centre = wf.start_inspection(db, dc.id, ["rie", "covid-2020"], elamrani, now=at(4, 8, 30))
        wf.answer_item(db, centre.id, "rie.rie.present", "ja")
        wf.answer_item(db, centre.id, "rie.rie.current", "ja")
        wf.answer_item(
            db, centre.id, "rie.distribution.traffic", "nee", note="Heftrucks rijden door het looppad bij dock 12."
        )
        wf.answer_item(
            db,
            centre.id,
            "covid-2020.transport.masks",
            "n.v.t.",
            note="Busvervoer is sinds 2023 gestopt; werknemers fietsen.",
        )
        traffic = wf.add_finding(
            db,
            centre.id,
            Severity.CRITICAL,
            "Geen scheiding tussen heftruckverkeer en voetgangers bij dock 12.",
            item_id="rie.distribution.traffic",
            found_on=centre.started_at.date(),
        )
        wf.attach_file(db, traffic.id, self.photo("dock12_looppad.png", 4))

        # Fri 20 Nov: the house across the border, with the Kreis Viersen; a draft.
        border = wf.start_inspection(db, abroad.id, ["covid-2020"], devries, now=at(4, 13, 0))
        self.walk(
            border,
            {"covid-2020.register.present": "no", "covid-2020.register.brp": "not_registered"},
            {
                "covid-2020.register.present": Fail(
                    "Geen bewonersregister aanwezig; de verhuurder kon niet zeggen wie in welke kamer slaapt.",
                    partner="Kreis Viersen",
                )
            },
            only=("covid-2020.register.",),
        )


def _proposed(item: Item, units: str | None) -> str:
    """The finding the sample proposes for a failed item: the item and every failing unit."""
    text = f"Voldoet niet: {item.text_nl}"
    lines = (units or "").split("\n")[1:]
    if lines:  # the figures as a Dutch inspector writes them: 2,7 m²/p
        text += " — " + "; ".join(localise_figures(line, lang="nl") for line in lines)
    if not rule_kind(item).binding:
        text = f"Advies (aanbeveling, niet bindend): {text}"
    return text
