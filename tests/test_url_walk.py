"""Walks every page and API endpoint under an organisation and checks nothing leaks.

No URL is listed by hand: the resolver is read, so a page added later is walked automatically.
Each is requested as anonymous (login or 401), as a member of another organisation (404, for
reads and writes), and, where it names a row, by a member of the right organisation asking for
a row of the other organisation (404).
"""

import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
)
from pdca.core import services
from pdca.core.models import Action, Attachment, Membership, Person, Site, TrailEntry
from pdca.customers import services as customer_services
from pdca.customers.models import Customer, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound
from pdca.documents.models import Acknowledgement, Document, DocumentRevision, MasterListJob, Signature
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord
from pdca.gap import services as gap_services
from pdca.gap.models import Applicability, Assessment, Response
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.people.models import Competence, JobRole, PersonCompetence, RoleRequirement, Training
from pdca.processes.models import Process, ProcessInteraction
from pdca.records.models import DisposalRequest, Record, RecordType
from pdca.records.services import disposal_request_create
from pdca.risks.models import Risk, RiskEvaluation
from pdca.standards.models import Clause, Requirement, Standard
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation
from tests.context.factories import make_check, make_climate, make_issue, make_legal, make_party, make_requirement
from tests.customers.factories import make_customer, make_feedback, make_round, make_survey
from tests.documents.factories import make_effective
from tests.equipment import factories as equipment
from tests.factories import ActionFactory, MembershipFactory, PersonFactory, SiteFactory, UserFactory
from tests.gap.factories import make_assessment
from tests.objectives.factories import make_commitment, make_kpi, make_measurement, make_objective
from tests.people import factories as people
from tests.processes.factories import make_interaction, make_process
from tests.records.factories import make_record, make_type, past_retention
from tests.risks.factories import make_evaluation, make_risk
from tests.suppliers import factories as suppliers

PRIVATE_CATALOGUE = """format: 1
standard: {code: acme-csr, edition: "2024", title: Customer requirements}
clauses:
  - number: "1"
    title: Packaging
    key: csr.packaging
    requirements:
      - {key: csr.packaging.labels, text: Every box carries the customer's part number.}
"""


def org_patterns():
    """(name, pattern, view) of every named URL whose route starts with an organisation."""
    found = []

    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace]))
                walk(p.url_patterns, prefix + str(p.pattern), ns or None)
            elif isinstance(p, URLPattern) and p.name and "<slug:org_slug>" in prefix + str(p.pattern):
                name = f"{namespace}:{p.name}" if namespace else p.name
                found.append((name, prefix + str(p.pattern), p.callback))

    walk(get_resolver().url_patterns)
    return found


def view_model(callback):
    cls = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return getattr(cls, "model", None) or getattr(getattr(cls, "queryset", None), "model", None)


MAKERS = {
    Assessment: lambda org: make_assessment(org),
    Response: lambda org: make_assessment(org).responses.first(),
    Applicability: lambda org: gap_services.applicability_set(
        org=org,
        requirement=Requirement.objects.filter(standard__slug="iso9001-2015").first(),
        applicable=False,
        justification="Not ours",
        by=None,
    ),
    Site: lambda org: SiteFactory(organisation=org),
    Person: lambda org: PersonFactory(organisation=org),
    Action: lambda org: ActionFactory(organisation=org),
    Membership: lambda org: MembershipFactory(organisation=org, user=UserFactory()),
    Document: lambda org: make_effective(org),
    DocumentRevision: lambda org: make_effective(org).current_revision,
    Signature: lambda org: make_effective(org).current_revision.signatures.get(),
    Acknowledgement: lambda org: Acknowledgement.objects.create(
        organisation=org, revision=make_effective(org).current_revision, person=PersonFactory(organisation=org)
    ),
    MasterListJob: lambda org: MasterListJob.objects.create(organisation=org, status="done", file="x.pdf"),
    RecordType: lambda org: make_type(org),
    Record: lambda org: make_record(org),
    DisposalRequest: lambda org: disposal_request_create(org=org, data={"records": [past_retention(org)]}, by=None),
    PolicyCommitment: lambda org: make_commitment(org),
    QualityObjective: lambda org: make_objective(org),
    KPI: lambda org: make_kpi(org),
    Measurement: lambda org: make_measurement(org),
    Process: lambda org: make_process(org),
    ProcessInteraction: lambda org: make_interaction(org),
    Risk: lambda org: make_risk(org),
    RiskEvaluation: lambda org: make_evaluation(make_risk(org)),
    ContextIssue: lambda org: make_issue(org),
    ClimateDetermination: lambda org: make_climate(org),
    InterestedParty: lambda org: make_party(org),
    PartyRequirement: lambda org: make_requirement(org),
    LegalRequirement: lambda org: make_legal(org),
    ComplianceCheck: lambda org: make_check(org),
    JobRole: people.make_role,
    Competence: people.make_competence,
    RoleRequirement: people.make_requirement,
    PersonCompetence: people.make_assessment,
    Training: lambda org: people.make_training(org, attendees=[people.person_in(org)]),
    Supplier: lambda org: suppliers.make_supplier(org),
    SupplierCertificate: lambda org: suppliers.make_certificate(suppliers.make_supplier(org)),
    EvaluationCriterion: lambda org: suppliers.make_criterion(org),
    SupplierEvaluation: lambda org: suppliers.make_evaluation(suppliers.make_supplier(org)),
    Scar: lambda org: suppliers.make_scar(suppliers.make_supplier(org)),
    Customer: lambda org: make_customer(org),
    Feedback: lambda org: make_feedback(org),
    Survey: lambda org: make_survey(org),
    SurveyQuestion: lambda org: make_survey(org).questions.first(),
    SurveyRound: lambda org: make_round(make_survey(org)),
    KpiFeed: lambda org: customer_services.feed_create(org=org, data={"kpi": make_kpi(org), "metric": "nps"}, by=None),
    Equipment: equipment.make_equipment,
    CalibrationRecord: lambda org: equipment.make_calibration(equipment.make_equipment(org)),
    ImpactAssessment: lambda org: equipment.make_assessment(
        equipment.make_calibration(equipment.make_equipment(org), result="out_of_tolerance")
    ),
    MaintenancePlan: lambda org: equipment.make_plan(equipment.make_machine(org)),
    MaintenanceRecord: lambda org: equipment.make_maintenance(equipment.make_machine(org)),
}


