"""The gap analysis report: PDF (WeasyPrint) for reading, Word (python-docx) for editing.

Both are drawn from one context (report_context), so the two formats can never tell different
stories. Tables are carried as headers + rows of plain text: the HTML template and the Word
builder just lay them out.
"""

import io
import itertools

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pdca.core import cache
from pdca.core import pdf as core_pdf
from pdca.core.models import Action, Person
from pdca.gap import charts, scoring, selectors
from pdca.gap.choices import CONFORMING, AssessmentStatus, LikelyFinding, Verdict
from pdca.gap.models import Applicability, Assessment, Response
from pdca.standards.choices import DocumentedInformation
from pdca.standards.models import Clause

PDF_TEMPLATE = "gap/report/report.html"


# --- the shared context


def report_context(assessment) -> dict:
    """Everything either format shows; a fixed number of queries whatever the catalogue's size."""
    results = selectors.results_for(assessment)
    responses = list(selectors.responses_for_scoring(assessment))
    titles = dict(Clause.objects.filter(standard_id=assessment.standard_id, parent=None).values_list("number", "title"))
    points = _trend_points(assessment, results)
    return {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "cover": _cover(assessment),
        "verdict": results.verdict,
        "verdict_label": Verdict(results.verdict).label,
        "conditions": [_condition_sentence(c, results) for c in results.failing],
        "figures": _figures(results),
        "clause_chart": charts.clause_bars(results),
        "trend_chart": charts.trend_line(points, ready=results.settings["ready_readiness"]),
        "tables": [
            _clause_table(results, titles),
            _gap_register(responses),
            _documented_information(results),
            _not_applicable(assessment),
        ],
        "generated_on": timezone.localdate(),
    }


def cache_key(assessment, fmt: str) -> str:
    """The key of a rendered file of `assessment` (the reports and the Excel checklist): it moves with
    every input of report_context and of the checklist, and costs one query whatever the catalogue's
    size. An input added to the report must be added here too.
    """
    org, standard = assessment.organisation, assessment.standard
    responses = Response.objects.filter(assessment=assessment)
    actions = Action.objects.filter(pk__in=responses.values("action"))
    assessors = Assessment.assessors.through.objects.filter(assessment=assessment).values("person")
    stamps = cache.stamp(
        responses,  # scores, gaps, weights, applicability, the linked action
        actions,  # due dates and owners of the remediation
        Person.objects.filter(Q(pk__in=actions.values("owner")) | Q(pk__in=assessors)),  # names shown
        Applicability.objects.filter(organisation=org, requirement__standard=standard),  # not applicable
        selectors.completed(org, standard),  # the benchmarks of the trend chart
    )
    return cache.key(
        "gap",
        fmt,
        assessment.pk,
        assessment.version,  # title, status, summary, date; raised when the assessors change too
        assessment.updated_at,
        org.name,
        org.settings.get("gap"),  # the thresholds behind the verdict and the likely findings
        standard.pk,
        standard.source_checksum,  # clause titles, requirement texts
        standard.loaded_at,
        stamps,
        translation.get_language(),
        timezone.localdate(),  # the report says the day it was produced
        cache.source_version("pdca.gap", "pdca.standards"),
    )


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _pct(value) -> str:
    return charts.percent(value, empty="—")


def _cover(assessment) -> list[tuple[str, str]]:
    assessors = ", ".join(p.name for p in assessment.assessors.all()) or "—"
    return [
        (_("Organisation"), assessment.organisation.name),
        (_("Assessment"), f"{assessment.number} · {assessment.title}"),
        (_("Standard"), str(assessment.standard)),
        (_("Date"), _day(assessment.assessed_on)),
        (_("Assessors"), assessors),
        (_("Status"), AssessmentStatus(assessment.status).label),
    ]


def _trend_points(assessment, results: scoring.Results) -> list[dict]:
    """Completed assessments up to this one; an open one is added with its current figure,
    because a report on work in progress is read against the earlier benchmarks."""
    points = [
        p
        for p in selectors.trend(assessment.organisation, assessment.standard)
        if (p["date"], p["id"]) <= (assessment.assessed_on, assessment.pk)
    ]
    if all(p["id"] != assessment.pk for p in points):
        points.append(
            {
                "id": assessment.pk,
                "number": assessment.number,
                "date": assessment.assessed_on,
                "readiness": results.overall.readiness,
            }
        )
    return points


