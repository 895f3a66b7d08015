"""Reading one inspection's report from the database, each table once.

``build_report`` runs a fixed number of queries however many answers, findings or photos an
inspection has (no query per row), and turns the records into the frozen report model.
Personal data is reduced here, before any renderer sees it: occupancy is reported as figures
per unit, and the optional occupant list carries a masked BSN only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from sqlite_utils import Database

from inspect_tui.checklists import load_template
from inspect_tui.domain.base import Record
from inspect_tui.domain.checklist import AnswerType, Item, MeasureKey, Metric
from inspect_tui.domain.identifiers import mask_bsns
from inspect_tui.domain.models import Answer, Attachment, Finding, Inspection, Review, Site
from inspect_tui.domain.norms import Measurements, SiteContext, compare, evaluate, format_side_by_side
from inspect_tui.domain.signed import SignedFreeze
from inspect_tui.domain.text import STORED, shown_fields, shown_record
from inspect_tui.domain.unit_names import shown_names
from inspect_tui.i18n import N_, _, localise_figures, unit_word, using
from inspect_tui.reports.follow_up import follow_up_rows, item_photos, previous_text, taken_over
from inspect_tui.reports.model import (
    DeadlineStep,
    InspectionReport,
    ItemRow,
    MeasurementRow,
    PhotoInfo,
    ReportFinding,
    ReportUnit,
    ReviewRow,
    SectionBlock,
    SiteInfo,
    TemplateBlock,
    Withdrawal,
)
from inspect_tui.reports.occupant_rows import occupant_rows
from inspect_tui.reports.text import DECISIONS, date_text, measured_text, norm_of, severity_rank
from inspect_tui.reports.unit_rows import unit_rows
from inspect_tui.reports.words import word
from inspect_tui.store.codec import row_to_data
from inspect_tui.store.db import StoreError
from inspect_tui.store.dwelling_figures import effective_high_risk
from inspect_tui.store.occupancy import UnitOccupancy, occupancy
from inspect_tui.store.records import get
from inspect_tui.store.signed import context_for, signed_freeze, sources_for, units_for
from inspect_tui.store.verdicts import out_of_force, report_texts
from inspect_tui.store.workflow import measurement_sources_today, templates_of

R = TypeVar("R", bound=Record)

MEASURE_LABELS: dict[MeasureKey, tuple[str, str]] = {
    MeasureKey.PERSONS: (N_("Persons"), ""),
    MeasureKey.LIVING_AREA_M2: (N_("Living area"), "m²"),
    MeasureKey.BEDROOM_AREA_M2: (N_("Bedroom area"), "m²"),
    MeasureKey.BEDROOMS: (N_("Bedrooms"), ""),
    MeasureKey.MAX_PERSONS_IN_A_BEDROOM: (N_("Most persons in one bedroom"), ""),
    MeasureKey.TOILETS: (N_("Toilets"), ""),
    MeasureKey.SHOWERS: (N_("Showers"), ""),
    MeasureKey.BURNERS: (N_("Cooking burners"), ""),
    MeasureKey.FRIDGE_LITRES: (N_("Fridge and freezer capacity"), "l"),
    MeasureKey.SOCKETS: (N_("Wall sockets"), ""),
    MeasureKey.WALKABLE_FLOOR_M2: (N_("Walkable floor area"), "m²"),
}
"""How each measurement is named in a report, with its unit."""

Sources = dict[str, tuple[float, str]]


def records(db: Database, model: type[R], sql: str, params: Sequence[object]) -> list[R]:
    """Records of ``model`` from one query that selects all of the table's columns."""
    cursor = db.execute(sql, list(params))
    columns = [d[0] for d in cursor.description]
    return [  # text from older databases may hold control characters: shown escaped, never interpreted
        shown_record(model.model_validate(row_to_data(model, dict(zip(columns, row, strict=True))), context=STORED))
        for row in cursor.fetchall()
    ]


def build_report(
    db: Database,
    inspection_id: str,
    *,
    lang: str = "en",
    with_occupants: bool = False,
    generated_at: dt.datetime | None = None,
) -> InspectionReport:
    """Gather the report of one inspection; ``generated_at`` is printed only when given.

    ``lang`` ("en" or "nl") chooses the language of the checklist texts and of the words the
    model carries (decisions, measurement names, numbers).
    """
    with using(lang):
        return _build_report(db, inspection_id, lang, with_occupants, generated_at)