def kwargs_for(name, route, org, callback, rows):
    kwargs = {"org_slug": org.slug}
    model = view_model(callback)
    if "<int:ct>" in route:
        kwargs.update(ct=ContentType.objects.get_for_model(Site).pk, pk=rows[Site].pk)
    elif "<int:pk>" in route or "<pk>" in route:
        kwargs["pk"] = rows[model].pk
    if "<slug:slug>" in route or "<slug>" in route:
        kwargs["slug"] = rows[Standard].slug
    if "<str:key>" in route:
        kwargs["key"] = rows[Requirement].key
    if "<fmt>" in route:
        kwargs["fmt"] = "xlsx"
    return kwargs


@pytest.fixture
def rows(world):
    """One row of every kind in organisation A, and the private catalogue of organisation B."""
    made = {model: make(world.org) for model, make in MAKERS.items()}
    file_like = _upload()
    made[Attachment] = services.attachment_add(target=made[Site], upload=file_like, by=None)
    made[TrailEntry] = TrailEntry.objects.filter(organisation=world.org).first()
    made[Standard] = services_import(world.other, world.outsider)
    made[Requirement] = made[Standard].requirements.first()
    made[Clause] = made[Standard].clauses.first()
    return made


def services_import(org, user):
    from pdca.standards.services import catalogue_import

    return catalogue_import(org=org, text=PRIVATE_CATALOGUE, filename="csr.yaml", by=user)


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "evidence.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf"
    )


def _handles(callback, method) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, method)
    return method in getattr(callback, "actions", {})


def test_the_walk_covers_pages_and_api(world):
    names = {name for name, _route, _cb in org_patterns()}
    # Guard against the walker silently finding nothing (e.g. after a URL refactor).
    assert {"core:site_list", "core:trail", "standards:catalogue", "action-list", "requirement-list"} <= names
    assert len(names) >= 30


def test_anonymous_users_get_nothing(client, world, rows):
    for name, route, callback in org_patterns():
        url = reverse(name, kwargs=kwargs_for(name, route, world.org, callback, rows))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if route.startswith("api/"):
                assert response.status_code in (401, 403), (method, url)
            else:
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], (method, url)


def test_members_of_another_organisation_get_404_everywhere(world, rows):
    """The outsider (admin of B) asks for A's pages; rows that only A has are named in the URLs."""
    client = world.client(world.outsider)
    private = {Standard, Requirement, Clause}
    for name, route, callback in org_patterns():
        if view_model(callback) in private or "<slug:slug>" in route:
            continue  # B's own catalogue: checked the other way round below
        url = reverse(name, kwargs=kwargs_for(name, route, world.org, callback, rows))
        for method in ("get", "post", "put", "patch", "delete"):
            if not route.startswith("api/") and method in ("put", "patch", "delete"):
                continue
            response = getattr(client, method)(url)
            assert response.status_code == 404, (method, url, response.status_code)
    assert Site.objects.filter(pk=rows[Site].pk).exists() and Action.objects.filter(pk=rows[Action].pk).exists()


def test_a_member_asking_for_another_organisations_row_gets_404(world, rows):
    """A's admin uses A's own addresses with the ids of B's rows (and B's private catalogue)."""
    b_rows = {model: make(world.other) for model, make in MAKERS.items()}
    b_rows[Attachment] = services.attachment_add(target=b_rows[Site], upload=_upload(), by=None)
    b_rows[TrailEntry] = TrailEntry.objects.filter(organisation=world.other).first()
    b_rows.update({k: rows[k] for k in (Standard, Requirement, Clause)})  # B's private catalogue
    client = world.client(world.users["admin"])
    checked = 0
    for name, route, callback in org_patterns():
        if not any(part in route for part in ("<int:pk>", "<pk>", "<slug:slug>", "<slug>", "<str:key>")):
            continue
        url = reverse(name, kwargs=kwargs_for(name, route, world.org, callback, b_rows))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            # 405 for a method the page does not have is decided before any lookup: it reveals nothing.
            allowed = {404} | ({405} if not _handles(callback, method) else set())
            assert response.status_code in allowed, (method, url, response.status_code)
            checked += 1
    assert checked >= 20
    assert all(type(obj).objects.filter(pk=obj.pk).exists() for obj in itertools.islice(b_rows.values(), 4))
