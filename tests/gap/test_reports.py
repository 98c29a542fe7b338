"""The gap report (PDF and Word, from one context) and its SVG charts."""

import datetime
import io
import re
import time
import xml.etree.ElementTree as ET

import docx
import pypdf
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pdca.gap import charts, reports, selectors, services
from pdca.gap.choices import AssessmentStatus, Verdict
from pdca.gap.models import Assessment
from pdca.standards.models import Clause
from tests.factories import PersonFactory
from tests.gap.reporting import iso9001, new_assessment, score_some

SVG = "{http://www.w3.org/2000/svg}"


def clause_titles() -> dict[str, str]:
    return dict(Clause.objects.filter(standard=iso9001(), parent=None).values_list("number", "title"))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def verdict_label(assessment) -> str:
    return str(Verdict(selectors.results_for(assessment).verdict).label)


def test_it_puts_the_verdict_failing_conditions_and_every_clause_in_the_pdf(world):
    assessment = new_assessment(world.org, small=True)
    score_some(assessment)
    text = pdf_text(reports.pdf(assessment))
    assert verdict_label(assessment) in text
    assert "applicable requirements have not been scored yet" in text  # clauses 9 and 10 are not scored
    assert "Likely major nonconformity: 1 requirement" in text  # the 0
    for number, title in clause_titles().items():
        if number.isdigit() and 4 <= int(number) <= 10:
            assert re.search(rf"(^|\n){number} {re.escape(title)}", text), number
    assert "Gap register" in text and "No list of external issues." in text


def test_it_writes_the_same_sections_to_word(world):
    assessment = new_assessment(world.org, small=True)
    score_some(assessment)
    text = docx_text(reports.docx(assessment))
    assert verdict_label(assessment) in text
    for number, title in clause_titles().items():
        if number.isdigit() and 4 <= int(number) <= 10:
            assert f"{number} {title}" in text
    for heading in ("Executive summary", "Results by clause", "Gap register", "Documented information"):
        assert heading in text
    assert "No list of external issues." in text


def test_the_context_lists_gaps_documented_information_and_not_applicable_requirements(world):
    standard = iso9001()
    excluded = standard.requirements.filter(may_be_not_applicable=True).order_by("position").first()
    services.applicability_set(
        org=world.org,
        requirement=excluded,
        applicable=False,
        justification="We build to customer drawings only.",
        accepted_by_cb=True,
        by=None,
    )
    assessment = new_assessment(world.org)
    rows = score_some(assessment)
    owner = PersonFactory(organisation=world.org, name="Dana Reyes")
    services.response_raise_action(
        rows[1], data={"title": "External issues", "owner": owner, "due_date": datetime.date(2026, 6, 30)}, by=None
    )
    tables = {t["code"]: t for t in reports.report_context(assessment)["tables"]}

    register = {row[1]: row for row in tables["gaps"]["rows"]}
    assert rows[0].requirement.key not in register and rows[4].requirement.key not in register  # scored 3 and 4
    assert excluded.key not in register
    assert register[rows[1].requirement.key][3:] == ["1", "No list of external issues.", "", "Dana Reyes", "06/30/2026"]
    assert register[rows[3].requirement.key][3] == "0"
    assert register[rows[5].requirement.key][3] == "not scored"
    assert [row[1:] for row in tables["not_applicable"]["rows"]] == [
        [excluded.key, excluded.text, "We build to customer drawings only.", "yes"]
    ]
    statuses = {row[4] for row in tables["documented_information"]["rows"]}
    assert statuses == {"required", "advice: only as far as the organisation needs it"}


def test_the_report_reads_the_same_number_of_queries_for_a_small_and_a_full_catalogue(world):
    small, full = new_assessment(world.org, small=True), new_assessment(world.org, title="Full")
    counts = []
    for assessment in (small, full):
        score_some(assessment)
        fresh = Assessment.objects.get(pk=assessment.pk)
        with CaptureQueriesContext(connection) as queries:
            reports.report_context(fresh)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10


