"""Context services: numbering and clause tags, the category/direction rule, party requirements, and the
legal register's compliance checks moving the last result and the next check date (hand-computed dates)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pdca.context import services
from pdca.context.choices import category_fits
from pdca.context.models import ContextIssue, LegalRequirement
from pdca.core.exceptions import PermissionDenied, ValidationFailed
from pdca.core.models import ClauseTag, DueItem
from tests.context.factories import make_check, make_issue, make_legal, make_party, make_requirement
from tests.factories import PersonFactory
from tests.harness import trail_of
from tests.processes.factories import make_process

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


# --- context issues


@pytest.mark.parametrize(
    "direction,category,fits",
    [
        ("external", "political", True),
        ("external", "environmental", True),
        ("external", "market", True),
        ("external", "culture", False),
        ("external", "knowledge", False),
        ("internal", "resources", True),
        ("internal", "structure", True),
        ("internal", "legal", False),
        ("internal", "economic", False),
    ],
)
def test_it_knows_which_headings_fit_which_direction(direction, category, fits):
    assert category_fits(direction, category) is fits


def test_it_refuses_an_internal_heading_for_an_external_issue_naming_the_field(world):
    with pytest.raises(ValidationFailed) as refused:
        services.issue_create(
            org=world.org, by=None, data={"title": "Ageing workforce", "direction": "external", "category": "culture"}
        )
    assert list(refused.value.errors) == ["category"]
    assert "internal heading" in refused.value.errors["category"][0]
    assert not ContextIssue.objects.exists()


def test_it_refuses_an_external_heading_for_an_internal_issue(world):
    issue = make_issue(world.org, direction="internal", category="resources")
    with pytest.raises(ValidationFailed) as refused:
        services.issue_update(issue, data={"category": "political"}, by=None)
    assert "external heading" in refused.value.errors["category"][0]
    assert ContextIssue.objects.get(pk=issue.pk).category == "resources"


def test_the_database_refuses_a_heading_that_does_not_fit(world):
    issue = make_issue(world.org)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContextIssue.objects.filter(pk=issue.pk).update(category="culture")


def test_issues_are_numbered_and_tagged_with_4_1(world):
    first = make_issue(world.org)
    second = make_issue(world.org, direction="internal", category="knowledge", climate_related=True)
    assert (first.number, second.number) == ("CTX-0001", "CTX-0002")
    tags = lambda issue: set(  # noqa: E731
        ClauseTag.objects.filter(object_id=issue.pk, content_type__model="contextissue").values_list("key", flat=True)
    )
    assert tags(first) == {"hs.context.organization.external_issues"}
    assert tags(second) == {"hs.context.organization.internal_issues", "hs.context.organization.climate"}


def test_only_writers_create_issues(world):
    with pytest.raises(PermissionDenied):
        make_issue(world.org, by=world.users["process_owner"])
    assert make_issue(world.org, by=world.users["top_management"]).pk


def test_an_owner_from_another_organisation_is_refused(world):
    stranger = PersonFactory(organisation=world.other)
    with pytest.raises(ValidationFailed) as refused:
        make_issue(world.org, owner=stranger)
    assert "owner" in refused.value.errors


# --- interested parties and their requirements


def test_a_requirement_keeps_its_processes_and_the_trail_names_changes(world):
    one, two = make_process(world.org, name="Machining"), make_process(world.org, name="Dispatch")
    requirement = make_requirement(world.org, processes=[one], climate_related=True)
    assert list(requirement.processes.all()) == [one]
    services.party_requirement_update(requirement, data={"processes": [two]}, by=world.users["admin"])
    assert list(requirement.processes.all()) == [two]
    change = trail_of(requirement, "update").filter(changes__has_key="processes").latest("id").changes["processes"]
    assert change == {"old": [one.number], "new": [two.number]}


def test_a_requirement_stays_with_its_party(world):
    requirement, other = make_requirement(world.org), make_party(world.org)
    with pytest.raises(ValidationFailed) as refused:
        services.party_requirement_update(requirement, data={"party": other}, by=None)
    assert "party" in refused.value.errors


def test_a_process_of_another_organisation_is_refused_by_field_name(world):
    foreign = make_process(world.other)
    with pytest.raises(ValidationFailed) as refused:
        make_requirement(world.org, processes=[foreign])
    assert list(refused.value.errors) == ["processes"]


# --- legal requirements and compliance checks


def test_a_new_requirement_is_due_for_its_first_check_today(world):
    requirement = make_legal(world.org)
    assert requirement.number == "LEG-0001"
    assert requirement.next_check_date == TODAY
    assert (requirement.last_checked_on, requirement.last_result) == (None, "")


def test_a_check_sets_the_last_result_and_the_next_date_by_calendar_months(world):
    requirement = make_legal(world.org, check_interval_months=12)
    make_check(world.org, requirement=requirement, days_ago=0, result="partly")
    requirement.refresh_from_db()
    assert requirement.last_checked_on == TODAY and requirement.last_result == "partly"
    assert requirement.next_check_date == services.next_check_after(TODAY, 12)


@pytest.mark.parametrize(
    "checked,months,due",
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),  # no 31 February
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),  # leap day
        (datetime.date(2025, 3, 15), 6, datetime.date(2025, 9, 15)),
        (datetime.date(2025, 11, 30), 3, datetime.date(2026, 2, 28)),
    ],
)
def test_the_next_check_falls_due_the_interval_after_the_check(checked, months, due):
    assert services.next_check_after(checked, months) == due


def test_the_latest_check_by_date_counts_even_when_entered_first(world):
    requirement = make_legal(world.org, check_interval_months=6)
    recent = make_check(world.org, requirement=requirement, days_ago=5, result="compliant")
    make_check(world.org, requirement=requirement, days_ago=400, result="not_compliant")  # an old one, entered late
    requirement.refresh_from_db()
    assert (requirement.last_checked_on, requirement.last_result) == (recent.checked_on, "compliant")
    assert requirement.next_check_date == services.next_check_after(recent.checked_on, 6)


def test_deleting_the_latest_check_goes_back_to_the_one_before(world):
    requirement = make_legal(world.org, check_interval_months=12)
    older = make_check(world.org, requirement=requirement, days_ago=400, result="not_compliant")
    latest = make_check(world.org, requirement=requirement, days_ago=3, result="compliant")
    services.compliance_check_delete(latest, by=world.users["admin"], reason="Wrong requirement")
    requirement.refresh_from_db()
    assert (requirement.last_checked_on, requirement.last_result) == (older.checked_on, "not_compliant")
    assert requirement.next_check_date == services.next_check_after(older.checked_on, 12)
    assert requirement.next_check_date < TODAY  # overdue again


def test_correcting_a_check_date_moves_the_next_check(world):
    requirement = make_legal(world.org, check_interval_months=12)
    check = make_check(world.org, requirement=requirement, days_ago=3)
    services.compliance_check_update(check, data={"checked_on": days(100)}, by=world.users["quality_manager"])
    requirement.refresh_from_db()
    assert requirement.next_check_date == services.next_check_after(days(100), 12)


def test_a_check_in_the_future_or_with_disposed_evidence_is_refused(world):
    requirement = make_legal(world.org)
    with pytest.raises(ValidationFailed) as refused:
        make_check(world.org, requirement=requirement, days_ago=-1)
    assert "checked_on" in refused.value.errors
    assert not requirement.checks.exists()


def test_a_new_interval_moves_the_next_check_unless_a_date_is_given(world):
    requirement = make_legal(world.org, check_interval_months=12)
    check = make_check(world.org, requirement=requirement, days_ago=30)
    requirement.refresh_from_db()
    services.legal_update(requirement, data={"check_interval_months": 3}, by=None)
    assert requirement.next_check_date == services.next_check_after(check.checked_on, 3)
    planned = TODAY + datetime.timedelta(days=7)
    services.legal_update(requirement, data={"check_interval_months": 6, "next_check_date": planned}, by=None)
    assert requirement.next_check_date == planned


def test_the_owner_sees_the_next_check_among_their_due_items(world):
    owner = PersonFactory(organisation=world.org)
    requirement = make_legal(world.org, owner=owner)
    item = DueItem.objects.get(person=owner, kind=services.DUE_KIND)
    assert item.due_date == TODAY and item.is_open
    make_check(world.org, requirement=requirement, days_ago=0)
    item.refresh_from_db()
    assert item.due_date == services.next_check_after(TODAY, 12)
    requirement.refresh_from_db()
    services.legal_update(requirement, data={"is_active": False}, by=None)
    item.refresh_from_db()
    assert not item.is_open
    services.legal_delete(requirement, by=None)
    assert not DueItem.objects.filter(person=owner).exists()


def test_process_owners_record_checks_but_only_writers_correct_them(world):
    requirement = make_legal(world.org)
    check = make_check(world.org, requirement=requirement, by=world.users["process_owner"])
    assert check.checked_by.user == world.users["process_owner"]  # defaults to the person recording it
    with pytest.raises(PermissionDenied):
        services.compliance_check_update(check, data={"notes": "x"}, by=world.users["process_owner"])
    with pytest.raises(PermissionDenied):
        make_check(world.org, requirement=requirement, by=world.users["employee"])


def test_management_systems_are_checked_and_default_to_quality(world):
    assert make_legal(world.org).systems == ["quality"]
    both = make_legal(world.org, systems=["quality", "environment"])
    assert LegalRequirement.objects.filter(systems__icontains='"environment"').get() == both
    with pytest.raises(ValidationFailed) as refused:
        make_legal(world.org, systems=["quality", "finance"])
    assert "finance" in refused.value.errors["systems"][0]
    with pytest.raises(ValidationFailed):
        make_legal(world.org, systems=[])


# --- search


def test_issues_and_legal_requirements_are_found_by_their_words(world):
    from pdca.core import search

    issue = make_issue(world.org, title="Flooding of the canal", description="The car park flooded in 2024.")
    legal = make_legal(world.org, title="Pressure equipment", reference="SI 2016/1105", issuer="UK Parliament")
    user = world.users["employee"]
    found = lambda q: {hit.object_id for hit in search.search(world.org, user, q).items}  # noqa: E731
    assert issue.pk in found("car park")
    assert legal.pk in found("2016 1105")
    services.legal_update(legal, data={"how_complied": "Written scheme of examination"}, by=None)
    assert legal.pk in found("written scheme")
    services.legal_delete(legal, by=None)
    assert not found("written scheme")
    assert services.issues_reindex(world.org) == 1 and services.legal_reindex(world.org) == 0
