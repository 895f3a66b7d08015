"""What the site screen writes about a site and its units: the site header and a unit's line in the tree."""

from __future__ import annotations

from rich.text import Text

from inspect_tui.checklists.verdict_words import akf_word
from inspect_tui.domain.models import Site
from inspect_tui.reports.words import word as sector_word
from inspect_tui.store.queries import UnitRow
from inspect_tui.tui.i18n import _, format_figure, ngettext
from inspect_tui.tui.widgets.labels import kind_label, unit_kind_label


def unit_label(unit: UnitRow) -> Text:
    """ "Caravan 7  24 m² · 4 beds · 3 p", with a warning mark when more sleep there than there are beds."""
    text = Text(unit.label, style="bold")
    facts = []
    if unit.floor_area_m2 is not None:
        facts.append(f"{format_figure(unit.floor_area_m2)} m²")
    if unit.beds is not None:
        facts.append(ngettext("{n} bed", "{n} beds", unit.beds).format(n=unit.beds))
    facts.append(_("{n} p").format(n=unit.occupants))
    text.append("  " + unit_kind_label(unit.kind) + " · " + " · ".join(facts), style="dim")
    if unit.beds is not None and unit.occupants > unit.beds:
        text.append("  ⚠ " + _("overcrowded"))
    return text


def describe_site(site: Site) -> Text:
    """The site header: name, address and the facts that decide which norms apply."""
    text = Text(site.name, style="bold")
    address = site.address_line()
    if address:
        text.append("  " + address)
    facts = [kind_label(site.kind.value)]
    if site.housing_type:
        facts.append(_("SNF type {t}").format(t=site.housing_type.value))
    if site.akf_category:
        facts.append(_("AKF {c}").format(c=akf_word(site.akf_category.value)))
    facts.append(_("sector: {s}").format(s=sector_word(site.sector.value)))
    if site.housing_type is None and site.kind.value == "housing":
        facts.append(_("no housing type: measured items stay undecided"))
    from inspect_tui.checklists.high_risk import effective_high_risk

    if effective_high_risk(site.sector.value, site.high_risk):
        facts.append(_("high-risk sector") + ("" if site.high_risk is None else " (" + _("recorded") + ")"))
    elif site.high_risk is False:
        facts.append(_("not high-risk (recorded)"))
    if site.certification.value != "none":
        facts.append(_("certified {c}").format(c=site.certification.value.upper().replace("_", " + ")))
    text.append("\n" + " · ".join(facts), style="dim")
    parties = [p for p in (site.operator_name, site.employer_name, site.agency_name) if p]
    if parties:
        text.append("\n" + " · ".join(parties), style="dim")
    return text