def _condition_sentence(condition: scoring.Condition, results: scoring.Results) -> str:
    """A failing condition of "ready for stage 1" as a sentence that names how many requirements it concerns."""
    count = len(condition.lines)
    if condition.code == "coverage":
        text = ngettext(
            "Coverage: %(count)s applicable requirement has not been scored yet.",
            "Coverage: %(count)s applicable requirements have not been scored yet.",
            count,
        )
    elif condition.code == "no_major":
        text = ngettext(
            "Likely major nonconformity: %(count)s requirement is scored so low that certification would wait "
            "until it is put right.",
            "Likely major nonconformities: %(count)s requirements are scored so low that certification would wait "
            "until they are put right.",
            count,
        )
    else:
        text = ngettext(
            "Readiness is %(readiness)s, below the %(needed)s needed; %(count)s requirement scores below 3 "
            "(conforming).",
            "Readiness is %(readiness)s, below the %(needed)s needed; %(count)s requirements score below 3 "
            "(conforming).",
            count,
        )
    needed = results.settings["ready_readiness"]
    return text % {"count": count, "readiness": _pct(results.overall.readiness or 0), "needed": _pct(needed)}


def _figures(results: scoring.Results) -> list[tuple[str, str]]:
    overall = results.overall
    return [
        (_("Readiness"), _pct(overall.readiness)),
        (_("Maturity"), _pct(overall.maturity)),
        (_("Coverage"), _pct(overall.coverage)),
        (_("Answered / applicable"), f"{overall.answered} / {overall.applicable}"),
        (LikelyFinding.MAJOR.label, str(len(results.findings[LikelyFinding.MAJOR]))),
        (LikelyFinding.MINOR.label, str(len(results.findings[LikelyFinding.MINOR]))),
    ]


def _table(code: str, title: str, intro: str, headers: list[str], rows: list[list[str]], empty: str) -> dict:
    return {"code": code, "title": title, "intro": intro, "headers": headers, "rows": rows, "empty": empty}


def _clause_table(results: scoring.Results, titles: dict) -> dict:
    rows = [
        [
            f"{number} {titles.get(number, '')}".strip(),
            _pct(f.readiness),
            _pct(f.maturity),
            _pct(f.coverage),
            f"{f.answered} / {f.applicable}",
        ]
        for number, f in results.by_clause.items()
    ]
    headers = [_("Clause"), _("Readiness"), _("Maturity"), _("Coverage"), _("Answered / applicable")]
    intro = _("Readiness counts every score above 3 as 3; maturity gives level 4 its full value.")
    return _table("clauses", _("Results by clause"), intro, headers, rows, _("No requirements."))


def _gap_register(responses) -> dict:
    """Applicable requirements scored below conforming or not scored: the work to do."""
    rows = [
        [
            r.requirement.clause.number,
            r.requirement.key,
            r.requirement.text,
            _("not scored") if r.score is None else str(r.score),
            r.gap,
            r.get_priority_display(),
            r.action.owner.name if r.action else "",
            _day(r.action.due_date) if r.action else "",
        ]
        for r in responses
        if r.applicable and (r.score is None or r.score < CONFORMING)
    ]
    headers = [_("Clause"), _("Key"), _("Requirement"), _("Score"), _("Gap found"), _("Priority"), _("Owner"), _("Due")]
    intro = _("Every applicable requirement scored below 3 (conforming) or not scored yet, with its remediation.")
    return _table("gaps", _("Gap register"), intro, headers, rows, _("No gaps: every requirement conforms."))


def _documented_information(results: scoring.Results) -> dict:
    # Every row is also in the gap register, which carries the requirement's text: not repeated here.
    rows = [
        [
            line.clause,
            line.key,
            DocumentedInformation(line.di).label,
            _("not scored") if line.score is None else str(line.score),
            _("advice: only as far as the organisation needs it") if line.extent_necessary else _("required"),
        ]
        for line in results.missing_documented_information
    ]
    headers = [_("Clause"), _("Key"), _("Documented information"), _("Score"), _("Status")]
    intro = _(
        "Requirements that call for documents or records and are not yet conforming. Those marked as advice "
        "ask for documented information only where the organisation finds it necessary."
    )
    empty = _("All documented information the standard asks for is in place.")
    return _table("documented_information", _("Documented information"), intro, headers, rows, empty)


