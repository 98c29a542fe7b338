"""The demo organisation's context: twelve issues, the climate determination answered (yes, after an
earlier no), eight parties with requirements (some climate-related), eight legal requirements with checks
(one overdue, one never checked), and the scope with 8.3 not applicable, published and in force; loading
twice changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from pdca.context import scope as scope_services
from pdca.context import services
from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
    ScopePublication,
)
from pdca.core import demo
from pdca.gap.models import Applicability


@pytest.fixture
def up_to_context(monkeypatch):
    """The demo of the apps this one builds on, and this one (not those written after it)."""
    upto = demo.APP_DEMOS.index("pdca.context.demo") + 1
    monkeypatch.setattr(demo, "APP_DEMOS", demo.APP_DEMOS[:upto])


def counts():
    return [
        m.objects.count()
        for m in (
            ContextIssue,
            ClimateDetermination,
            InterestedParty,
            PartyRequirement,
            LegalRequirement,
            ComplianceCheck,
            ScopePublication,
            Applicability,
        )
    ]


def test_the_demo_has_the_context_of_a_machine_shop(db, up_to_context, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    harrow = demo_org = ContextIssue.objects.filter(organisation__slug="harrow")
    org = harrow.first().organisation
    assert harrow.count() == 12
    assert set(harrow.values_list("direction", flat=True)) == {"internal", "external"}
    assert harrow.filter(climate_related=True).count() == 2
    latest = services.climate_latest(org)
    assert latest.relevant and latest.rationale and latest.decided_by.user.username == "md"
    assert ClimateDetermination.objects.filter(organisation=org).count() == 2
    parties = InterestedParty.objects.filter(organisation=org)
    assert parties.count() == 8
    requirements = PartyRequirement.objects.filter(organisation=org)
    assert (
        requirements.filter(climate_related=True).count() >= 2 and requirements.filter(processes__isnull=False).exists()
    )
    legal = LegalRequirement.objects.filter(organisation=org)
    assert legal.count() == 8
    overdue = legal.filter(next_check_date__lt=timezone.localdate(), is_active=True)
    assert overdue.count() == 1 and overdue.get().last_result == "partly"
    assert legal.filter(last_result="").count() == 1
    assert ComplianceCheck.objects.filter(organisation=org, evidence__isnull=False).count() >= 1
    failed = ComplianceCheck.objects.get(organisation=org, result="not_compliant")
    assert next(a.title for a in services.actions_of(failed)).startswith("Restore compliance")
    assert legal.filter(systems__icontains='"environment"').exists()
    scope = scope_services.scope_of(org)
    check = scope_services.scope_check(scope)
    assert check.state == scope_services.MATCHES and check.in_step, check
    lines = scope_services.na_lines(scope, scope_services.not_applicable(scope))
    assert [(line.number, line.whole_clause) for line in lines] == [("8.3", True)]
    assert scope.document.status == "effective" and scope.document.title.startswith("Scope")
    assert demo_org.exists()
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert counts() == before
