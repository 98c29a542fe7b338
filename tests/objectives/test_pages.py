"""The pages beyond the harness: the KPI page (chart, quick entry, flat queries with five years of data),
the objective page, the policy page, list filters and sparklines, the PDF, and the evidence checklist."""

import datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pdca.core import evidence
from pdca.core.models import Person
from pdca.objectives import charts, selectors
from pdca.objectives.models import QualityObjective
from pdca.standards.models import Standard
from tests.factories import PersonFactory
from tests.objectives.factories import (
    make_commitment,
    make_effective_policy,
    make_kpi,
    make_objective,
    measure,
    months_ago,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ElementTree.Element:
    return ElementTree.fromstring(str(svg) if not isinstance(svg, bytes) else svg)  # noqa: S314 our own drawing


# --- the chart


def test_the_trend_chart_is_valid_svg_with_target_bands_and_statuses(world):
    kpi = make_kpi(world.org, target=95, green=95, amber=90)
    measure(kpi, [97, 93, 85, 96])
    root = parse(charts.trend(kpi, selectors.series(kpi)))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}line[@class='kpi-target']") is not None
    points = root.findall(f"{SVG}g[@class='kpi-point']")
    # Four measurements and the three markers of the legend.
    assert [p.get("data-status") for p in points[:4]] == ["on_track", "at_risk", "off_track", "on_track"]
    shapes = [p[0].tag for p in points[:3]]
    assert shapes == [f"{SVG}circle", f"{SVG}polygon", f"{SVG}rect"]  # status readable without colour
    assert "93 % (At risk)" in root.find(f"{SVG}desc").text
    assert "target 95 %" in "".join(root.itertext())


def test_an_empty_chart_says_so(world):
    kpi = make_kpi(world.org)
    assert "No measurements yet" in str(charts.trend(kpi, []))
    parse(charts.sparkline(kpi, []))


def test_the_lower_is_better_bands_are_drawn_the_other_way(world):
    kpi = make_kpi(world.org, direction="lower", target=2, green=2, amber=3)
    measure(kpi, [1, 2.5, 4])
    root = parse(charts.trend(kpi, selectors.series(kpi)))
    fills = [r.get("fill") for r in root.findall(f"{SVG}rect")[:3]]
    assert fills == [charts.BANDS["off_track"], charts.BANDS["at_risk"], charts.BANDS["on_track"]]  # top to bottom


# --- the KPI page


def _kpi_page(client, kpi):
    return client.get(reverse("objectives:kpi_detail", args=[kpi.organisation.slug, kpi.pk]))


def test_the_kpi_page_with_five_years_of_data_has_a_flat_query_count(world):
    client = world.client(world.users["quality_manager"])
    small, large = make_kpi(world.org), make_kpi(world.org)
    measure(small, [90, 91, 92, 93, 96])
    measure(large, [80 + (i % 20) for i in range(60)])
    counts = []
    for kpi in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = _kpi_page(client, kpi)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 20, counts
    page = response.content.decode()
    assert page.count('class="kpi-point"') == 60 + 3  # every point, and the legend's three
    parse(page[page.index("<svg") : page.index("</svg>") + 6])


def test_a_value_is_recorded_from_the_kpi_page(world):
    kpi = make_kpi(world.org)
    client = world.client(world.users["process_owner"])
    url = reverse("objectives:kpi_detail", args=[world.org.slug, kpi.pk])
    response = client.post(url, {"period": months_ago(1).isoformat(), "value": "96.4", "note": "ERP"})
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert str(kpi.latest_value.normalize()) == "96.4"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"period": tomorrow, "value": "90"})
    assert response.status_code == 400 and "is in the future" in response.content.decode()
    response = client.post(url, {"period": months_ago(1).isoformat(), "value": "lots"})
    assert response.status_code == 400 and "Enter a number" in response.content.decode()
    response = client.post(url, {"period": months_ago(1).isoformat(), "value": "97"})
    assert response.status_code == 400 and "already has a value" in response.content.decode()
    assert kpi.measurements.count() == 1
    assert world.client(world.users["employee"]).post(url, {"period": months_ago(2), "value": "1"}).status_code == 403