def _build_report(
    db: Database, inspection_id: str, lang: str, with_occupants: bool, generated_at: dt.datetime | None
) -> InspectionReport:
    inspection = get(db, Inspection, inspection_id)
    if inspection is None:
        raise StoreError(f"inspection {inspection_id} does not exist")
    inspection = shown_record(inspection)
    site = get(db, Site, inspection.site_id)
    if site is None:
        raise StoreError(f"the site of inspection {inspection_id} is missing from this database")
    site = shown_record(site)
    # A completed or approved inspection is read from what it was signed with, not today's site.
    freeze = signed_freeze(inspection)
    units = [shown_fields(unit, "label") for unit in units_for(db, inspection)]
    labels = shown_names([(u.unit_id, u.label, u.kind, u.parent_id) for u in units])  # as the verdict lines
    sources = sources_for(db, inspection)
    answers = records(db, Answer, "SELECT * FROM answers WHERE inspection_id = ?", [inspection.id])
    context = context_for(db, inspection)
    templates, answered, failed = _templates(inspection, {a.item_id: a for a in answers}, sources, context, lang)
    rows = unit_rows(units, templates_of(inspection), context)
    reviews = records(
        db, Review, "SELECT * FROM reviews WHERE inspection_id = ? ORDER BY created_at, id", [inspection.id]
    )
    occupants = occupant_rows(db, site.id, labels, freeze) if with_occupants else None
    return InspectionReport(
        inspection_id=inspection.id,
        status=inspection.status.value,
        inspector=inspection.inspector,
        started_at=inspection.started_at,
        completed_at=inspection.completed_at,
        signed_by=inspection.signed_by,
        previous_id=inspection.previous_id,
        notes=inspection.notes,
        site=_site_info(site, freeze),
        units=_with_today_units(rows, units, db, inspection) if freeze is not None else rows,
        measurements=_measurements(sources, measurement_sources_today(db, inspection) if freeze is not None else None),
        templates=templates,
        answered=answered,
        failed=failed,
        findings=_findings(db, inspection, labels, lang, _failing_figures(templates)),
        reviews=tuple(
            ReviewRow(r.reviewer, _(DECISIONS.get(r.decision.value, r.decision.value)), r.reason, r.created_at)
            for r in reviews
        ),
        occupants=occupants[0] if occupants is not None else None,
        occupants_as_signed=occupants is not None and occupants[1],
        generated_at=generated_at,
        lang=lang,
        follow_up=follow_up_rows(db, inspection),
        previous=previous_text(db, inspection),
        item_photos=item_photos(db, inspection, lang),
    )


def load_photos(db: Database, report: InspectionReport) -> dict[str, bytes]:
    """The bytes of every distinct picture of the report's findings, by SHA-256 (one query)."""
    shown = [p for f in report.findings for p in f.photos] + [i.photo for i in report.item_photos]
    wanted = sorted({p.sha256 for p in shown if p.is_image})
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = db.execute(f"SELECT sha256, data FROM blobs WHERE sha256 IN ({marks})", wanted).fetchall()
    return {str(digest): bytes(data) for digest, data in rows}


def _site_info(site: Site, freeze: SignedFreeze | None = None) -> SiteInfo:
    """The site; housing type, sector and high risk as signed when there is a snapshot."""
    info = _site_now(site)
    if freeze is None:
        return info
    housing = freeze.context.housing_type
    akf = freeze.context.akf_category
    return replace(
        info,
        housing_type=housing.value if housing else None,
        akf_category=akf.value if akf else None,
        sector=freeze.sector,
        high_risk=freeze.context.high_risk,
    )


def _site_now(site: Site) -> SiteInfo:
    def party(name: str | None, kvk: str | None) -> str:
        if name and kvk:
            return f"{name} (KvK {kvk})"
        return name or (f"KvK {kvk}" if kvk else "")

    return SiteInfo(
        id=site.id,
        name=site.name,
        address=site.address_line(),
        kind=site.kind.value,
        housing_type=site.housing_type.value if site.housing_type else None,
        akf_category=site.akf_category.value if site.akf_category else None,
        sector=site.sector.value,
        high_risk=effective_high_risk(site.sector.value, site.high_risk),
        operator=party(site.operator_name, site.operator_kvk),
        employer=party(site.employer_name, site.employer_kvk),
        agency=party(site.agency_name, site.agency_kvk),
        agency_sna_certified=site.agency_sna_certified,
        certification=site.certification.value,
        certification_number=site.certification_number,
        certification_valid_until=site.certification_valid_until,
        notes=site.notes,
    )


