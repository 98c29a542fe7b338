"""Document numbering per organisation: prefix and digits per type, set on the document settings page."""

import copy

import pytest
from django.urls import reverse

from pdca.core.exceptions import PermissionDenied, ValidationFailed
from pdca.core.models import TrailEntry
from pdca.core.numbering import claim_number, format_number, next_number, upcoming_number
from pdca.documents import importing, services
from pdca.documents.forms import SettingsForm
from tests.documents.factories import make_document
from tests.factories import PersonFactory, pdf_bytes


def number_procedures(org, prefix="QP", width=3):
    services.settings_update(org=org, numbering={"procedure": (prefix, width)}, by=None)


def settings_url(world):
    return reverse("documents:settings", args=[world.org.slug])


def form_data(org, **changes) -> dict:
    """What the settings page posts when nothing is changed, plus `changes`."""
    data = SettingsForm.initial_for(services.approval_policy(org), services.numbering_scheme(org))
    return {**data, **changes}


# --- core: any width


def test_it_numbers_with_the_width_asked_for_and_four_digits_by_default(world):
    assert next_number(world.org, "QP", width=3) == "QP-001"
    assert next_number(world.org, "QP", width=3) == "QP-002"
    assert next_number(world.org, "NC") == "NC-0001"
    assert format_number("QP", 1000, 3) == "QP-1000"  # a longer value keeps all its digits


def test_an_imported_number_is_continued_whatever_the_width(world):
    assert claim_number(world.org, "QP", "QP-0100") == "QP-0100"
    assert upcoming_number(world.org, "QP", width=3) == "QP-101"  # only shown: nothing taken
    assert next_number(world.org, "QP", width=3) == "QP-101"
    claim_number(world.org, "QP", "QP-00250")
    assert next_number(world.org, "QP", width=6) == "QP-000251"


# --- the organisation's scheme


def test_the_default_scheme_is_unchanged(world):
    scheme = services.numbering_scheme(world.org)
    assert scheme["procedure"] == ("QP", 4) and scheme["policy"] == ("POL", 4)
    assert make_document(world.org, doc_type="procedure").number == "QP-0001"
    assert make_document(world.org, doc_type="procedure").number == "QP-0002"
    assert make_document(world.org, doc_type="form").number == "F-0001"


def test_new_documents_follow_the_scheme_and_existing_ones_keep_their_numbers(world):
    old = make_document(world.org, doc_type="procedure")
    number_procedures(world.org, prefix="pro", width=3)  # saved in capitals
    assert services.numbering_scheme(world.org)["procedure"] == ("PRO", 3)
    assert make_document(world.org, doc_type="procedure").number == "PRO-001"
    old.refresh_from_db()
    assert old.number == "QP-0001"
    assert make_document(world.org, doc_type="policy").number == "POL-0001"  # other types as they were
    assert make_document(world.org, doc_type="procedure").number == "PRO-002"


def test_an_imported_number_then_three_digits_gives_the_next_one(world):
    owner = PersonFactory(organisation=world.org)
    data = {"title": "Control of documents", "doc_type": "procedure", "owner": owner}
    services.document_create(org=world.org, data=data, by=None, number="QP-0100")
    number_procedures(world.org, width=3)
    assert services.next_numbers(world.org)["procedure"] == "QP-101"
    assert make_document(world.org, doc_type="procedure").number == "QP-101"


@pytest.mark.parametrize("prefix", ["", "Q P", "QP-", "-QP", "QP_1", "ABCDEFGHIJK", "QÜ"])
def test_a_bad_prefix_is_refused_naming_the_field(world, prefix):
    with pytest.raises(ValidationFailed) as refused:
        number_procedures(world.org, prefix=prefix)
    assert set(refused.value.errors) == {"prefix_procedure"}
    assert "prefixes" not in world.org.settings.get("documents", {})


@pytest.mark.parametrize("prefix", ["Q", "QP2", "WI-M", "ABCDEFGHIJ", "2024"])
def test_prefixes_of_letters_digits_and_dashes_are_taken(world, prefix):
    number_procedures(world.org, prefix=prefix)
    assert services.numbering_scheme(world.org)["procedure"] == (prefix, 3)


@pytest.mark.parametrize("width", [0, 7, -1, None, "3"])
def test_a_width_outside_one_to_six_is_refused(world, width):
    with pytest.raises(ValidationFailed) as refused:
        number_procedures(world.org, width=width)
    assert set(refused.value.errors) == {"width_procedure"}


def test_two_types_cannot_share_a_prefix(world):
    with pytest.raises(ValidationFailed) as refused:
        number_procedures(world.org, prefix="wi")
    assert set(refused.value.errors) == {"prefix_procedure", "prefix_work_instruction"}
    # Swapping two prefixes in one save is fine: the scheme is checked as a whole.
    numbering = {"procedure": ("WI", 4), "work_instruction": ("QP", 4)}
    services.settings_update(org=world.org, numbering=numbering, by=None)
    assert make_document(world.org, doc_type="procedure").number == "WI-0001"


def test_a_prefix_another_register_numbers_with_is_refused(world):
    next_number(world.org, "ACT")  # an action was numbered ACT-0001
    with pytest.raises(ValidationFailed) as refused:
        number_procedures(world.org, prefix="ACT")
    assert "Another register" in refused.value.errors["prefix_procedure"][0]