def test_the_chart_is_served_alone_as_svg(world):
    kpi = make_kpi(world.org)
    measure(kpi, [96])
    response = world.client(world.users["viewer"]).get(reverse("objectives:kpi_chart", args=[world.org.slug, kpi.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    parse(response.content)


# --- the objective page


def test_the_objective_page_shows_kpis_plan_and_status_with_flat_queries(world):
    client = world.client(world.users["quality_manager"])
    counts = []
    for n in (1, 4):
        objective = make_objective(world.org, approved=True)
        for i in range(n):
            kpi = make_kpi(world.org, objective=objective)
            measure(kpi, [96, 97, 80 if i == n - 1 else 98])
        services_owner = PersonFactory(organisation=world.org)
        for i in range(n):
            from pdca.objectives import services

            services.objective_action_add(objective, by=None, data={"title": f"Step {i}", "owner": services_owner})
        url = reverse("objectives:qualityobjective_detail", args=[world.org.slug, objective.pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 20, counts
    page = response.content.decode()
    assert 'data-performance="off_track"' in page and "Step 3" in page


def test_an_overdue_objective_says_so(world):
    objective = make_objective(world.org, approved=True, deadline=timezone.localdate() - datetime.timedelta(days=3))
    page = world.client(world.users["employee"]).get(objective.get_absolute_url()).content.decode()
    assert 'data-overdue="1"' in page


def test_the_objective_page_adds_plan_actions_and_moves_the_workflow(world):
    objective = make_objective(world.org, resources="Planner", evaluation="Report")
    client = world.client(world.users["top_management"])
    url = reverse("objectives:qualityobjective_transition", args=[world.org.slug, objective.pk])
    response = client.post(url, {"status": "approved"}, follow=True)
    assert "Link the policy commitment" in response.content.decode()
    owner = PersonFactory(organisation=world.org)
    action_url = reverse("objectives:qualityobjective_action", args=[world.org.slug, objective.pk])
    assert (
        client.post(action_url, {"title": "Kanban for bar stock", "owner": owner.pk, "priority": "high"}).status_code
        == 302
    )
    assert selectors.actions_of(objective)[0].title == "Kanban for bar stock"
    assert world.client(world.users["employee"]).post(action_url, {"title": "x", "owner": owner.pk}).status_code == 403


# --- lists


def test_lists_filter_mine_status_overdue_and_show_sparklines(world):
    me = Person.objects.get(organisation=world.org, user=world.users["process_owner"])
    mine = make_objective(world.org, owner=me, approved=True, deadline=timezone.localdate() - datetime.timedelta(1))
    other = make_objective(world.org)
    kpi = make_kpi(world.org, owner=me, objective=mine)
    measure(kpi, [97, 85])
    client = world.client(world.users["process_owner"])
    objectives = reverse("objectives:qualityobjective_list", args=[world.org.slug])
    page = client.get(objectives, {"mine": "on"}).content.decode()
    assert mine.number in page and other.number not in page
    page = client.get(objectives, {"performance": "off_track"}).content.decode()
    assert mine.number in page and other.number not in page
    page = client.get(objectives, {"overdue": "true"}).content.decode()
    assert mine.number in page and other.number not in page
    kpis = client.get(reverse("objectives:kpi_list", args=[world.org.slug]), {"mine": "on"}).content.decode()
    assert kpi.number in kpis and 'class="kpi-sparkline"' in kpis and "Off track" in kpis


# --- the policy page and the checklist


def _effective_policy(world):
    return make_effective_policy(world.org)


def test_the_policy_page_shows_the_effective_policy_and_uncovered_commitments(world):
    policy = _effective_policy(world)
    covered = make_commitment(world.org, policy=policy, title="Get it right for the customer")
    make_commitment(world.org, policy=policy, title="Keep improving")
    objective = make_objective(world.org, commitments=[covered])
    page = (
        world.client(world.users["employee"]).get(reverse("objectives:policy", args=[world.org.slug])).content.decode()
    )
    assert "We deliver." in page and "Effective revision" in page
    assert objective.number in page
    assert "1 commitment has no objective yet" in page


def test_the_policy_page_without_a_policy_says_what_to_do(world):
    page = world.client(world.users["admin"]).get(reverse("objectives:policy", args=[world.org.slug])).content.decode()
    assert "There is no policy document yet" in page


def test_the_checklist_counts_the_objectives_register_measurements_and_the_policy(world):
    iso = Standard.objects.get(slug="iso9001-2015", organisation=None)

    def items():
        return {i.requirement.key: i for i in evidence.checklist(world.org, iso)}

    keys = ("hs.planning.objectives.setting.established", "hs.evaluation.monitoring.general.records")
    assert [items()[k].status for k in keys] == ["missing", "missing"]
    assert items()["hs.leadership.policy.communicating.documented"].status == "missing"
    objective = make_objective(world.org)  # a draft is not the register yet
    measure(make_kpi(world.org, objective=objective), [96])
    assert [items()[k].status for k in keys] == ["missing", "present"]
    make_objective(world.org, approved=True)
    _effective_policy(world)
    assert [items()[k].status for k in keys] == ["present", "present"]
    assert items()["hs.leadership.policy.communicating.documented"].status == "present"


def test_the_pdf_report_draws_the_objectives_with_their_charts(world):
    objective = make_objective(world.org, approved=True)
    measure(make_kpi(world.org, objective=objective), [96, 97])
    response = world.client(world.users["top_management"]).get(reverse("objectives:report", args=[world.org.slug]))
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    assert QualityObjective.objects.count() == 1
