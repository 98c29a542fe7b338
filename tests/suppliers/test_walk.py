"""The shared URL walk (tests/test_url_walk.py) over the suppliers app's pages and API only, with makers for
its rows: anonymous users are sent to log in, members of another organisation get 404 everywhere, and
A's addresses with B's ids answer 404. (The shared walk itself has no makers for this app's rows yet.)"""

import pytest

from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation
from tests import test_url_walk as walk
from tests.suppliers.factories import make_certificate, make_criterion, make_evaluation, make_scar, make_supplier
from tests.test_url_walk import rows  # noqa: F401 (the walk's fixture)

MAKERS = {
    Supplier: lambda org: make_supplier(org),
    SupplierCertificate: lambda org: make_certificate(make_supplier(org)),
    EvaluationCriterion: lambda org: make_criterion(org),
    SupplierEvaluation: lambda org: make_evaluation(make_supplier(org)),
    Scar: lambda org: make_scar(make_supplier(org)),
}
API_BASENAMES = {"supplier", "suppliercertificate", "evaluationcriterion", "supplierevaluation", "scar"}


def _ours(name: str) -> bool:
    return (
        name.startswith("suppliers:") or name.rsplit("-", 1)[0] in API_BASENAMES or name.split("-")[0] in API_BASENAMES
    )


@pytest.fixture(autouse=True)
def _suppliers_only(monkeypatch):
    for model, make in MAKERS.items():
        monkeypatch.setitem(walk.MAKERS, model, make)
    everything = walk.org_patterns
    monkeypatch.setattr(walk, "org_patterns", lambda: [p for p in everything() if _ours(p[0])])


def test_the_walk_finds_the_suppliers_pages():
    names = {name for name, _route, _cb in walk.org_patterns()}
    assert {"suppliers:supplier_list", "suppliers:settings", "supplier-list", "scar-transition"} <= names
    assert len(names) >= 40


def test_anonymous_users_get_nothing(client, world, rows):  # noqa: F811
    walk.test_anonymous_users_get_nothing(client, world, rows)


def test_members_of_another_organisation_get_404_everywhere(world, rows):  # noqa: F811
    walk.test_members_of_another_organisation_get_404_everywhere(world, rows)


def test_a_member_asking_for_another_organisations_row_gets_404(world, rows):  # noqa: F811
    walk.test_a_member_asking_for_another_organisations_row_gets_404(world, rows)