def _with_today_units(
    rows: tuple[ReportUnit, ...], signed: list[UnitOccupancy], db: Database, inspection: Inspection
) -> tuple[ReportUnit, ...]:
    """The signed rows (one per signed unit, in order), with today's persons and floor area where
    they differ ("now: 2"; a unit made larger after signing says which, not only the site's total)."""
    today = {u.unit_id: u for u in occupancy(db, inspection.site_id)}
    result = []
    for row, unit in zip(rows, signed, strict=True):
        now = today.get(unit.unit_id)
        if now is not None and now.persons != row.persons:
            row = replace(row, now_persons=now.persons)
        if now is not None and now.floor_area_m2 is not None and now.floor_area_m2 != row.floor_area_m2:
            row = replace(row, now_area_m2=now.floor_area_m2)
        result.append(row)
    return tuple(result)


def _measurements(sources: Sources, today: Sources | None = None) -> tuple[MeasurementRow, ...]:
    """The figures the verdicts used; with today's (of a signed inspection), today's beside those that differ."""
    rows = []
    for key, (name, unit) in MEASURE_LABELS.items():
        if key.value in sources:
            value, source = sources[key.value]
            text = f"{measured_text(value)} {unit}".strip()
            if today is not None and key.value in today and measured_text(today[key.value][0]) != measured_text(value):
                now = f"{measured_text(today[key.value][0])} {unit}".strip()
                text += " (" + _("now: {value}").format(value=now) + ")"
            rows.append(MeasurementRow(_(name), text, word("site" if source == "site" else "measured")))
    return tuple(rows)


def _templates(
    inspection: Inspection, answers: dict[str, Answer], sources: Sources, context: SiteContext, lang: str
) -> tuple[tuple[TemplateBlock, ...], int, int]:
    """Every answered item by template and section, with the number answered and failed."""
    measurements = Measurements.model_validate({k: v for k, (v, _) in sources.items()})
    # One comparison for all items (workflow.side_by_side would recompute it per item).
    side_by_side = {
        c.metric: format_side_by_side(c)
        for c in compare([load_template("snf"), load_template("akf")], measurements, context)
    }
    blocks, answered, failed = [], 0, 0
    for template in templates_of(inspection):
        sections = []
        open_required = 0
        for section in template.sections:
            rows = []
            for item in template.items_in(section.id):
                answer = answers.get(item.id)
                derived = sources.get(item.measure.value) if item.measure is not None else None
                typed = answer is not None and (answer.value is not None or answer.note is not None)
                # as the checklist's progress counts it: a figure from the site answers a measurement
                open_required += item.required and (answer is None or answer.value is None) and derived is None
                if not typed and not (derived and derived[1] == "site"):
                    continue
                row = _item_row(item, answer, derived, lang, measurements, context, side_by_side)
                answered += row.answer != ""
                failed += row.verdict == "fail"
                rows.append(row)
            if rows:
                title = section.title_nl if lang == "nl" else section.title_en
                sections.append(SectionBlock(section.id, title, tuple(rows)))
        title = template.title_nl if lang == "nl" else template.title_en
        blocks.append(TemplateBlock(template.id, title, template.version, tuple(sections), open_required))
    return tuple(blocks), answered, failed