def test_the_trend_shows_the_completed_benchmark_and_the_current_assessment(world):
    before = new_assessment(world.org, title="First", day=datetime.date(2025, 9, 1), small=True)
    score_some(before)
    for status in (AssessmentStatus.IN_PROGRESS, AssessmentStatus.UNDER_REVIEW, AssessmentStatus.COMPLETED):
        services.assessment_transition(before, status=status, by=None)
    current = new_assessment(world.org, title="Second", small=True)
    chart = reports.report_context(current)["trend_chart"]
    assert before.number in chart and current.number in chart


def test_the_pdf_states_a_shared_justification_once_above_the_requirements_it_covers(world):
    excluded = list(iso9001().requirements.filter(may_be_not_applicable=True).order_by("position")[:3])
    for requirement, why in zip(excluded, ["No design work.", "No design work.", "No customer property."], strict=True):
        services.applicability_set(org=world.org, requirement=requirement, applicable=False, justification=why, by=None)
    text = pdf_text(reports.pdf(new_assessment(world.org, small=True)))
    assert text.count("No design work.") == 1 and text.count("No customer property.") == 1
    assert "2 requirements · Accepted by the certification body: no" in text
    for requirement in excluded:
        assert f"{requirement.clause.number} · {requirement.key} ·" in text


def test_the_full_catalogue_pdf_renders(world, capsys):
    assessment = new_assessment(world.org)
    score_some(assessment)
    started = time.perf_counter()
    data = reports.pdf(assessment)
    elapsed = time.perf_counter() - started
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 10
    assert "hs.improvement" in reader.pages[-3].extract_text() + reader.pages[-2].extract_text()
    with capsys.disabled():
        print(f"\nfull-catalogue PDF ({assessment.responses.count()} requirements): {elapsed:.2f} s")


# --- charts


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, checked for being well-formed
    assert root.get("role") == "img" and root.find(f"{SVG}title") is not None
    assert root.get("aria-labelledby") == f"{root.find(f'{SVG}title').get('id')} {root.find(f'{SVG}desc').get('id')}"
    return root


def test_clause_bars_draw_each_clause_with_its_values_and_the_ready_line(world):
    assessment = new_assessment(world.org, small=True)
    score_some(assessment)
    root = parse(charts.clause_bars(selectors.results_for(assessment)))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert [t for t in texts if t.startswith("Clause")] == [f"Clause {n}" for n in range(4, 11)]
    assert "ready 90 %" in texts and "not assessed" in texts
    desc = root.find(f"{SVG}desc").text
    assert "clause 4: readiness 100 %, maturity 75 %" in desc and "clause 10: readiness not assessed" in desc


def test_the_trend_line_handles_no_one_and_many_points_and_escapes_text():
    day = datetime.date(2026, 1, 5)
    assert "No completed assessment yet" in parse(charts.trend_line([])).find(f"{SVG}desc").text
    one = parse(charts.trend_line([{"number": "GAP-0001", "date": day, "readiness": 45.0}]))
    assert len(list(one.iter(f"{SVG}circle"))) == 1 and not list(one.iter(f"{SVG}polyline"))
    points = [
        {"number": "<GAP&1>", "date": day, "readiness": 45.0},
        {"number": "GAP-2", "date": day + datetime.timedelta(days=180), "readiness": None},
        {"number": "GAP-3", "date": day + datetime.timedelta(days=200), "readiness": 75.5},
    ]
    svg = charts.trend_line(points)
    assert "&lt;GAP&amp;1&gt;" in svg
    many = parse(svg)
    assert len(list(many.iter(f"{SVG}circle"))) == 2
    assert "GAP-2 (2026-07-04): not assessed" in many.find(f"{SVG}desc").text


def test_the_sparkline_breaks_at_missing_values():
    root = parse(charts.sparkline([40.0, None, 60.0, 75.0]))
    assert len(list(root.iter(f"{SVG}polyline"))) == 1  # 60 → 75; 40 stands alone as a dot
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    assert root.get("width") == "120" and root.get("height") == "28"
    assert parse(charts.sparkline([])).find(f"{SVG}desc").text == "no completed assessment yet"
