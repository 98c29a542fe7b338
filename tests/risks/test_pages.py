"""Risk pages: register filters and export, query counts flat on the register, the risk page and the heat
map, the heat map's counts and links, raising actions, status, evaluations, the PDF, and the partial other
apps include to show a row's risks."""

import datetime
import io
import re

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pdca.context.models import ContextIssue
from pdca.core import services as core
from pdca.core.models import Action
from pdca.processes.models import Process
from pdca.risks import selectors, services
from pdca.risks.models import Risk
from tests.risks.factories import make_evaluation, make_risk, owner_in


def url(world, name, *args):
    return reverse(f"risks:{name}", args=[world.org.slug, *args])


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200, address
    return len(captured)


def _process(org, name="Machining"):
    return Process.objects.create(organisation=org, number=f"PRO-{name[:3]}", name=name, owner=owner_in(org))


def _grow(world, n, process):
    """n risks of every sort: with actions (done, open), evaluations, sources, clauses, residual ratings."""
    me = core.person_for_user(world.org, world.users["quality_manager"])
    for i in range(n):
        risk = make_risk(
            world.org,
            likelihood=1 + i % 5,
            impact=1 + (i * 2) % 5,
            owner=me if i % 2 else None,
            process=process if i % 3 == 0 else None,
            residual_likelihood=1 if i % 2 else None,
            residual_impact=2 if i % 2 else None,
            review_date=timezone.localdate() - datetime.timedelta(days=i),
        )
        action = services.risk_action_raise(risk, data={"title": f"Fix {i}", "owner": risk.owner}, by=None)
        if i % 2:
            core.action_transition(action, status="done", by=None, evidence="Done")
        if i % 4 == 1:
            make_evaluation(Risk.objects.get(pk=risk.pk), effectiveness="partly")


FILTERS = (
    "?band=high&status=active&mine=on&evaluation_due=on&review_due=overdue&source=process&clause=hs.planning"
    "&q=Spindle&kind=risk&order=-score&residual_band=low&treatment=&owner_name=owner"
)


def test_the_register_costs_the_same_with_three_times_the_risks(world):
    client = world.client(world.users["quality_manager"])
    process = _process(world.org)
    _grow(world, 4, process)
    small = (_queries(client, url(world, "risk_list")), _queries(client, url(world, "risk_list") + FILTERS))
    _grow(world, 8, process)
    large = (_queries(client, url(world, "risk_list")), _queries(client, url(world, "risk_list") + FILTERS))
    assert large == small and max(large) <= 20


def test_the_risk_page_costs_the_same_with_more_actions_and_evaluations(world):
    client = world.client(world.users["quality_manager"])
    issue = ContextIssue.objects.create(
        organisation=world.org, number="CTX-1", title="Steel", direction="external", category="economic"
    )

    def risk_with(n):
        risk = make_risk(world.org, process=_process(world.org, f"P{n}"), context_issue=issue, source_other="Audit")
        for i in range(n):
            action = services.risk_action_raise(
                Risk.objects.get(pk=risk.pk), data={"title": f"A{i}", "owner": owner_in(world.org)}, by=None
            )
            core.action_transition(action, status="done", by=None, evidence="Done")
            make_evaluation(Risk.objects.get(pk=risk.pk), evaluated_by=owner_in(world.org))
        return risk

    assert _queries(client, url(world, "risk_detail", risk_with(1).pk)) == _queries(
        client, url(world, "risk_detail", risk_with(5).pk)
    )


def test_the_heat_map_page_costs_the_same_with_more_risks_and_uses_one_query_per_map(world):
    client = world.client(world.users["viewer"])
    process = _process(world.org)
    _grow(world, 3, process)
    small = _queries(client, url(world, "heat_map")), _queries(client, url(world, "heat_map") + "?kind=risk&mine=on")
    _grow(world, 9, process)
    assert (
        _queries(client, url(world, "heat_map")),
        _queries(client, url(world, "heat_map") + "?kind=risk&mine=on"),
    ) == small
    with CaptureQueriesContext(connection) as captured:
        selectors.heat_counts(Risk.objects.for_org(world.org))
    assert len(captured) == 1 and "GROUP BY" in captured[0]["sql"]


