"""Planning in a real browser (#5): a risk created through the register's form appears in its heat-map cell,
whose link leads back to the register filtered to it; a value below amber recorded on a KPI's page turns
its objective from on track to off track."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HISTORY = ("96.5", "97", "98.2")  # the three months before this one: all at or above green (95)
BAD_VALUE = "85"  # below amber (90): off track


def _months_ago(today: datetime.date, n: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 - n
    return datetime.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def planning(transactional_db):
    """A quality manager with a Person; one risk already in the register (another cell of the heat map);
    an approved objective measured by one monthly KPI (higher is better, target and green 95, amber 90)
    that has been on track for three months."""
    from django.utils import timezone

    from pdca.core import services
    from pdca.core.models import Person
    from pdca.documents import services as documents
    from pdca.objectives import services as objectives
    from pdca.risks import services as risks
    from tests.factories import UserFactory

    org = services.organisation_create(name="Alder Castings Ltd", slug="alder", by=None)
    user = UserFactory(username="helen", first_name="Helen", last_name="Marsh")
    services.membership_set(org=org, user=user, role="quality_manager", by=None)
    person = Person.objects.get(organisation=org, user=user)

    risks.risk_create(
        org=org,
        data={"title": "Late delivery of sand cores", "owner": person, "likelihood": 2, "impact": 3},
        by=None,
    )

    policy = documents.document_create(
        org=org,
        data={"title": "Quality policy", "doc_type": "policy", "owner": person},
        by=None,
        markdown="# Quality policy\n\nWe deliver castings right first time and on time.\n",
    )
    commitment = objectives.commitment_create(
        org=org, data={"policy": policy, "title": "Deliver on time, every time"}, by=None
    )
    objective = objectives.objective_create(
        org=org,
        data={
            "title": "Deliver 95 % of orders on time",
            "direction": "higher",
            "target": Decimal("95"),
            "unit": "%",
            "baseline": Decimal("88"),
            "deadline": timezone.localdate() + datetime.timedelta(days=270),
            "owner": person,
            "resources": "Planner's time; a weekly capacity review",
            "evaluation": "Monthly on-time-delivery report to management review",
            "commitments": [commitment],
        },
        by=None,
    )
    objectives.objective_transition(objective, status="approved", by=None)
    kpi = objectives.kpi_create(
        org=org,
        data={
            "name": "On-time delivery",
            "objective": objective,
            "owner": person,
            "unit": "%",
            "frequency": "monthly",
            "direction": "higher",
            "target": Decimal("95"),
            "green": Decimal("95"),
            "amber": Decimal("90"),
        },
        by=None,
    )
    today = timezone.localdate()
    for months_back, value in zip((3, 2, 1), HISTORY, strict=True):
        objectives.measurement_create(
            org=org, data={"kpi": kpi, "period": _months_ago(today, months_back), "value": Decimal(value)}, by=None
        )
    kpi.refresh_from_db()
    objective.refresh_from_db()
    assert kpi.status == "on_track"
    return org, user, person, objective, kpi


def test_risk_on_the_heat_map_and_a_kpi_value_turns_the_objective_off_track(page, login, planning, screenshot):
    from django.utils import timezone

    from pdca.objectives.models import Measurement
    from pdca.risks.models import Risk

    org, user, person, objective, kpi = planning
    risks_url = f"/o/{org.slug}/risks/"

    # 1. The register: a new risk through its form, numbered after the one already there.
    login(user, risks_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Risks and opportunities")
    page.get_by_role("link", name="New risk or opportunity").click()
    page.get_by_label("Type").select_option(label="Risk")
    page.get_by_label("Title").fill("Furnace lining fails during a pour")
    page.get_by_label("Description", exact=True).fill("Refractory lining of furnace 2 is past its campaign life.")
    page.get_by_label("Owner").select_option(label=person.name)
    # Required fields' labels end in an asterisk (aria-hidden): "Likelihood *", not "Residual likelihood".
    page.get_by_label(re.compile(r"^Likelihood")).select_option("4")
    page.get_by_label(re.compile(r"^Impact")).select_option("5")
    page.get_by_label("Treatment", exact=True).select_option(label="Reduce")
    page.get_by_label("Treatment plan", exact=True).fill("Reline furnace 2 at the summer shutdown.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("RSK-0002 Furnace lining fails during a pour")
    rating = page.get_by_role("region", name="Rating")
    expect(rating).to_contain_text("20 · Critical")
    expect(rating).to_contain_text("Likelihood 4 (Likely) × impact 5 (Severe)")

    # 2. The heat map: the cell likelihood 4 × impact 5 holds that one risk, and leads to it in the register.
    page.get_by_role("link", name="Risks and opportunities").first.click()
    page.get_by_role("link", name="Heat map", exact=True).click()  # the register's button
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk heat map")
    inherent = page.get_by_role("region", name="Inherent (before treatment)")
    expect(inherent.get_by_role("table")).to_contain_text("2 entries on this map.")
    cell = inherent.get_by_role("link", name="Likelihood 4 (Likely), impact 5 (Severe)")
    expect(cell).to_have_accessible_name("Likelihood 4 (Likely), impact 5 (Severe): score 20, critical; 1 entry")
    expect(cell.get_by_text("1", exact=True)).to_be_visible()  # the count
    expect(cell.get_by_text("Critical · 20", exact=True)).to_be_visible()  # the band, named, and the score
    expect(inherent.get_by_role("link", name="Likelihood 2 (Unlikely), impact 3 (Moderate)")).to_contain_text("1")
    # Nothing else is rated 4 × 4 (a neighbour): that cell has no link.
    expect(inherent.get_by_role("link", name="Likelihood 4 (Likely), impact 4 (Major)")).to_have_count(0)
    residual = page.get_by_role("region", name="Residual (after treatment)")
    expect(residual).to_contain_text("2 entries have no residual rating yet and are not on this map.")
    cell.scroll_into_view_if_needed()
    screenshot("planning-heat-map")

    cell.click()
    page.wait_for_url(lambda url: "likelihood=4" in url and "impact=5" in url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Risks and opportunities")
    expect(page.get_by_role("search", name="Filter")).to_contain_text("Also filtered by: Likelihood: 4, Impact: 5")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(2)  # the header and the one risk
    expect(page.get_by_role("link", name="RSK-0002")).to_be_visible()
    expect(page.get_by_role("link", name="RSK-0001")).to_have_count(0)

    # 3. The objective before: on track, as its one KPI.
    page.goto(f"/o/{org.slug}/objectives/{objective.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{objective.number} Deliver 95 % of orders on time")
    expect(page.get_by_text("KPIs: On track", exact=True)).to_be_visible()
    kpi_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=str(kpi)))
    expect(kpi_row).to_contain_text("On track")
    expect(kpi_row).to_contain_text("98.2 %")

    # 4. The KPI: a value below amber for this month through the page's entry form.
    kpi_row.get_by_role("link", name=str(kpi)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(kpi))
    status = page.locator("[data-status]").first  # the badge under the title
    expect(status).to_have_text("On track")
    today = timezone.localdate()
    this_month = f"{today.year}-{today.month:02d}"
    entry = page.get_by_role("region", name="Record a value")
    entry.get_by_label("Period (any day of it)").fill(today.isoformat())
    entry.get_by_label(re.compile(r"^Value")).fill(BAD_VALUE)
    entry.get_by_label("Note", exact=True).fill("Furnace 2 down for nine days")
    entry.get_by_role("button", name="Record").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Value recorded for {this_month}.")
    expect(page.get_by_role("region", name="4 measurements")).to_be_visible()
    expect(page.get_by_text(f"Latest: {BAD_VALUE} % ({this_month})")).to_be_visible()
    expect(status).to_have_text("Off track")
    expect(status).to_have_attribute("data-status", "off_track")
    screenshot("planning-kpi-recorded")

    # 5. The objective after, reached through its register (the KPI page names it without a link): off track,
    # and the KPI's row says why.
    page.goto(f"/o/{org.slug}/objectives/")
    page.get_by_role("link", name=objective.number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(objective))
    expect(page.get_by_text("KPIs: Off track", exact=True)).to_be_visible()
    expect(page.get_by_text("KPIs: On track", exact=True)).to_have_count(0)
    kpi_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=str(kpi)))
    expect(kpi_row).to_contain_text("Off track")
    expect(kpi_row).to_contain_text(f"{BAD_VALUE} % ({this_month})")
    screenshot("planning-objective-off-track")

    # And in the database.
    risk = Risk.objects.get(organisation=org, number="RSK-0002")
    assert (risk.likelihood, risk.impact, risk.score, risk.owner_id) == (4, 5, 20, person.pk)
    assert risk.title == "Furnace lining fails during a pour" and risk.treatment == "reduce"
    measurement = Measurement.objects.get(kpi=kpi, period=today.replace(day=1))
    assert measurement.value == Decimal(BAD_VALUE) and measurement.entered_by == user
    assert measurement.note == "Furnace 2 down for nine days" and measurement.source == "manual"
    assert kpi.measurements.count() == 4
    kpi.refresh_from_db()
    assert (kpi.latest_value, kpi.latest_period, kpi.status) == (Decimal(BAD_VALUE), today.replace(day=1), "off_track")
