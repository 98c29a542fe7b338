"""Context pages: the registers' filters (including "mine"), flat query counts on filtered lists and on
detail pages with more linked rows, the risks raised from an issue, a party's requirements edited in place
(htmx), and the legal register's overdue checks."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pdca.context.models import PartyRequirement
from pdca.core.services import person_for_user
from tests.context.factories import make_check, make_issue, make_legal, make_party, make_requirement
from tests.processes.factories import make_process
from tests.risks.factories import make_risk

TODAY = timezone.localdate()
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(world, name, *args):
    return reverse(f"context:{name}", args=[world.org.slug, *args])


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def numbers(response) -> list[str]:
    return [row.number for row in response.context["page"].object_list]


# --- filters


def test_the_issue_register_filters(world):
    me = person_for_user(world.org, world.users["quality_manager"])
    mine = make_issue(world.org, owner=me, review_date=TODAY - datetime.timedelta(days=1))
    climate = make_issue(world.org, category="environmental", climate_related=True)
    internal = make_issue(world.org, direction="internal", category="culture", effect="positive")
    make_issue(world.other, owner=None)
    client = world.client(world.users["quality_manager"])
    get = lambda **q: numbers(client.get(url(world, "contextissue_list"), q))  # noqa: E731
    assert get() == [mine.number, climate.number, internal.number]
    assert get(mine="on") == [mine.number]
    assert get(climate_related="true") == [climate.number]
    assert get(direction="internal") == [internal.number]
    assert get(category="environmental") == [climate.number]
    assert get(effect="positive") == [internal.number]
    assert get(review_due="true") == [mine.number]
    assert get(clause="hs.context.organization.internal_issues") == [internal.number]
    assert numbers(world.client(world.users["viewer"]).get(url(world, "contextissue_list"), {"mine": "on"})) == []


def test_the_legal_register_filters_and_lists_overdue_checks(world):
    me = person_for_user(world.org, world.users["top_management"])
    never = make_legal(world.org, owner=me, systems=["quality", "environment"])
    overdue = make_legal(world.org, check_interval_months=1)
    make_check(world.org, requirement=overdue, days_ago=60, result="not_compliant")
    fine = make_legal(world.org)
    make_check(world.org, requirement=fine, days_ago=5, result="compliant")
    client = world.client(world.users["top_management"])
    get = lambda **q: numbers(client.get(url(world, "legalrequirement_list"), q))  # noqa: E731
    assert get(mine="on") == [never.number]
    assert get(system="environment") == [never.number]
    assert get(last_result="never") == [never.number]
    assert get(last_result="not_compliant") == [overdue.number]
    assert get(overdue="true") == [overdue.number]
    assert get(due_before=TODAY.isoformat()) == [never.number, overdue.number]
    response = client.get(url(world, "legalrequirement_list"))
    assert [r.number for r in response.context["overdue"]] == [overdue.number]
    body = response.content.decode()
    assert "Overdue compliance checks" in body and "1 check(s) overdue" in body
    assert 'class="ctx-chart ctx-chart-compliance"' in body


def test_parties_filter_by_climate_requirements_and_count_them(world):
    green = make_party(world.org)
    make_requirement(world.org, party=green, climate_related=True)
    make_requirement(world.org, party=green)
    plain = make_party(world.org)
    client = world.client(world.users["employee"])
    assert numbers(client.get(url(world, "interestedparty_list"), {"climate": "true"})) == [green.number]
    rows = {
        p.number: (p.requirement_count, p.climate_count)
        for p in client.get(url(world, "interestedparty_list")).context["page"]
    }
    assert rows == {green.number: (2, 1), plain.number: (0, 0)}


# --- query counts


def test_filtered_lists_cost_the_same_with_three_times_the_rows(world):
    client = world.client(world.users["quality_manager"])
    me = person_for_user(world.org, world.users["quality_manager"])
    addresses = [
        url(world, "contextissue_list") + "?climate_related=true&mine=on&q=Steel&clause=hs.context",
        url(world, "legalrequirement_list") + "?system=quality&overdue=true&mine=on&last_result=never",
        url(world, "interestedparty_list") + "?climate=true",
        url(world, "partyrequirement_list") + "?climate_related=true",
        url(world, "compliancecheck_list") + "?result=partly",
    ]

    def grow(n):
        for _ in range(n):
            make_issue(world.org, category="environmental", climate_related=True, owner=me)
            requirement = make_legal(world.org, owner=me)
            make_check(world.org, requirement=requirement, result="partly", days_ago=400)
            make_requirement(world.org, climate_related=True)

    grow(3)
    small = [queries(client, a) for a in addresses]
    grow(6)
    assert [queries(client, a) for a in addresses] == small
    assert max(small) <= 20


def test_detail_pages_cost_the_same_with_more_linked_rows(world):
    client = world.client(world.users["quality_manager"])

    def party_with(n):
        party = make_party(world.org)
        for _ in range(n):
            requirement = make_requirement(world.org, party=party, processes=[make_process(world.org)])
            make_risk(world.org, party_requirement=requirement)
        return party

    def issue_with(n):
        issue = make_issue(world.org)
        for _ in range(n):
            make_risk(world.org, context_issue=issue)
        return issue

    def legal_with(n):
        requirement = make_legal(world.org, processes=[make_process(world.org) for _ in range(n)])
        for i in range(n):
            make_check(world.org, requirement=requirement, days_ago=10 + i)
        return requirement

    for make in (party_with, issue_with, legal_with):
        assert queries(client, make(1).get_absolute_url()) == queries(client, make(5).get_absolute_url()), make
    requirement = make_requirement(world.org, processes=[make_process(world.org)])
    more = make_requirement(world.org, processes=[make_process(world.org) for _ in range(4)])
    for _ in range(4):
        make_risk(world.org, party_requirement=more)
    assert queries(client, requirement.get_absolute_url()) == queries(client, more.get_absolute_url())


def test_an_issue_shows_the_risks_raised_from_it_to_those_who_see_risks(world):
    issue = make_issue(world.org)
    risk = make_risk(world.org, context_issue=issue, title="Steel supplier fails")
    body = world.client(world.users["quality_manager"]).get(issue.get_absolute_url()).content.decode()
    assert risk.number in body and "Steel supplier fails" in body
    assert f"?context_issue={issue.pk}" in body  # raise another from here


# --- a party's requirements, edited in place


@pytest.fixture
def party(world):
    return make_party(world.org)


def test_a_requirement_is_added_in_place(world, party):
    client = world.client(world.users["quality_manager"])
    page = client.get(party.get_absolute_url()).content.decode()
    assert 'id="requirements"' in page and 'hx-post="' + url(world, "partyrequirement_create") in page
    response = client.post(
        url(world, "partyrequirement_create"),
        {
            "party": party.pk,
            "requirement": "Report scope 1 and 2 emissions yearly",
            "climate_related": "on",
            "is_active": "on",
        },
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'hx-swap-oob="beforeend:#requirements"' in body and "Report scope 1 and 2 emissions yearly" in body
    assert 'id="requirement-new"' in body  # a fresh form for the next one
    assert PartyRequirement.objects.get().climate_related


def test_a_refused_addition_answers_with_the_form_and_its_errors(world, party):
    response = world.client(world.users["quality_manager"]).post(
        url(world, "partyrequirement_create"), {"party": party.pk, "requirement": ""}, **HTMX
    )
    assert response.status_code == 400 and 'id="requirement-new"' in response.content.decode()
    assert "This field is required." in response.content.decode()
    assert not PartyRequirement.objects.exists()


def test_a_requirement_is_edited_and_removed_in_place(world, party):
    requirement = make_requirement(world.org, party=party)
    client = world.client(world.users["top_management"])
    form = client.get(url(world, "partyrequirement_edit", requirement.pk), **HTMX)
    assert form.status_code == 200 and f'id="requirement-{requirement.pk}"' in form.content.decode()
    assert "<html" not in form.content.decode()
    saved = client.post(
        url(world, "partyrequirement_edit", requirement.pk),
        {
            "party": party.pk,
            "requirement": "Deliver within 5 days",
            "how_addressed": "Planning",
            "is_active": "on",
            "version": 1,
        },
        **HTMX,
    )
    assert saved.status_code == 200 and "Deliver within 5 days" in saved.content.decode()
    stale = client.post(
        url(world, "partyrequirement_edit", requirement.pk),
        {"party": party.pk, "requirement": "Older text", "is_active": "on", "version": 1},
        **HTMX,
    )
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()
    cancel = client.get(url(world, "partyrequirement_detail", requirement.pk) + "?item=1", **HTMX)
    assert "Deliver within 5 days" in cancel.content.decode() and "<html" not in cancel.content.decode()
    removed = client.post(url(world, "partyrequirement_delete", requirement.pk), **HTMX)
    assert removed.status_code == 200 and removed.content == b""
    assert not PartyRequirement.objects.exists()


def test_in_place_editing_keeps_the_roles(world, party):
    requirement = make_requirement(world.org, party=party)
    employee = world.client(world.users["employee"])
    assert employee.get(url(world, "partyrequirement_edit", requirement.pk), **HTMX).status_code == 403
    assert employee.post(url(world, "partyrequirement_delete", requirement.pk), **HTMX).status_code == 403
    page = employee.get(party.get_absolute_url()).content.decode()
    assert "Add a requirement" not in page and "Remove</button>" not in page
    outsider = world.client(world.outsider)
    assert outsider.get(url(world, "partyrequirement_edit", requirement.pk), **HTMX).status_code == 404


# --- long drop-downs


def test_quick_drop_downs_escape_and_keep_the_choice(world):
    from pdca.context.forms import ContextIssueForm
    from tests.factories import PersonFactory

    evil = PersonFactory(organisation=world.org, name='<script>alert("x")</script>')
    html = str(ContextIssueForm(org=world.org, initial={"owner": evil.pk})["owner"])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f'<option value="{evil.pk}" selected>' in html


def test_processes_are_named_by_number_once_there_are_very_many(world, monkeypatch):
    from pdca.context import forms

    one, two = make_process(world.org), make_process(world.org)
    monkeypatch.setattr(forms, "PROCESSES_LISTED", 1)
    party = make_party(world.org)
    form = forms.PartyRequirementForm(
        {"party": party.pk, "requirement": "x", "processes": f"{two.number}, {one.number}", "is_active": "on"},
        org=world.org,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["processes"] == [two, one]
    refused = forms.PartyRequirementForm(
        {"party": party.pk, "requirement": "x", "processes": "PRC-9999"}, org=world.org
    )
    assert not refused.is_valid() and "PRC-9999" in refused.errors["processes"][0]
    requirement = make_requirement(world.org, party=party, processes=[one])
    assert forms.PartyRequirementForm(instance=requirement, org=world.org).initial["processes"] == one.number


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": 'a"<b>', "kind": "law", "overdue": "true", "due_before": "2026-01-02", "mine": "on", "owner": "3"},
        {"is_active": "false", "last_result": "never", "system": "environment"},
    ],
)
def test_the_quick_filter_bar_says_what_django_would(world, data):
    import re

    from django.test import RequestFactory

    from pdca.context.filtersets import LegalRequirementFilterSet
    from pdca.context.forms import quicken
    from pdca.core.templatetags.pdca import styled

    def rendered(quick: bool) -> dict:
        filterset = LegalRequirementFilterSet(data, request=RequestFactory().get("/"))
        filterset.form.is_valid()
        if quick:
            quicken(filterset.form)
        attributes = lambda html: sorted(re.findall(r'[\w-]+(?:="[^"]*")?', re.sub(r">\s+<", "><", html)))  # noqa: E731
        return {name: attributes(str(styled(filterset.form[name]))) for name in filterset.form.fields}

    assert rendered(quick=True) == rendered(quick=False)


# --- actions from a compliance check


def test_an_action_is_raised_from_a_check_that_found_a_gap(world):
    from pdca.core.models import Action

    owner = person_for_user(world.org, world.users["process_owner"])
    requirement = make_legal(world.org, owner=owner)
    gap = make_check(world.org, requirement=requirement, result="not_compliant", notes="Two declarations missing")
    client = world.client(world.users["quality_manager"])
    page = client.get(url(world, "compliancecheck_action", gap.pk))
    assert page.status_code == 200 and requirement.number in page.content.decode()
    assert page.context["form"].initial["owner"] == owner.pk
    response = client.post(
        url(world, "compliancecheck_action", gap.pk),
        {"title": "Issue the missing declarations", "owner": owner.pk, "due_date": "2030-01-31", "priority": "high"},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source == gap and action.owner == owner
    assert "Issue the missing declarations" in client.get(gap.get_absolute_url()).content.decode()
    met = make_check(world.org, requirement=requirement, result="compliant")
    assert "Raise an action" not in client.get(met.get_absolute_url()).content.decode()
    refused = client.post(
        url(world, "compliancecheck_action", met.pk),
        {"title": "Nothing", "owner": owner.pk, "due_date": "2030-01-31", "priority": "low"},
    )
    assert refused.status_code == 400 and Action.objects.count() == 1
    assert world.client(world.users["viewer"]).get(url(world, "compliancecheck_action", gap.pk)).status_code == 403
    assert world.client(world.outsider).get(url(world, "compliancecheck_action", gap.pk)).status_code == 404