def _cells(html: str) -> dict:
    """{(likelihood, impact): count} of the cells with entries."""
    found = re.findall(r'data-likelihood="(\d)" data-impact="(\d)" data-count="(\d+)"', html)
    return {(int(row), int(column)): int(n) for row, column, n in found if int(n)}


def test_the_heat_map_counts_by_hand_and_links_each_cell_to_its_risks(world):
    a = make_risk(world.org, likelihood=4, impact=5, residual_likelihood=2, residual_impact=5)
    b = make_risk(world.org, likelihood=4, impact=5)
    make_risk(world.org, likelihood=1, impact=1, residual_likelihood=1, residual_impact=1)
    make_risk(world.org, kind="opportunity", likelihood=3, impact=3, treatment="exploit")
    closed = make_risk(world.org, likelihood=5, impact=5)
    services.risk_transition(closed, status="closed", by=None, reason="Gone")
    make_risk(world.other, likelihood=4, impact=5)
    client = world.client(world.users["viewer"])
    html = client.get(url(world, "heat_map")).content.decode()
    inherent, residual = html.split('id="heat-residual"')
    assert _cells(inherent) == {(4, 5): 2, (1, 1): 1, (3, 3): 1}  # the closed one is left out; other orgs too
    assert _cells(residual) == {(2, 5): 1, (1, 1): 1}
    assert "2 entries have no residual rating yet" in html
    assert 'aria-label="Likelihood 4 (Likely), impact 5 (Severe): score 20, critical; 2 entries"' in html
    link = re.search(r'href="([^"]*likelihood=4&amp;impact=5[^"]*)"', inherent).group(1).replace("&amp;", "&")
    listed = client.get(link).content.decode()
    assert a.number in listed and b.number in listed and closed.number not in listed
    assert client.get(url(world, "heat_map") + "?status=closed").content.decode().count('data-count="1"') == 1
    only = client.get(url(world, "heat_map") + "?kind=opportunity").content.decode()
    assert _cells(only.split('id="heat-residual"')[0]) == {(3, 3): 1}


def test_the_register_filters(world):
    me = core.person_for_user(world.org, world.users["process_owner"])
    process = _process(world.org)
    critical = make_risk(world.org, likelihood=4, impact=5, owner=me, process=process)
    low = make_risk(world.org, likelihood=1, impact=2, review_date=timezone.localdate() - datetime.timedelta(days=3))
    opportunity = make_risk(world.org, kind="opportunity", treatment="share", likelihood=3, impact=4)
    done = make_risk(world.org, likelihood=2, impact=3)
    action = services.risk_action_raise(done, data={"title": "Fix", "owner": done.owner}, by=None)
    core.action_transition(action, status="done", by=None, evidence="Done")
    client = world.client(world.users["process_owner"])

    def numbers(query):
        body = client.get(url(world, "risk_list") + query).content.decode()
        return {r.number for r in (critical, low, opportunity, done) if f">{r.number}<" in body}

    assert numbers("?band=critical") == {critical.number}
    assert numbers("?band=low") == {low.number}
    assert numbers("?mine=on") == {critical.number}
    assert numbers("?kind=opportunity") == {opportunity.number}
    assert numbers(f"?process={process.pk}") == {critical.number}
    assert numbers("?source=process") == {critical.number}
    assert numbers("?source=none") == {low.number, opportunity.number, done.number}
    assert numbers("?review_due=overdue") == {low.number}
    assert numbers("?evaluation_due=on") == {done.number}
    assert numbers("?status=in_treatment") == {done.number}
    assert numbers("?likelihood=4&impact=5") == {critical.number}
    assert numbers("?clause=hs.planning.risks.determination.opportunities") == {opportunity.number}


