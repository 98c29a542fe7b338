"""Meta-tests: every organisation-scoped model is exercised by the shared harness, and the
OpenAPI schema of the whole API is valid."""

import importlib
import pkgutil
from pathlib import Path

from django.apps import apps
from django.core.management import call_command

import tests
from pdca.core.models import OrgScopedModel
from tests.harness import ResourceTests

# Models that have no pages of their own, with where they are tested instead.
EXEMPT = {
    "core.dueitem": "derived index kept by services; tests/core/test_services.py",
    "core.attachment": "served via another row's page; tests/core/test_attachments.py, URL walk",
    "core.clausetag": "edited on the tagged row's page; tests/core/test_services.py",
    "gap.response": "created with its assessment, scored on its screen; tests/gap/test_scoring_screen.py",
    "documents.participant": "named when a revision is submitted; tests/documents/test_services.py",
    "documents.signature": "made only by approve/sign, never edited; tests/documents/test_services.py, test_api.py",
    "documents.reviewcomment": "added on the revision page; tests/documents/test_services.py, test_pages.py",
    "documents.acknowledgement": "asked on publication, given by the reader; tests/documents/test_services.py",
    "documents.periodicreview": "recorded on the document page; tests/documents/test_services.py",
    "documents.masterlistjob": "asked for on the register, drawn by a task; tests/documents/test_master_list.py",
    "records.recordlink": "set when a record is filed, never edited; tests/records/test_services.py",
    # context
    "context.climatedetermination": "recorded, never edited (a new one replaces it); tests/context/test_climate.py",
    "context.qmsscope": "one per organisation, on the scope page; tests/context/test_scope.py (roles, tenancy)",
    "context.scopepublication": "made by publishing the scope, never edited; tests/context/test_scope.py",
    # processes
    # risks
    # objectives
    # people
    "people.trainingattendee": "added and evaluated on a training's page; tests/people/test_services.py, test_pages.py",
    "people.retrainingflag": "raised on publication, cleared by reading or retraining; tests/people/test_services.py",
    "people.objectiveawareness": "recorded on a person's profile; tests/people/test_services.py, test_pages.py",
    # suppliers
    "suppliers.evaluationscore": "scored on its evaluation's form, never alone; tests/suppliers/test_services.py",
    # customers
    "customers.customersettings": "one per organisation, on its settings page; tests/customers/test_pages.py",
    "customers.invitation": "made by sending a round, used by the public link; tests/customers/test_public.py",
    "customers.surveyresponse": "made only by the public answer, never edited; tests/customers/test_public.py",
    "customers.answer": "part of a survey response, never edited; tests/customers/test_results.py",
    # equipment
}


def _import_all_tests():
    for module in pkgutil.walk_packages([str(Path(tests.__file__).parent)], prefix="tests."):
        if ".e2e" not in module.name:
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_org_scoped_model_goes_through_the_harness():
    _import_all_tests()
    covered = {case.resource.model for case in _subclasses(ResourceTests) if hasattr(case, "resource")}
    models = [m for m in apps.get_models() if issubclass(m, OrgScopedModel)]
    missing = [m._meta.label_lower for m in models if m not in covered and m._meta.label_lower not in EXEMPT]
    assert not missing, f"Declare a ResourceTests case (tests/harness.py) for: {missing}"
    assert len(covered) >= 4


def test_the_openapi_schema_is_valid(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/o/{org_slug}/actions/" in text and "/api/v1/o/{org_slug}/requirements/" in text