def _item_row(
    item: Item,
    answer: Answer | None,
    derived: tuple[float, str] | None,
    lang: str,
    measurements: Measurements,
    context: SiteContext,
    side_by_side: dict[Metric, str],
) -> ItemRow:
    value = answer.value if answer is not None else None
    from_site = value is None and derived is not None and derived[1] == "site"
    verdict = answer.verdict.value if answer is not None and value is not None else "unknown"
    figure = answer.figure if answer is not None else None
    comparison = figure_text = None
    source = item.source.label
    if item.rule is not None:
        judged = evaluate(item.rule, measurements, context)
        if judged.applies:
            source = judged.norm
        if value is not None and value != "n.a.":
            figure_text = localise_figures(f"{judged.figure_text()} {judged.unit}")
            comparison = localise_figures(side_by_side.get(item.rule.metric, f"{judged.display()} {judged.mark}"))
    # Per-unit lines, kind of rule and rule version as the answer was judged (a signed inspection
    # keeps what it was signed with); a failed recommendation is advice, not a violation.
    texts = report_texts(item, answer, out_of_force(item, context.on_date))
    comparison = localise_figures(texts.comparison) if texts.comparison else comparison
    source = f"{texts.kind} · {texts.judged_by or source}"
    figure_text = localise_figures(texts.figure_text) if texts.figure_text else figure_text
    if verdict == "fail" and texts.advice:
        verdict = "advice"
    elif from_site and derived is not None:
        verdict, figure = "recorded", derived[0]
    return ItemRow(
        item_id=item.id,
        text=item.text_nl if lang == "nl" else item.text_en,
        answer=_answer_text(item, figure if from_site else value, lang),
        from_site=from_site,
        verdict=verdict,
        figure=figure,
        figure_text=figure_text,
        comparison=comparison,
        source=source,
        note=mask_bsns(answer.note) if answer is not None else None,
    )


def _answer_text(item: Item, value: str | float | None, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{measured_text(value)} {unit_word(item.unit, value)}".strip()
    kind = item.answer_type
    if kind in (AnswerType.NUMBER, AnswerType.COUNT) and value != "n.a.":
        return f"{localise_figures(str(value))} {unit_word(item.unit, _count(value))}".strip()
    if kind is AnswerType.CHOICE:
        for choice in item.choices or ():
            if choice.value == value:
                return choice.text_nl if lang == "nl" else choice.text_en
    if kind is AnswerType.DATE and value != "n.a.":
        return date_text(dt.date.fromisoformat(value))
    return word(value) if value in ("yes", "no", "n.a.") else value  # in the report's language, as on screen


def _count(text: str) -> float | None:
    """A typed figure as a number (to choose ``1 douche`` over ``2 douches``); None if it is none."""
    try:
        return float(text)
    except ValueError:
        return None


def _failing_figures(templates: tuple[TemplateBlock, ...]) -> dict[str, str]:
    """The figure of every failed item, by item id (what a finding on that item is about)."""
    figures = {}
    for template in templates:
        for section in template.sections:
            for item in section.items:
                if item.verdict == "fail":
                    shown = item.comparison or item.figure_text
                    if shown:
                        figures[item.item_id] = shown
    return figures


def _findings(
    db: Database, inspection: Inspection, unit_labels: dict[str, str], lang: str, figures: dict[str, str]
) -> tuple[ReportFinding, ...]:
    findings = records(db, Finding, "SELECT * FROM findings WHERE inspection_id = ?", [inspection.id])
    attachments = records(
        db,
        Attachment,
        "SELECT a.* FROM attachments a JOIN findings f ON f.id = a.finding_id "
        "WHERE f.inspection_id = ? ORDER BY a.file_name, a.id",
        [inspection.id],
    )
    photos: dict[str, list[PhotoInfo]] = defaultdict(list)
    for a in attachments:
        photos[a.finding_id or ""].append(PhotoInfo(a.file_name, a.size, a.media_type, a.sha256, a.taken_at))
    items = {item.id: item for t in templates_of(inspection) for item in t.items}
    taken = taken_over(db, inspection.id)
    result = []
    for f in sorted(findings, key=lambda f: (severity_rank(f.severity.value), f.deadline, f.description, f.id)):
        item = items.get(f.item_id or "")
        result.append(
            ReportFinding(
                severity=f.severity.value,
                description=mask_bsns(f.description) or "",
                deadline=f.deadline,
                status=f.status.value,
                item_id=f.item_id,
                item_text=(item.text_nl if lang == "nl" else item.text_en) if item else None,
                norm=norm_of(f.item_id),
                unit=unit_labels.get(f.unit_id or ""),
                partner=f.partner,
                carried_over=f.origin_id is not None,
                photos=tuple(photos.get(f.id, [])),
                figure=figures.get(f.item_id or ""),
                extensions=tuple(
                    DeadlineStep(e.previous, e.deadline, e.reason, e.by, e.at) for e in f.extensions or []
                ),
                withdrawn=Withdrawal(f.withdrawn_reason or "", f.withdrawn_by, f.withdrawn_at)
                if f.status.value == "withdrawn"
                else None,
                taken_over=f.status.value == "open" and f.id in taken,
            )
        )
    return tuple(result)
