"""Process pages beyond the harness: the turtle, the workflow buttons, interactions from the process page,
the map (page and PDF), the register's filters and "my processes", and flat query counts."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pdca.processes import selectors, services
from pdca.processes.models import Process, ProcessInteraction
from tests.documents.factories import make_document
from tests.factories import PersonFactory
from tests.objectives.factories import make_kpi, make_objective, measure
from tests.processes.factories import make_interaction, make_process
from tests.risks.factories import make_risk


def page(world, name, *args):
    return reverse(f"processes:{name}", args=[world.org.slug, *args])


@pytest.fixture
def qm(world):
    return world.client(world.users["quality_manager"])


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
        assert response.status_code == 200, url
    return len(captured)


# --- the turtle


def test_the_turtle_shows_every_leg_of_the_process(world, qm):
    owner = PersonFactory(organisation=world.org, name="Darren Hughes", job_title="Production manager")
    machining = make_process(
        world.org,
        name="CNC machining",
        owner=owner,
        suppliers="Bar stock suppliers",
        customers="Assembly",
        resources="Haas VF-2",
        competences="Setter-operators level 2",
        criteria="Scrap rate below 2 %",
        members=[PersonFactory(organisation=world.org, name="Aisha Begum")],
        documents=[make_document(world.org, title="Machine start-up")],
    )
    planning, inspection = make_process(world.org, name="Planning"), make_process(world.org, name="Inspection")
    make_interaction(world.org, source=planning, target=machining, description="Works orders")
    make_interaction(world.org, source=machining, target=inspection, description="Machined parts")
    html = qm.get(page(world, "process_detail", machining.pk)).content.decode()
    for text in (
        "Darren Hughes",
        "Production manager",
        "Machine parts to drawing",
        "Bar stock suppliers",
        "Works orders, bar stock, CNC programmes",
        "Machined parts with route cards",
        "Assembly",
        "Haas VF-2",
        "Setter-operators level 2",
        "Aisha Begum",
        "Machine start-up",
        "Scrap rate below 2 %",
        f"from {planning.number}",
        f"to {inspection.number}",
        'class="turtle',
    ):
        assert text in html, text


def test_the_turtle_shows_the_kpis_objectives_and_risks_of_the_process(world, qm):
    process = make_process(world.org, name="Dispatch")
    objective = make_objective(world.org, title="Deliver on time", target="95", processes=[process])
    on_time = make_kpi(
        world.org, name="On-time delivery", process=process, objective=objective, target="95", green="95", amber="90"
    )
    measure(on_time, [97, 93, 88])  # off track now, and so is the objective
    make_risk(world.org, title="Carrier fails to collect", process=process, likelihood=4, impact=4)
    make_kpi(world.org, name="Somebody else's KPI")
    html = qm.get(page(world, "process_detail", process.pk)).content.decode()
    for text in ("On-time delivery", "88 %", "≥ 95 %", "Off track", 'class="kpi-sparkline"'):
        assert text in html, text
    for text in ("Deliver on time", "Carrier fails to collect", "16 Critical"):
        assert text in html, text
    assert html.count("Off track") == 2  # the KPI and the objective that follows it
    assert "Somebody else" not in html


def test_the_turtle_page_costs_the_same_queries_with_more_legs(world, qm):
    process = make_process(world.org)
    counts = []
    for _round in range(2):
        process.members.add(PersonFactory(organisation=world.org), PersonFactory(organisation=world.org))
        process.documents.add(make_document(world.org, title="Another"))
        make_interaction(world.org, target=process)
        make_interaction(world.org, source=process)
        measure(make_kpi(world.org, process=process), [90, 96])
        make_objective(world.org, processes=[process])
        make_risk(world.org, process=process)
        services.process_update(process, data={"purpose": f"Purpose {_round}"}, by=None)
        counts.append(queries(qm, page(world, "process_detail", process.pk)))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 30, counts


# --- the workflow from the page


def test_the_quality_manager_approves_and_retires_from_the_page(world, qm):
    process = make_process(world.org)
    url = page(world, "process_transition", process.pk)
    assert "Approve into the register" in qm.get(page(world, "process_detail", process.pk)).content.decode()
    assert qm.post(url, {"status": "active"}).status_code == 302
    assert Process.objects.get(pk=process.pk).status == "active"
    refused = qm.post(url, {"status": "retired", "reason": ""}, follow=True)
    assert "Say why" in refused.content.decode() and Process.objects.get(pk=process.pk).status == "active"
    qm.post(url, {"status": "retired", "reason": "Outsourced"})
    assert Process.objects.get(pk=process.pk).status == "retired"


def test_roles_that_may_not_approve_get_403_and_see_no_buttons(world):
    process = make_process(world.org)
    client = world.client(world.users["process_owner"])
    assert "Approve into the register" not in client.get(page(world, "process_detail", process.pk)).content.decode()
    assert client.post(page(world, "process_transition", process.pk), {"status": "active"}).status_code == 403
    assert Process.objects.get(pk=process.pk).status == "draft"


def test_an_owner_edits_their_own_process_but_no_other(world):
    employee = world.users["employee"]
    own = make_process(world.org, owner=employee.people.get(organisation=world.org))
    client = world.client(employee)
    data = {
        "name": own.name,
        "process_type": "core",
        "owner": own.owner_id,
        "importance": 2,
        "purpose": "Sharper purpose",
        "inputs": "In",
        "outputs": "Out",
        "version": own.version,
    }
    assert client.post(page(world, "process_edit", own.pk), data).status_code == 302
    assert Process.objects.get(pk=own.pk).purpose == "Sharper purpose"
    assert client.get(page(world, "process_edit", make_process(world.org).pk)).status_code == 403


# --- interactions from the process page


def test_an_interaction_added_from_the_process_page_comes_back_to_it(world, qm):
    machining, inspection = make_process(world.org, name="Machining"), make_process(world.org, name="Inspection")
    data = {"source": machining.number, "target": "inspection", "description": "Parts", "back": "source"}
    response = qm.post(page(world, "processinteraction_create"), data)
    assert response.status_code == 302 and response["Location"].endswith(
        page(world, "process_detail", machining.pk) + "#interactions"
    )
    assert ProcessInteraction.objects.get().target == inspection
    interaction = ProcessInteraction.objects.get()
    response = qm.post(page(world, "processinteraction_delete", interaction.pk), {"back": "1"})
    assert response["Location"].endswith("#interactions") and not ProcessInteraction.objects.exists()


def test_a_process_feeding_itself_is_refused_with_a_clear_error(world, qm):
    process = make_process(world.org)
    data = {"source": process.number, "target": process.number, "description": "Parts"}
    response = qm.post(page(world, "processinteraction_create"), data)
    assert response.status_code == 400
    assert "A process cannot feed itself" in response.content.decode()
    assert not ProcessInteraction.objects.exists()
    response = qm.post(page(world, "processinteraction_create"), {**data, "target": "PRC-9999"})
    assert response.status_code == 400 and "No process has the number or name “PRC-9999”" in response.content.decode()


# --- the map


def test_the_map_page_draws_approved_processes_and_names_every_arrow(world, qm):
    a, b, c = (make_process(world.org, name=n, approved=True) for n in ("Sales", "Planning", "Machining"))
    draft = make_process(world.org, name="Training")
    for source, target in ((a, b), (b, c), (c, a), (draft, c)):
        make_interaction(world.org, source=source, target=target, description=f"{source.name} output")
    html = qm.get(page(world, "map")).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = ET.fromstring(svg)  # noqa: S314 our own drawing
    assert len([g for g in root.iter() if g.get("class") == "pm-arrow"]) == 3
    assert "Training" not in svg and "Machining output" in html  # drafts only on request
    with_drafts = qm.get(page(world, "map"), {"drafts": "1"}).content.decode()
    assert "Training" in with_drafts and "Training output" in with_drafts


def test_the_map_page_stays_bounded(world, qm, monkeypatch):
    monkeypatch.setattr(selectors, "MAP_LIMIT", 4)
    processes = [make_process(world.org, name=f"P{i}", approved=True, importance=3 if i < 2 else 1) for i in range(6)]
    make_interaction(world.org, source=processes[0], target=processes[1])
    counts = [queries(qm, page(world, "map"))]
    for i in range(6, 12):
        make_interaction(world.org, source=make_process(world.org, name=f"P{i}", approved=True), target=processes[0])
    counts.append(queries(qm, page(world, "map")))
    assert counts[0] == counts[1], counts
    html = qm.get(page(world, "map")).content.decode()
    assert "The map draws at most 4 processes" in html and "12 match" in html
    assert "P0" in html and "P1" in html  # the most important first


def test_the_map_pdf_has_the_map_and_the_register(world, qm):
    from pypdf import PdfReader

    a, b = make_process(world.org, name="Sales", approved=True), make_process(world.org, name="Planning", approved=True)
    make_interaction(world.org, source=a, target=b, description="Confirmed orders")
    make_process(world.org, name="Unapproved idea")
    response = qm.get(page(world, "map_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Process map" in text and "Process register" in text and "Confirmed orders" in text
    assert "Sales" in text and "Planning" in text and "Unapproved idea" not in text


# --- the register


def test_my_processes_are_those_i_own_or_work_in(world):
    user = world.users["employee"]
    me = user.people.get(organisation=world.org)
    owned = make_process(world.org, name="Owned by me", owner=me)
    member = make_process(world.org, name="I work in it", members=[me, PersonFactory(organisation=world.org)])
    make_process(world.org, name="Somebody else's")
    html = world.client(user).get(page(world, "process_list"), {"mine": "true"}).content.decode()
    assert owned.name in html and member.name in html and "Somebody else" not in html
    assert html.count(member.name) == 1  # no duplicate row from the membership join
    others = world.client(user).get(page(world, "process_list"), {"mine": "false"}).content.decode()
    assert "Somebody else" in others and owned.name not in others


def test_the_register_filters(world, qm):
    from pdca.core.services import clause_tags_set

    management = make_process(world.org, name="Review", process_type="management", approved=True)
    make_process(world.org, name="Machining")
    overdue = make_process(world.org, name="Dispatch", approved=True, next_review_date="2020-01-01")
    clause_tags_set(target=management, keys=["hs.evaluation.review"], by=None)

    def names(**params):
        html = qm.get(page(world, "process_list"), params).content.decode()
        return {n for n in ("Review", "Machining", "Dispatch") if f"<td>{n}</td>" in html}

    assert names(process_type="management") == {"Review"}
    assert names(status="draft") == {"Machining"}
    assert names(clause="hs.evaluation") == {"Review"}
    assert names(review_overdue="true") == {"Dispatch"}
    assert names(owner=overdue.owner_id) == {"Dispatch"}
    assert names(q="mach") == {"Machining"}


def test_the_mandatory_checklist_shows_the_register_once_approved(world, qm):
    url = reverse("documents:mandatory", args=[world.org.slug])
    assert "Process register (approved processes)" not in qm.get(url).content.decode()
    make_process(world.org, approved=True)
    assert "Process register (approved processes)" in qm.get(url).content.decode()