def _not_applicable(assessment) -> dict:
    decisions = Applicability.objects.filter(
        organisation_id=assessment.organisation_id, applicable=False, requirement__standard_id=assessment.standard_id
    ).select_related("requirement__clause")
    rows = [
        [
            d.requirement.clause.number,
            d.requirement.key,
            d.requirement.text,
            d.justification,
            _("yes") if d.accepted_by_cb else _("no"),
        ]
        for d in decisions.order_by("requirement__position")
    ]
    headers = [_("Clause"), _("Key"), _("Requirement"), _("Justification"), _("Accepted by the certification body")]
    intro = _("Requirements the organisation has declared not applicable, and why. They are left out of every figure.")
    return _table("not_applicable", _("Not applicable"), intro, headers, rows, _("Every requirement applies."))


# --- PDF


def pdf(assessment) -> bytes:
    context = report_context(assessment)
    not_applicable = next(table for table in context["tables"] if table["code"] == "not_applicable")
    not_applicable["decisions"] = _decisions(not_applicable["rows"])
    return core_pdf.render(render_to_string(PDF_TEMPLATE, context))


def _decisions(rows: list[list[str]]) -> list[dict]:
    """Not-applicable rows grouped by consecutive identical decisions: a justification usually covers a
    whole clause (8.3 design), and the PDF states it once above the requirements it covers."""
    return [
        {"justification": justification, "accepted": accepted, "requirements": [row[:3] for row in rows]}
        for (justification, accepted), rows in itertools.groupby(rows, key=lambda row: (row[3], row[4]))
    ]


# --- Word


def docx(assessment) -> bytes:
    """The same sections as editable Word; the charts stay in the PDF (Word has no SVG we can rely on)."""
    from docx import Document
    from docx.enum.section import WD_SECTION

    ctx = report_context(assessment)
    doc = Document()
    _docx_a4(doc.sections[0], landscape=False)
    _docx_cover(doc, ctx)
    _docx_summary(doc, ctx)
    # The registers have up to eight columns: landscape keeps them readable.
    _docx_a4(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    for table in ctx["tables"]:
        _docx_table(doc, table)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_a4(section, *, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    # python-docx starts from US Letter; the PDF and most readers of an ISO report use A4.
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = section.right_margin = Mm(16)


def _docx_cover(doc, ctx) -> None:
    doc.add_heading(_("Gap analysis report"), level=0)
    for label, value in ctx["cover"]:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    paragraph = doc.add_paragraph()
    paragraph.add_run(_("Verdict: ")).bold = True
    paragraph.add_run(ctx["verdict_label"]).bold = True
    doc.add_page_break()


def _docx_summary(doc, ctx) -> None:
    doc.add_heading(_("Executive summary"), level=1)
    paragraph = doc.add_paragraph()
    paragraph.add_run(_("Verdict: ")).bold = True
    paragraph.add_run(ctx["verdict_label"]).bold = True
    if ctx["assessment"].summary:
        doc.add_paragraph(ctx["assessment"].summary)
    if ctx["conditions"]:
        doc.add_paragraph(_("What stands between the organisation and stage 1:"))
        for sentence in ctx["conditions"]:
            doc.add_paragraph(sentence, style="List Bullet")
    else:
        doc.add_paragraph(_("Every condition for stage 1 is met."))
    _docx_grid(doc, [_("Figure"), _("Value")], [list(pair) for pair in ctx["figures"]])


def _docx_table(doc, table: dict) -> None:
    doc.add_heading(table["title"], level=1)
    doc.add_paragraph(table["intro"])
    if table["rows"]:
        _docx_grid(doc, table["headers"], table["rows"])
    else:
        doc.add_paragraph(table["empty"])


def _docx_grid(doc, headers: list[str], rows: list[list[str]]) -> None:
    # Sized once and filled with runs: adding rows one by one and setting cell.text is
    # several times slower, and the gap register can have hundreds of rows.
    grid = doc.add_table(rows=len(rows) + 1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for row, values in zip(grid.rows[1:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            if value:
                cell.paragraphs[0].add_run(value)