def test_the_register_exports_to_excel_with_bands(world):
    risk = make_risk(world.org, likelihood=4, impact=5)
    response = world.client(world.users["viewer"]).get(url(world, "risk_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert "Band" in rows[0] and "Effectiveness" in rows[0]
    assert rows[1][0] == risk.number and "Critical" in rows[1] and 20 in rows[1]


def test_employees_do_not_see_the_register(world):
    assert world.client(world.users["employee"]).get(url(world, "risk_list")).status_code == 403
    assert world.client(world.users["employee"]).get(url(world, "heat_map")).status_code == 403


def test_a_form_with_a_rating_outside_1_to_5_names_the_field_and_saves_nothing(world):
    client = world.client(world.users["quality_manager"])
    data = {"kind": "risk", "title": "Flood", "owner": owner_in(world.org).pk, "likelihood": 7, "impact": 3}
    response = client.post(url(world, "risk_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["likelihood"] == ["must be 1 to 5"]
    response = client.post(url(world, "risk_create"), {**data, "likelihood": 2, "treatment": "exploit"})
    assert response.status_code == 400 and "treatment" in response.context["form"].errors
    assert not Risk.objects.exists()


def test_a_new_risk_from_a_process_page_starts_with_its_process(world):
    process = _process(world.org)
    response = world.client(world.users["process_owner"]).get(url(world, "risk_create") + f"?process={process.pk}")
    assert response.context["form"].initial["process"] == process.pk


def test_raising_an_action_from_the_risk_page_and_seeing_it_there(world):
    risk = make_risk(world.org)
    client = world.client(world.users["process_owner"])
    page = url(world, "risk_action_raise", risk.pk)
    assert client.get(page).status_code == 200
    late = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    assert client.post(page, {"title": "", "owner": risk.owner.pk, "priority": "high"}).status_code == 400
    response = client.post(
        page, {"title": "Second supplier", "owner": risk.owner.pk, "priority": "high", "due_date": late}
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source == risk and action.title == "Second supplier"
    body = client.get(url(world, "risk_detail", risk.pk)).content.decode()
    assert action.number in body and "overdue" in body and "In treatment" in body
    assert world.client(world.users["viewer"]).get(page).status_code == 403


def test_status_changes_from_the_risk_page(world):
    risk = make_risk(world.org)
    client = world.client(world.users["quality_manager"])
    client.post(url(world, "risk_transition", risk.pk), {"status": "closed", "reason": ""})
    assert Risk.objects.get(pk=risk.pk).status == "open"
    client.post(url(world, "risk_transition", risk.pk), {"status": "closed", "reason": "Activity stopped"})
    assert Risk.objects.get(pk=risk.pk).status == "closed"
    assert (
        world.client(world.users["viewer"]).post(url(world, "risk_transition", risk.pk), {"status": "open"}).status_code
        == 403
    )


def test_an_evaluation_recorded_on_its_page_shows_on_the_risk(world):
    risk = make_risk(world.org, likelihood=4, impact=4)
    action = services.risk_action_raise(risk, data={"title": "Fix", "owner": risk.owner}, by=None)
    core.action_transition(action, status="done", by=None, evidence="Done")
    client = world.client(world.users["process_owner"])
    assert "Effectiveness evaluation due" in client.get(url(world, "risk_detail", risk.pk)).content.decode()
    form = client.get(url(world, "riskevaluation_create") + f"?risk={risk.pk}").context["form"]
    assert form.initial["risk"] == risk.pk and form.initial["residual_likelihood"] == 4
    data = {
        "risk": risk.pk,
        "evaluated_on": timezone.localdate().isoformat(),
        "effectiveness": "effective",
        "residual_likelihood": 1,
        "residual_impact": 4,
        "comment": "No late deliveries since",
    }
    response = client.post(url(world, "riskevaluation_create"), data)
    assert response.status_code == 302 and response["Location"] == url(world, "risk_detail", risk.pk)
    body = client.get(url(world, "risk_detail", risk.pk)).content.decode()
    assert "No late deliveries since" in body and "Effectiveness evaluation due" not in body
    assert "Treated, monitored" in body


def test_the_register_pdf_has_the_heat_maps_and_entries(world):
    make_risk(world.org, likelihood=4, impact=5)
    response = world.client(world.users["viewer"]).get(url(world, "register_pdf") + "?kind=risk")
    assert response.status_code == 200 and response.content[:4] == b"%PDF"


def test_the_partial_shows_a_rows_risks_to_those_who_may_read_them(world):
    process = _process(world.org)
    high = make_risk(world.org, likelihood=4, impact=4, process=process, residual_likelihood=1, residual_impact=4)
    low = make_risk(world.org, likelihood=1, impact=1, process=process)
    make_risk(world.org, likelihood=5, impact=5)
    template = Template("{% load risks %}{% linked_risks_card obj %}")
    request = RequestFactory().get("/")
    request.user = world.users["process_owner"]
    html = template.render(Context({"obj": process, "request": request}))
    assert html.index(high.number) < html.index(low.number) and "16 Critical" in html and "4 Low" in html
    assert f"?process={process.pk}" in html
    request.user = world.users["employee"]
    assert world.org.slug not in template.render(Context({"obj": process, "request": request}))
    context = selectors.linked_risks(process)
    assert context["total"] == 2 and [r.number for r, _b, _rb in context["risks"]] == [high.number, low.number]


def test_risks_are_found_by_search_by_those_who_may_read_the_register(world):
    risk = make_risk(world.org, title="Ransomware on the CAM server", description="Backups offline")
    address = reverse("core:search", args=[world.org.slug]) + "?q=ransomware"
    assert risk.number in world.client(world.users["viewer"]).get(address).content.decode()
    assert risk.number not in world.client(world.users["employee"]).get(address).content.decode()
    services.risk_update(risk, data={"title": "Phishing of the office staff"}, by=None)
    assert risk.number not in world.client(world.users["viewer"]).get(address).content.decode()


def test_an_evaluation_names_its_risk_by_number(world):
    risk = make_risk(world.org)
    client = world.client(world.users["process_owner"])
    data = {"evaluated_on": timezone.localdate().isoformat(), "effectiveness": "partly", "residual_likelihood": 2}
    response = client.post(url(world, "riskevaluation_create"), {**data, "risk": "RSK-9999", "residual_impact": 2})
    assert response.status_code == 400 and "No risk or opportunity here has the number RSK-9999." in str(
        response.context["form"].errors["risk"]
    )
    response = client.post(
        url(world, "riskevaluation_create"), {**data, "risk": risk.number.lower(), "residual_impact": 2}
    )
    assert response.status_code == 302 and risk.evaluations.count() == 1
    page = client.get(url(world, "riskevaluation_create") + f"?risk={risk.pk}").content.decode()
    assert f'value="{risk.number}"' in page


def test_the_register_links_to_the_heat_map_pdf_and_import(world):
    body = world.client(world.users["process_owner"]).get(url(world, "risk_list") + "?kind=risk").content.decode()
    assert url(world, "heat_map") in body and url(world, "register_pdf") + "?kind=risk" in body
    assert url(world, "import") in body
    assert url(world, "import") not in world.client(world.users["viewer"]).get(url(world, "risk_list")).content.decode()


def test_linked_risks_of_a_context_issue_and_of_an_interested_party(world):
    from pdca.context.models import InterestedParty, PartyRequirement

    issue = ContextIssue.objects.create(
        organisation=world.org, number="CTX-7", title="Steel prices", direction="external", category="economic"
    )
    party = InterestedParty.objects.create(organisation=world.org, number="IP-1", name="Airedale", category="customer")
    requirement = PartyRequirement.objects.create(organisation=world.org, party=party, requirement="FAI to AS9102")
    by_issue = make_risk(world.org, context_issue=issue)
    by_requirement = make_risk(world.org, party_requirement=requirement)
    issue_card = selectors.linked_risks(issue)
    assert [r for r, _b, _rb in issue_card["risks"]] == [by_issue]
    assert issue_card["create_url"].endswith(f"?context_issue={issue.pk}")
    party_card = selectors.linked_risks(party)
    assert [r for r, _b, _rb in party_card["risks"]] == [by_requirement] and party_card["create_url"] == ""
    listed = world.client(world.users["viewer"]).get(party_card["list_url"]).content.decode()
    assert by_requirement.number in listed and by_issue.number not in listed
