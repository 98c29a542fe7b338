"""Competence in a real browser (#6): a quality manager completes a training from its page and records an
attendee's effectiveness with the level reached; the competence matrix cell of that person turns from
below the requirement to meeting it. Screenshots of the main pages land in test-results/."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import RESULTS_DIR

pytestmark = pytest.mark.browser


@pytest.fixture
def shop(transactional_db):
    from pdca.core import services
    from pdca.core.models import Person
    from tests.factories import UserFactory
    from tests.people.factories import (
        make_assessment,
        make_competence,
        make_requirement,
        make_role,
        make_training,
        person_in,
    )

    org = services.organisation_create(name="Alder Castings Ltd", slug="alder", by=None)
    user = UserFactory(username="helen", first_name="Helen", last_name="Marsh")
    services.membership_set(org=org, user=user, role="quality_manager", by=None)
    Person.objects.get(organisation=org, user=user)
    fettler = person_in(org, name="Kieran Shaw")
    others = [person_in(org, name=f"Moulder {i}") for i in range(1, 4)]
    skill = make_competence(org, name="Core setting")
    gauges = make_competence(org, name="Using go/no-go gauges", requalify_months=12)
    role = make_role(org, name="Moulder", people=[fettler, *others])
    make_requirement(org, role=role, competence=skill, level=3)
    make_requirement(org, role=role, competence=gauges, level=2)
    make_assessment(org, person=fettler, competence=skill, level=1)
    for i, person in enumerate(others):
        make_assessment(org, person=person, competence=skill, level=2 + i % 2)
    make_assessment(org, person=others[0], competence=gauges, level=2, days_ago=400)
    training = make_training(org, title="Core setting on the Disamatic", attendees=[fettler], competences=[skill])
    return user, org, fettler, training


def test_an_effective_training_turns_a_gap_green_on_the_matrix(page, login, shop):
    user, org, _fettler, training = shop
    login(user, f"/o/{org.slug}/people/matrix/")
    row = page.locator("tr", has=page.get_by_role("link", name="Kieran Shaw"))
    expect(row.locator("td.mx-below")).to_have_text(re.compile(r"↓ 1/3"))
    RESULTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS_DIR / "people-matrix.png"), full_page=True)

    page.goto(f"/o/{org.slug}/people/trainings/{training.pk}/")
    page.get_by_role("button", name="Completed").click()
    expect(page.locator("[data-status=completed]")).to_be_visible()
    page.get_by_label("Effectiveness", exact=True).select_option("effective")
    page.get_by_label("Level reached").select_option("3")
    page.get_by_label("How it was judged").fill("Set 20 cores unaided, all to drawing")
    page.get_by_role("button", name="Record evaluation").click()
    expect(page.locator("[data-status=evaluated]")).to_be_visible()
    page.screenshot(path=str(RESULTS_DIR / "people-training.png"), full_page=True)

    page.goto(f"/o/{org.slug}/people/matrix/")
    row = page.locator("tr", has=page.get_by_role("link", name="Kieran Shaw"))
    expect(row.locator("td.mx-meets")).to_have_text(re.compile(r"✓ 3/3"))
    row.get_by_role("link", name="Kieran Shaw").click()
    expect(page.get_by_role("heading", name="Kieran Shaw")).to_be_visible()
    page.screenshot(path=str(RESULTS_DIR / "people-profile.png"), full_page=True)
    page.goto(f"/o/{org.slug}/people/matrix/?view=roles")
    page.screenshot(path=str(RESULTS_DIR / "people-roles.png"), full_page=True)
