"""Full-text search: what both engines promise, run the same on SQLite and PostgreSQL.

Found by a word of the title, of the text, of an uploaded PDF or DOCX; never across organisations
or past a role's permission; superseded versions only on request; no query can break it. Ranking
is not compared: the engines order differently, and that is allowed.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from pdca.core import search, services
from pdca.core.models import Action, SearchEntry
from tests.factories import PersonFactory, SiteFactory

HOSTILE = [
    '"',
    '""',
    "'",
    "*",
    "gauge*",
    '"gauge',
    "NEAR(gauge calibration)",
    "gauge NEAR calibration",
    "gauge OR calibration",
    "NOT gauge",
    "title:gauge",
    "^gauge",
    "-gauge",
    "gauge AND",
    "(((",
    ")",
    "{title body}: gauge",
    "gauge\x00calibration",
    "\x00",
    "') OR 1=1 --",
    "%",
    "_",
    "\\",
    "a & b | !c <-> d:*",
    "x" * 10_000,
    "gauge " * 500,
    "日本語 текст ελληνικά 🔧",
    "\ufeff\u200b",
    "\ud800",
]


@pytest.fixture
def kinds():
    """A kind only managers may see (the members' permission) and one for files, gone after the test."""
    search.register("secret", label="Secret", perms=("core.view_membership",))
    search.register("file", label="File")
    yield
    search.KINDS.pop("secret")
    search.KINDS.pop("file")


def find(world, query, role="quality_manager", org=None, **kwargs):
    results = search.search(org or world.org, world.users[role], query, **kwargs)
    return [r.title for r in results.items]


def action(org, title, description="", **data):
    owner = PersonFactory(organisation=org)
    data = {"title": title, "description": description, "owner": owner, **data}
    return services.action_create(org=org, data=data, by=None)


def test_it_finds_an_action_by_a_word_of_its_title_or_text(world):
    gauge = action(world.org, "Recalibrate the height gauge", "Sent to the accredited laboratory in Leeds.")
    action(world.org, "Order safety gloves")
    assert find(world, "gauge") == [str(gauge)]
    assert find(world, "LABORATORY leeds") == [str(gauge)]
    assert find(world, gauge.number) == [str(gauge)]
    assert find(world, "gauge gloves") == []  # every word must occur


def test_it_matches_the_start_of_the_last_word_only(world):
    gauge = action(world.org, "Recalibrate the height gauge")
    assert find(world, "height recalib") == [str(gauge)]
    assert find(world, "recalib height") == []
    assert find(world, "re") == []  # too short to be a prefix: only the word "re" itself


def test_it_ignores_case_and_diacritics(world):
    policy = action(world.org, "Politique qualité", "Révision annuelle")
    assert find(world, "qualite") == [str(policy)]
    assert find(world, "QUALITÉ revision") == [str(policy)]


def test_it_never_shows_another_organisations_rows(world):
    action(world.other, "Torque wrench check")
    ours = action(world.org, "Torque wrench check")
    for role in ("admin", "quality_manager", "employee", "viewer"):
        assert find(world, "torque", role=role) == [str(ours)]
    outsider = search.search(world.other, world.outsider, "torque")
    assert [r.url for r in outsider.items] == [Action.objects.get(organisation=world.other).get_absolute_url()]
    assert search.search(world.org, world.outsider, "torque").items == []  # not a member of A: nothing


def test_it_shows_an_entry_only_to_roles_with_its_permission(world, kinds):
    site = SiteFactory(organisation=world.org)
    search.index(site, title="Salary review minutes", kind="secret", url="/x/")
    assert find(world, "salary", role="quality_manager") == ["Salary review minutes"]
    assert find(world, "salary", role="admin") == ["Salary review minutes"]
    for role in ("employee", "viewer", "auditor", "top_management"):
        assert find(world, "salary", role=role) == [], role


def test_it_shows_an_entry_to_its_named_user_whatever_the_role(world, kinds):
    site = SiteFactory(organisation=world.org)
    search.index(site, title="Salary review minutes", kind="secret", url="/x/", user=world.users["employee"])
    assert find(world, "salary", role="employee") == ["Salary review minutes"]
    assert find(world, "salary", role="viewer") == []


def test_it_shows_superseded_versions_only_on_request(world, kinds):
    old, new = SiteFactory(organisation=world.org), SiteFactory(organisation=world.org)
    search.index(old, title="Calibration procedure rev A", kind="file", url="/a/", is_current=False)
    search.index(new, title="Calibration procedure rev B", kind="file", url="/b/")
    assert find(world, "calibration procedure") == ["Calibration procedure rev B"]
    found = search.search(world.org, world.users["employee"], "calibration", include_obsolete=True)
    assert sorted((r.title, r.is_current) for r in found.items) == [
        ("Calibration procedure rev A", False),
        ("Calibration procedure rev B", True),
    ]
    search.set_current(new, False)
    assert find(world, "calibration") == []


def test_it_filters_by_kind(world, kinds):
    action(world.org, "Check the gauge")
    search.index(SiteFactory(organisation=world.org), title="Gauge manual", kind="file", url="/m/")
    assert find(world, "gauge", kinds=["file"]) == ["Gauge manual"]
    assert len(find(world, "gauge")) == 2
    assert find(world, "gauge", kinds=["nonsense"]) == []


def test_it_follows_an_actions_edits_transitions_and_deletion(world):
    act = action(world.org, "Replace the worn collet")
    admin = world.users["admin"]
    services.action_update(act, data={"title": "Replace the worn chuck"}, by=admin)
    assert find(world, "collet") == [] and find(world, "chuck") == [str(act)]
    services.action_transition(act, status="done", evidence="Fitted a new chuck from stock", by=admin)
    assert find(world, "stock") == [str(act)]
    services.object_delete(act, by=admin)
    assert find(world, "chuck") == [] and not SearchEntry.objects.exists()


def test_it_keeps_the_entry_when_a_delete_is_refused(world):
    person = PersonFactory(organisation=world.org)
    act = services.action_create(org=world.org, data={"title": "Keep me", "owner": person}, by=None)
    with pytest.raises(Exception, match="still used"):
        services.object_delete(person, by=None)
    assert find(world, "keep") == [str(act)]


def _attach(world, name, data):
    site = SiteFactory(organisation=world.org)
    return services.attachment_add(target=site, upload=SimpleUploadedFile(name, data), by=None)


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>Work instruction</h1><p>{text}</p>").write_pdf()


def _docx(paragraph: str, cell: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(paragraph)
    document.add_table(rows=1, cols=1).cell(0, 0).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _index_file(attachment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        search.index_file_later(attachment, file_field="file", title=attachment.filename, kind="file", url="/f/")


def test_it_finds_a_word_of_an_uploaded_pdf(world, kinds, django_capture_on_commit_callbacks):
    attachment = _attach(world, "wi-12.pdf", _pdf("Deburr every flange before anodising."))
    _index_file(attachment, django_capture_on_commit_callbacks)
    results = search.search(world.org, world.users["employee"], "anodising")
    assert [r.title for r in results.items] == ["wi-12.pdf"]
    assert "<mark>anodising</mark>" in results.items[0].snippet_html


def test_it_finds_words_of_an_uploaded_docx_paragraph_and_table(world, kinds, django_capture_on_commit_callbacks):
    attachment = _attach(world, "form.docx", _docx("Record the spindle temperature.", "Tolerance band"))
    _index_file(attachment, django_capture_on_commit_callbacks)
    assert find(world, "spindle") == ["form.docx"]
    assert find(world, "tolerance") == ["form.docx"]


def test_a_later_index_keeps_the_text_of_the_file(world, kinds, django_capture_on_commit_callbacks):
    attachment = _attach(world, "wi-12.pdf", _pdf("Deburr every flange before anodising."))
    _index_file(attachment, django_capture_on_commit_callbacks)
    search.index(attachment, title="WI-12 rev B", kind="file", url="/f/", is_current=True)
    assert find(world, "anodising flange") == ["WI-12 rev B"]


def test_a_damaged_file_leaves_the_entry_findable_by_its_title(world, kinds, django_capture_on_commit_callbacks):
    attachment = _attach(world, "broken.pdf", b"%PDF-1.7\n" + b"\x8f garbage " * 200)
    _index_file(attachment, django_capture_on_commit_callbacks)
    result = search.extract_file_text(_ct(attachment), attachment.pk, "file")
    assert result["chars"] == 0 and "could not be read" in result["error"]
    assert find(world, "broken") == ["broken.pdf"]


def _ct(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer_calmly(world, client, query):
    action(world.org, "Calibration of the gauge")
    results = search.search(world.org, world.users["employee"], query)
    assert results.total == len(results.items) <= 1
    client.force_login(world.users["employee"])
    assert client.get(f"/o/{world.org.slug}/search/", {"q": query.replace("\ud800", "?")}).status_code == 200


def test_operators_are_plain_separators(world):
    gauge = action(world.org, "Calibration of the gauge")
    for query in ('"gauge', "gauge*", "(gauge) calibration", "gauge: -calibration", "gauge\x00calibration", "'gauge'"):
        assert find(world, query) == [str(gauge)], query
    assert find(world, "NEAR(gauge calibration)") == []  # NEAR is a word like any other, and not in the title


@given(st.text(max_size=300))
def test_no_query_raises(world, query):
    search.search(world.org, world.users["employee"], query)


@given(st.lists(st.sampled_from(['"', "*", "(", ")", "NEAR", "AND", "OR", "NOT", ":", "^", "-", "gauge", " ", "'"])))
def test_no_mix_of_operators_raises(world, parts):
    results = search.search(world.org, world.users["employee"], "".join(parts))
    assert results.total >= 0


def test_the_page_shows_results_escaped_with_the_words_marked(world, client):
    action(world.org, "<script>alert(1)</script> gauge", "Check the <b>gauge</b> & its certificate")
    client.force_login(world.users["employee"])
    html = client.get(f"/o/{world.org.slug}/search/", {"q": "gauge"}).content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>gauge" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>gauge</mark>" in html
    assert "&lt;b&gt;<mark>gauge</mark>&lt;/b&gt; &amp; its certificate" in html
    assert 'id="search-obsolete"' in html and "1 result" in html


def test_the_top_bar_has_a_search_box(world, client):
    client.force_login(world.users["viewer"])
    html = client.get(f"/o/{world.org.slug}/").content.decode()
    assert 'id="nav-search"' in html and f'action="/o/{world.org.slug}/search/"' in html


def test_the_page_paginates(world, client, kinds):
    sites = SiteFactory.create_batch(45, organisation=world.org)
    search.index_many(search.Doc(s, title=f"Gauge {i}", kind="file", url=f"/g/{i}/") for i, s in enumerate(sites))
    client.force_login(world.users["employee"])
    url = f"/o/{world.org.slug}/search/"
    page3 = client.get(url, {"q": "gauge", "page": 3})
    assert page3.context["page"].number == 3 and len(page3.context["page"].object_list) == 5
    assert client.get(url, {"q": "gauge", "page": 99}).context["page"].number == 3
    assert client.get(url, {"q": "gauge", "page": "x"}).context["page"].number == 1


def test_the_page_needs_a_membership(world, client):
    action(world.org, "Calibration of the gauge")
    assert client.get(f"/o/{world.org.slug}/search/?q=gauge").status_code == 302
    client.force_login(world.outsider)
    assert client.get(f"/o/{world.org.slug}/search/?q=gauge").status_code == 404


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_query_count_does_not_grow_with_the_results(world, client, kinds):
    client.force_login(world.users["employee"])
    url = f"/o/{world.org.slug}/search/?q=gauge"
    counts = []
    for n in (5, 10):  # 5, then 15 entries
        sites = SiteFactory.create_batch(n, organisation=world.org)
        search.index_many(search.Doc(s, f"Gauge {s.pk}", "gauge " * 50, kind="file", url="/g/") for s in sites)
        _page_queries(client, url)  # warm the caches (content types, session)
        counts.append(_page_queries(client, url))
    assert SearchEntry.objects.count() == 15
    assert counts[0] == counts[1], counts


def test_the_api_answers_the_same_search(world, kinds):
    gauge = action(world.org, "Calibration of the gauge")
    search.index(SiteFactory(organisation=world.org), title="Gauge pay scales", kind="secret", url="/s/")
    url = f"/api/v1/o/{world.org.slug}/search/"
    data = world.api(world.users["employee"]).get(url, {"q": "gauge"}).json()
    assert data["count"] == 1 and data["results"][0]["url"] == gauge.get_absolute_url()
    assert data["results"][0]["title_html"].endswith("<mark>gauge</mark>")
    assert world.api(world.users["admin"]).get(url, {"q": "gauge"}).json()["count"] == 2
    assert world.api(world.outsider).get(url, {"q": "gauge"}).status_code == 404
    assert world.api(None).get(url, {"q": "gauge"}).status_code in (401, 403)


def test_reindex_rebuilds_entries_and_drops_those_of_gone_rows(world):
    act = action(world.org, "Calibration of the gauge")
    other = action(world.other, "Calibration of the gauge")
    entries = SearchEntry.objects.all()
    entries._raw_delete(entries.db)
    SearchEntry.objects.create(
        organisation=world.org, content_type_id=_ct(act), object_id=act.pk + 1000, kind="action", title="Gone", url="/"
    )
    call_command("search", "reindex", "--org", world.org.slug, stdout=io.StringIO())
    assert find(world, "calibration") == [str(act)] and find(world, "gone") == []
    assert search.search(world.other, world.outsider, "calibration").items == []
    out = io.StringIO()
    call_command("search", "reindex", stdout=out)
    assert "Indexed 2 rows (action" in out.getvalue()  # and the other registered kinds, with no rows here
    assert [r.object_id for r in search.search(world.other, world.outsider, "calibration").items] == [other.pk]


def test_reindex_repairs_the_engines_index(world):
    act = action(world.org, "Calibration of the gauge")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO core_searchentry_fts(core_searchentry_fts) VALUES ('delete-all')")
    else:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_searchvector SET search_vector = ''")
    assert find(world, "gauge") == []
    call_command("search", "reindex", stdout=io.StringIO())
    assert find(world, "gauge") == [str(act)]


def _engine_rows(entry_ids) -> int:
    """Rows of the engine's own index for these entries: the FTS5 table on SQLite, the vectors on PostgreSQL."""
    table, key = ("core_searchvector", "id") if connection.vendor == "postgresql" else ("core_searchentry_fts", "rowid")
    marks = ", ".join(["%s"] * len(entry_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {key} IN ({marks})", list(entry_ids))  # noqa: S608
        return cursor.fetchone()[0]


def test_removing_or_emptying_entries_leaves_nothing_in_the_engines_index(world):
    kept, gone = action(world.org, "Calibration of the gauge"), action(world.org, "Calibration of the probe")
    ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 2 and _engine_rows(ids) == 2
    search.unindex(gone)
    assert _engine_rows(ids) == 1 and find(world, "calibration") == [str(kept)]
    with connection.cursor() as cursor:  # what Django's flush does between browser tests
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending deferred checks
            cursor.execute("TRUNCATE core_searchentry")
        else:
            cursor.execute("DELETE FROM core_searchentry")
    assert _engine_rows(ids) == 0 and find(world, "calibration") == []
