"""The sample's places: sites, their units and the (made-up) people living in them."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlite_utils import Database

from inspect_tui.domain.enums import AkfCategory, BrpStatus, Certification, Sector, SiteKind, SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.sample.ingredients import HOME_TOWNS, MARKERS, PEOPLE, SEED, ascii_handle, sample_bsns
from inspect_tui.store.records import save


class Places:
    """Writes the sample's sites, units and occupants (the inspections follow in ``visits``)."""

    def __init__(self, db: Database, photos: Path) -> None:
        self.db = db
        self.photos = photos
        self.rng = random.Random(SEED)
        self.bsns = sample_bsns()
        self.people = 0
        self.units: dict[str, Unit] = {}

    # sites -----------------------------------------------------------------------------------

    def sites(self) -> list[Site]:
        agency = {"agency_name": "Voorbeeld Uitzendgroep B.V.", "agency_kvk": "90000303"}
        sites = [
            Site(
                name="Vakantiepark De Wilgenhoek",
                housing_type=SnfHousingType.HOLIDAY_PARK,
                akf_category=AkfCategory.SEASONAL,
                sector=Sector.HORTICULTURE,
                street="Wilgenhoekweg",
                house_number=4,
                postcode="2691 XK",
                city="'s-Gravenzande",
                operator_name="Recreatiepark Voorbeeld Westland B.V.",
                operator_kvk="90000101",
                employer_name="Demo Glastuinbouw Westland B.V.",
                employer_kvk="90000202",
                **agency,
                agency_sna_certified=True,
                certification=Certification.SNF_AKF,
                certification_number="AKF-L-0917",
                certification_valid_until=dt.date(2027, 3, 31),
                notes="Seizoenshuisvesting voor kasmedewerkers, 22 stacaravans op de achterste velden.",
            ),
            Site(
                name="Woonboerderij Hoeve Lindelust",
                housing_type=SnfHousingType.REGULAR_DWELLING,
                sector=Sector.AGRICULTURE,
                street="Lindelustweg",
                house_number=12,
                house_letter="a",
                postcode="5961PX",
                city="Horst",
                operator_name="Agrarisch Proefbedrijf Lindelust V.O.F.",
                operator_kvk="90000404",
                employer_name="Agrarisch Proefbedrijf Lindelust V.O.F.",
                employer_kvk="90000404",
                certification=Certification.SNF,
                certification_number="SNF-2024-99117",
                certification_valid_until=dt.date(2027, 6, 30),
                notes="Verbouwde boerderij; zes slaapkamers op de verdieping.",
            ),
            Site(
                name="Pension De Zwaluw",
                housing_type=SnfHousingType.HOTEL_OR_PENSION,
                sector=Sector.MEAT_PROCESSING,
                street="Zwaluwstraat",
                house_number=17,
                house_addition="1",
                postcode="5347 KT",
                city="Oss",
                operator_name="Pension De Zwaluw Demo B.V.",
                operator_kvk="90000505",
                employer_name="Testvlees Oss B.V.",
                employer_kvk="90000606",
                agency_name="FlexDemo Personeelsdiensten B.V.",
                agency_kvk="90000707",
                agency_sna_certified=False,
                certification=Certification.SNF,
                certification_number="SNF-2023-99231",
                certification_valid_until=dt.date(2026, 10, 31),
                notes="Bewoners werken in de vleesverwerking (hoogrisicosector).",
            ),
            Site(
                name="Logiesgebouw Havenkwartier",
                housing_type=SnfHousingType.HOUSING_UNITS,
                zoned_residential=False,
                sector=Sector.DISTRIBUTION,
                street="Havendijk",
                house_number=140,
                postcode="5048 AV",
                city="Tilburg",
                operator_name="Voorbeeld Huisvesting Brabant B.V.",
                operator_kvk="90000808",
                employer_name="Proef Logistiek Venlo B.V.",
                employer_kvk="90000909",
                **agency,
                agency_sna_certified=True,
                certification=Certification.SNF,
                certification_number="SNF-2025-99305",
                certification_valid_until=dt.date(2027, 9, 30),
                notes="Grootschalige locatie: twee blokken met elk twaalf kamers.",
            ),
            Site(
                name="Testvlees Oss (productielocatie)",
                kind=SiteKind.WORKPLACE,
                sector=Sector.MEAT_PROCESSING,
                street="Slachthuisweg-Zuid",
                house_number=200,
                postcode="5349 BC",
                city="Oss",
                operator_name="Testvlees Oss B.V.",
                operator_kvk="90000606",
                employer_name="Testvlees Oss B.V.",
                employer_kvk="90000606",
                agency_name="FlexDemo Personeelsdiensten B.V.",
                agency_kvk="90000707",
                agency_sna_certified=False,
            ),
            Site(
                name="Kwekerij Demo Glas",
                kind=SiteKind.WORKPLACE,
                sector=Sector.HORTICULTURE,
                street="Glasweg",
                house_number=31,
                postcode="2671 LK",
                city="Naaldwijk",
                operator_name="Demo Glastuinbouw Westland B.V.",
                operator_kvk="90000202",
                employer_name="Demo Glastuinbouw Westland B.V.",
                employer_kvk="90000202",
                **agency,
                agency_sna_certified=True,
            ),
            Site(
                name="Distributiecentrum Proefpark",
                kind=SiteKind.WORKPLACE,
                sector=Sector.DISTRIBUTION,
                street="Logistiekweg",
                house_number=5,
                postcode="5928 RZ",
                city="Venlo",
                operator_name="Proef Logistiek Venlo B.V.",
                operator_kvk="90000909",
                employer_name="Proef Logistiek Venlo B.V.",
                employer_kvk="90000909",
                **agency,
                agency_sna_certified=True,
            ),
            Site(
                name="Unterkunft Grenzweg",
                housing_type=SnfHousingType.REGULAR_DWELLING,
                sector=Sector.DISTRIBUTION,
                country="DE",
                street="Grenzweg",
                house_number=9,
                postcode="41334",
                city="Nettetal",
                operator_name="Demo Wohnen Niederrhein GmbH",
                employer_name="Proef Logistiek Venlo B.V.",
                employer_kvk="90000909",
                **agency,
                agency_sna_certified=True,
                notes="Woning over de grens; bewoners werken in Venlo. Gezamenlijke controle met de "
                "Kreis Viersen (aanbeveling 6.1–6.3).",
            ),
        ]
        for site in sites:
            save(self.db, site)
        return sites

    # units and occupants -----------------------------------------------------------------------

    def unit(self, site: Site, label: str, kind: UnitKind, parent: str | None = None, **values: object) -> Unit:
        unit = Unit.model_validate(
            {
                "site_id": site.id,
                "label": label,
                "kind": kind,
                "parent_id": self.units[parent].id if parent else None,
                **values,
            }
        )
        assert label not in self.units, f"sample script: unit label {label!r} is used twice"
        save(self.db, unit)
        self.units[label] = unit
        return unit

    def occupants(
        self,
        unit: Unit,
        count: int,
        nationalities: tuple[str, ...],
        employer: str,
        agency: str | None,
        *,
        couple: bool = False,
    ) -> list[Occupant]:
        """count made-up people in unit; with couple the first two are partners."""
        made: list[Occupant] = []
        for _ in range(count):
            self.people += 1
            nationality = self.rng.choice(nationalities)
            given, family = PEOPLE[nationality]
            name = f"{MARKERS[self.people % 3]} {self.rng.choice(given)} {self.rng.choice(family)}"
            # About one in seven has no BSN (yet): new arrivals, or not registered at all.
            has_bsn = self.people % 7 != 3
            brp = (
                self.rng.choice([BrpStatus.INGEZETENE, BrpStatus.RNI, BrpStatus.RNI, BrpStatus.UNKNOWN])
                if has_bsn
                else BrpStatus.NOT_REGISTERED
            )
            contract = self.rng.random() < 0.75
            reachable = self.people % 3 == 0
            handle = name.split(" ", 1)[1].lower().replace(" ", ".")
            occupant = Occupant(
                unit_id=unit.id,
                name=name,
                bsn=next(self.bsns) if has_bsn else None,
                date_of_birth=dt.date(1968, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 36 * 365)),
                nationality=nationality,
                employer=employer,
                agency=agency,
                phone=f"+31 6 0000 {self.people:04d}" if reachable else None,
                email=f"test.{ascii_handle(handle)}@example.nl" if reachable and self.people % 2 else None,
                brp_status=brp,
                written_rental_contract=contract,
                contract_separate=(self.rng.random() < 0.7) if contract else None,
                zorgpas_in_own_possession=self.rng.random() < 0.8,
                **self.stay_and_insurance(nationality),
            )
            save(self.db, occupant)
            made.append(occupant)
        if couple and len(made) >= 2:
            first, second = made[0], made[1]
            made[1] = second.model_copy(update={"couple_with": first.id})
            save(self.db, made[1])
            made[0] = first.model_copy(update={"couple_with": second.id})
            save(self.db, made[0])
        return made

    def stay_and_insurance(self, nationality: str) -> dict[str, object]:
        """Address abroad, arrival, expected stay, unit since and insurance (no random draws, so
        the rest of the sample stays as it was)."""
        n = self.people
        city, street = HOME_TOWNS[nationality]
        arrived = dt.date(2026, 3, 2) + dt.timedelta(days=(n * 37) % 220)
        stay_days = (75, 100, 240, 300)[n % 4]  # some short (RNI), some long (BRP)
        insured = n % 9 != 4
        return {
            "abroad_country": nationality,
            "abroad_city": city,
            "abroad_street": f"{street} {n % 60 + 1}",
            "arrived_in_nl": arrived,
            "expected_stay_until": arrived + dt.timedelta(days=stay_days),
            "in_unit_since": arrived + dt.timedelta(days=(n * 11) % 20),
            "health_insured": insured,
            "health_insurer": ("Demo Zorgverzekeraar", "Proef Zorg N.V.")[n % 2] if insured else None,
            "insured_until": arrived + dt.timedelta(days=stay_days + 30) if insured else None,
        }

    def holiday_park(self, site: Site) -> None:
        employer, agency = "Demo Glastuinbouw Westland B.V.", "Voorbeeld Uitzendgroep B.V."
        # (persons found, beds, persons in the provider's register) for the occupied caravans.
        found = {
            1: (2, 2, 2),
            2: (2, 4, 2),
            3: (4, 2, 2),
            5: (2, 2, 2),
            7: (2, 4, 3),
            8: (1, 2, 1),
            11: (2, 2, 2),
            12: (2, 4, 2),
            15: (2, 2, 2),
        }
        for number in range(1, 23):
            persons, beds, registered = found.get(number, (0, 4 if number % 3 == 0 else 2, 0))
            unit = self.unit(
                site,
                f"Caravan {number:02d}",
                UnitKind.CARAVAN,
                floor_area_m2=round(24 + (number % 5) * 2.5, 1),
                beds=beds,
                registered_persons=registered,
                toilets=1,
                showers=1,
                # Caravan 03 has a two-burner hob for its four persons (SNF asks at least 4).
                burners=2 if number == 3 else 4,
                fridge_litres=120.0,
                sockets=6,
            )
            if persons:
                self.occupants(unit, persons, ("PL", "RO", "LT"), employer, agency, couple=number in (5, 11))

    def farmhouse(self, site: Site) -> None:
        employer = "Agrarisch Proefbedrijf Lindelust V.O.F."
        self.unit(
            site,
            "Boerderij",
            UnitKind.BUILDING,
            floor_area_m2=132.0,
            toilets=2,
            showers=1,
            burners=6,
            fridge_litres=400.0,
            sockets=14,
            notes="Woonkamer, keuken en sanitair beneden; slaapkamers op de verdieping.",
        )
        rooms = [
            ("Slaapkamer 1", 9.5, 2, 2, 2),
            ("Slaapkamer 2", 12.0, 2, 2, 2),
            ("Slaapkamer 3", 8.0, 2, 2, 3),
            ("Slaapkamer 4", 14.5, 3, 2, 2),
            ("Slaapkamer 5", 7.5, 1, 1, 1),
            ("Slaapkamer 6", 10.0, 2, 2, 2),
        ]
        for label, area, beds, registered, persons in rooms:
            unit = self.unit(
                site, label, UnitKind.BEDROOM, "Boerderij", floor_area_m2=area, beds=beds, registered_persons=registered
            )
            self.occupants(unit, persons, ("PL", "BG", "HU"), employer, None, couple=label == "Slaapkamer 4")

    def pension(self, site: Site) -> None:
        employer, agency = "Testvlees Oss B.V.", "FlexDemo Personeelsdiensten B.V."
        self.unit(
            site,
            "Pension",
            UnitKind.BUILDING,
            floor_area_m2=160.0,
            toilets=3,
            showers=3,
            burners=6,
            fridge_litres=320.0,
            sockets=12,
        )
        for number in range(1, 9):
            persons = {1: 1, 2: 2, 3: 1, 4: 2, 5: 1, 6: 1, 7: 0, 8: 2}[number]
            unit = self.unit(
                site,
                f"Kamer {number}",
                UnitKind.BEDROOM,
                "Pension",
                floor_area_m2=9.0 + number % 4 * 2,
                beds=2 if number % 2 == 0 else 1,
                registered_persons=persons,
            )
            if persons:
                self.occupants(unit, persons, ("RO", "BG", "PT"), employer, agency, couple=number == 2)

    def large_scale(self, site: Site) -> None:
        employer, agency = "Proef Logistiek Venlo B.V.", "Voorbeeld Uitzendgroep B.V."
        for block in "AB":
            self.unit(
                site,
                f"Blok {block}",
                UnitKind.BUILDING,
                floor_area_m2=310.0,
                toilets=6,
                showers=6,
                burners=8,
                fridge_litres=300.0,
                sockets=16,
            )
            for number in range(1, 13):
                label = f"Kamer {block}{number:02d}"
                persons = 1 if (number + (block == "B")) % 3 else 0
                registered = persons if label not in ("Kamer A04", "Kamer B07") else persons + 1
                unit = self.unit(
                    site,
                    label,
                    UnitKind.ROOM,
                    f"Blok {block}",
                    floor_area_m2=12.0 + number % 3,
                    beds=1,
                    registered_persons=registered,
                )
                if persons:
                    self.occupants(unit, persons, ("PL", "PT", "LV", "RO"), employer, agency)

    def across_the_border(self, site: Site) -> None:
        employer, agency = "Proef Logistiek Venlo B.V.", "Voorbeeld Uitzendgroep B.V."
        self.unit(
            site,
            "Haus",
            UnitKind.BUILDING,
            floor_area_m2=95.0,
            toilets=1,
            showers=1,
            burners=4,
            fridge_litres=150.0,
            sockets=6,
        )
        for label, area, persons in (("Zimmer 1", 11.0, 2), ("Zimmer 2", 9.0, 2)):
            unit = self.unit(site, label, UnitKind.BEDROOM, "Haus", floor_area_m2=area, beds=2, registered_persons=2)
            self.occupants(unit, persons, ("PL", "RO"), employer, agency)