def test_a_prefix_documents_used_before_may_come_back(world):
    make_document(world.org, doc_type="procedure")
    number_procedures(world.org, prefix="PRO")
    number_procedures(world.org, prefix="QP", width=4)
    assert make_document(world.org, doc_type="procedure").number == "QP-0002"


def test_one_wrong_field_saves_nothing(world):
    before = copy.deepcopy(world.org.settings)
    numbering = {"procedure": ("PRO", 3), "form": ("FRM", 9)}
    with pytest.raises(ValidationFailed):
        services.settings_update(org=world.org, approval={"form": "electronic"}, numbering=numbering, by=None)
    world.org.refresh_from_db()
    assert world.org.settings == before
    assert not TrailEntry.objects.filter(organisation=world.org, action="update", object_id=world.org.pk).exists()


def test_changes_to_the_scheme_are_in_the_trail(world):
    number_procedures(world.org, prefix="PRO", width=3)
    entry = TrailEntry.objects.get(organisation=world.org, action="update", object_id=world.org.pk)
    assert entry.changes == {
        "prefix.procedure": {"old": "QP", "new": "PRO"},
        "width.procedure": {"old": 4, "new": 3},
    }
    number_procedures(world.org, prefix="PRO", width=3)  # no change, no entry
    assert TrailEntry.objects.filter(organisation=world.org, action="update", object_id=world.org.pk).count() == 1


def test_unknown_types_and_roles_without_the_permission_are_refused(world):
    with pytest.raises(ValidationFailed):
        services.settings_update(org=world.org, numbering={"memo": ("MEMO", 3)}, by=None)
    with pytest.raises(PermissionDenied):
        services.settings_update(org=world.org, numbering={"procedure": ("PRO", 3)}, by=world.users["auditor"])


def test_a_folder_import_reads_the_organisations_own_prefixes(world, tmp_path):
    services.settings_update(org=world.org, numbering={"form": ("F-QA", 3)}, by=None)
    (tmp_path / "F-QA-012 Goods-in checklist.pdf").write_bytes(pdf_bytes())
    (tmp_path / "QP-004 Control of documents.pdf").write_bytes(pdf_bytes())
    owner = PersonFactory(organisation=world.org)
    report = importing.folder_import(org=world.org, folder=tmp_path, owner=owner, by=None)
    imported = {name: doc for name, doc in report.imported}
    checklist = imported["F-QA-012 Goods-in checklist.pdf"]
    assert (checklist.number, checklist.doc_type, checklist.title) == ("F-QA-012", "form", "Goods-in checklist")
    assert imported["QP-004 Control of documents.pdf"].doc_type == "procedure"
    assert make_document(world.org, doc_type="form").number == "F-QA-013"


# --- the settings page


def test_the_settings_page_shows_the_scheme_and_the_next_numbers(world):
    make_document(world.org, doc_type="procedure")
    page = world.client(world.users["quality_manager"]).get(settings_url(world))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="prefix_procedure"' in html and 'value="QP"' in html and 'name="width_procedure"' in html
    assert "<code>QP-0002</code>" in html and "<code>POL-0001</code>" in html
    assert "existing documents keep their numbers" in html
    assert 'for="id_prefix_procedure"' in html  # every input has a label


def test_the_settings_page_saves_the_scheme_and_approval(world):
    client = world.client(world.users["quality_manager"])
    data = form_data(world.org, prefix_procedure="PRO", width_procedure=3, approval_form="electronic")
    response = client.post(settings_url(world), data)
    assert response.status_code == 302
    world.org.refresh_from_db()
    assert services.numbering_scheme(world.org)["procedure"] == ("PRO", 3)
    assert services.approval_policy(world.org)["form"] == "electronic"
    assert "<code>PRO-001</code>" in client.get(settings_url(world)).content.decode()
    assert TrailEntry.objects.filter(organisation=world.org, action="update", object_id=world.org.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"prefix_procedure": "Q P"}, "prefix_procedure", "letters, digits or dashes"),
        ({"prefix_procedure": "QP-"}, "prefix_procedure", "letters, digits or dashes"),
        ({"prefix_procedure": "WI"}, "prefix_work_instruction", "each type needs its own prefix"),
        ({"width_procedure": "0"}, "width_procedure", "1 to 6 digits"),
        ({"width_procedure": "7"}, "width_procedure", "1 to 6 digits"),
        ({"width_procedure": "three"}, "width_procedure", "whole number"),
        ({"prefix_procedure": ""}, "prefix_procedure", "required"),
    ],
)
def test_the_settings_page_shows_errors_and_saves_nothing(world, changes, field, message):
    before = copy.deepcopy(world.org.settings)
    data = form_data(world.org, approval_form="electronic", prefix_policy="POLICY", **changes)
    response = world.client(world.users["quality_manager"]).post(settings_url(world), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html and message in html
    assert 'aria-invalid="true"' in html and "Nothing was saved" in html
    world.org.refresh_from_db()
    assert world.org.settings == before
    assert not TrailEntry.objects.filter(organisation=world.org, action="update", object_id=world.org.pk).exists()


def test_only_those_allowed_reach_the_settings_page(world):
    assert world.client(world.users["auditor"]).get(settings_url(world)).status_code == 403
    assert world.client(world.users["auditor"]).post(settings_url(world), form_data(world.org)).status_code == 403
