"""The shared tenancy and role harness (after NetBox's ViewTestCases).

A model's test declares one `Resource` (its pages, API, factory and input data) in a class that
inherits `ResourceTests`; every page and endpoint of it is then exercised as anonymous, as each
role of the organisation, and as a member of another organisation (404), for reads and writes,
with the trail, the version check, cross-organisation foreign keys, exports and query counts.
tests/test_meta.py fails when an organisation-scoped model has no such test.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from pdca.core import services
from pdca.core.choices import ALL_ROLES, MANAGERS, Role
from pdca.core.models import Organisation, TrailEntry, User
from tests.factories import UserFactory


@dataclass
class World:
    """Organisation A with a user in every role, and organisation B whose admin is the outsider."""

    org: Organisation
    other: Organisation
    users: dict[str, User]
    outsider: User

    @classmethod
    def build(cls) -> "World":
        org = services.organisation_create(name="Acme Widgets", slug="acme", by=None)
        other = services.organisation_create(name="Other Co", slug="other", by=None)
        users = {}
        for role in Role:
            user = UserFactory(username=f"{role.value}-a")
            services.membership_set(org=org, user=user, role=role, by=None)
            users[role.value] = user
        outsider = UserFactory(username="outsider")
        services.membership_set(org=other, user=outsider, role=Role.ADMIN, by=None)
        return cls(org=org, other=other, users=users, outsider=outsider)

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def api(self, user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client


@dataclass
class Resource:
    """What the harness needs to know about one model's pages and API."""

    model: type
    url: str  # "core:site" → core:site_list, core:site_detail, …
    make: Callable[[Organisation], object]  # a saved row in the given organisation
    form_data: Callable[[World], dict]  # valid POST data for the create and edit pages
    api: str | None = None  # router basename, e.g. "site"
    api_data: Callable[[World], dict] | None = None
    view_roles: frozenset = ALL_ROLES
    add_roles: frozenset = MANAGERS
    change_roles: frozenset | None = None  # default: add_roles
    delete_roles: frozenset | None = None  # default: add_roles
    foreign_key: str | None = None  # a field that must refuse a row of another organisation
    edit_field: str = "name"  # a field form_data changes, checked after an edit
    extra: dict = field(default_factory=dict)

    @property
    def can_change(self):
        return self.change_roles if self.change_roles is not None else self.add_roles

    @property
    def can_delete(self):
        return self.delete_roles if self.delete_roles is not None else self.add_roles

    def page(self, org, name, obj=None) -> str:
        kwargs = {"org_slug": org.slug} | ({"pk": obj.pk} if obj is not None else {})
        return reverse(f"{self.url}_{name}", kwargs=kwargs)

    def api_url(self, org, obj=None) -> str:
        if obj is None:
            return reverse(f"{self.api}-list", kwargs={"org_slug": org.slug})
        return reverse(f"{self.api}-detail", kwargs={"org_slug": org.slug, "pk": obj.pk})


def trail_of(obj, action=None):
    entries = TrailEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    return entries.filter(action=action) if action else entries


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


class ResourceTests:
    """Mixin: inherit it in a `Test…` class and set `resource`; the tests below run for it."""

    resource: Resource

    # --- anonymous and other organisations

    def test_it_sends_anonymous_users_to_login(self, world):
        r, obj = self.resource, self.resource.make(world.org)
        client = world.client(None)
        for name, target in (("list", None), ("create", None), ("detail", obj), ("edit", obj), ("delete", obj)):
            url = r.page(world.org, name, target)
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], (url, method)
        assert fresh(obj).version == obj.version
        if r.api:
            api = world.api(None)
            assert api.get(r.api_url(world.org)).status_code in (401, 403)
            assert api.delete(r.api_url(world.org, obj)).status_code in (401, 403)
            assert r.model.objects.filter(pk=obj.pk).exists()

    def test_it_answers_404_to_other_organisations(self, world):
        r, obj = self.resource, self.resource.make(world.org)
        count = r.model.objects.count()
        client = world.client(world.outsider)
        for name, target in (("list", None), ("create", None), ("detail", obj), ("edit", obj), ("delete", obj)):
            url = r.page(world.org, name, target)
            assert client.get(url).status_code == 404, url
            assert client.post(url, r.form_data(world)).status_code == 404, url
        # A member of B asking for A's row through B's own address: still nothing.
        other_url = r.page(world.other, "detail", obj)
        assert client.get(other_url).status_code == 404
        assert client.post(r.page(world.other, "delete", obj)).status_code == 404
        if r.api:
            api = world.api(world.outsider)
            assert api.get(r.api_url(world.org)).status_code == 404
            assert api.get(r.api_url(world.org, obj)).status_code == 404
            assert api.patch(r.api_url(world.org, obj), {}, format="json").status_code == 404
            assert api.delete(r.api_url(world.org, obj)).status_code == 404
            assert api.get(r.api_url(world.other, obj)).status_code == 404
            assert api.delete(r.api_url(world.other, obj)).status_code == 404
        assert r.model.objects.count() == count and fresh(obj).version == obj.version

    # --- roles inside the organisation

    def test_it_lets_each_role_read_only_what_it_may(self, world):
        r, obj = self.resource, self.resource.make(world.org)
        for role, user in world.users.items():
            client = world.client(user)
            expected = 200 if role in r.view_roles else 403
            assert client.get(r.page(world.org, "list")).status_code == expected, role
            assert client.get(r.page(world.org, "detail", obj)).status_code == expected, role
            if r.api:
                api = world.api(user)
                assert api.get(r.api_url(world.org)).status_code == expected, role
                assert api.get(r.api_url(world.org, obj)).status_code == expected, role

    def test_it_lets_only_writers_create(self, world):
        r = self.resource
        for role, user in world.users.items():
            client = world.client(user)
            before = r.model.objects.count()
            response = client.post(r.page(world.org, "create"), r.form_data(world))
            if role in r.add_roles:
                assert response.status_code == 302, (role, _errors(response))
                created = r.model.objects.latest("pk")
                assert created.organisation_id == world.org.pk
                entry = trail_of(created, "create").get()
                assert entry.actor == user and entry.organisation_id == world.org.pk
            else:
                assert response.status_code == 403, role
                assert r.model.objects.count() == before

    def test_it_lets_only_writers_edit(self, world):
        r = self.resource
        for role, user in world.users.items():
            obj = r.make(world.org)
            data = {**r.form_data(world), "version": obj.version}
            response = world.client(user).post(r.page(world.org, "edit", obj), data)
            after = fresh(obj)
            if role in r.can_change:
                assert response.status_code == 302, (role, _errors(response))
                assert after.version == obj.version + 1
                assert str(getattr(after, r.edit_field)) == str(data[r.edit_field])
                assert trail_of(obj, "update").filter(actor=user).exists()
            else:
                assert response.status_code == 403, role
                assert after.version == obj.version

    def test_it_lets_only_deleters_delete(self, world):
        r = self.resource
        for role, user in world.users.items():
            obj = r.make(world.org)
            response = world.client(user).post(r.page(world.org, "delete", obj), {"reason": "tidy up"})
            if role in r.can_delete:
                assert response.status_code == 302, role
                assert not r.model.objects.filter(pk=obj.pk).exists()
                entry = trail_of(obj, "delete").get()
                assert entry.actor == user and entry.reason == "tidy up"
            else:
                assert response.status_code == 403, role
                assert r.model.objects.filter(pk=obj.pk).exists()

    def test_api_writes_follow_the_same_roles(self, world):
        r = self.resource
        if not r.api:
            return
        for role, user in world.users.items():
            api = world.api(user)
            before = r.model.objects.count()
            response = api.post(r.api_url(world.org), r.api_data(world), format="json")
            if role in r.add_roles:
                assert response.status_code == 201, (role, response.data)
                assert trail_of(r.model.objects.get(pk=response.data["id"]), "create").get().source == "api"
            else:
                assert response.status_code == 403, role
                assert r.model.objects.count() == before
            obj = r.make(world.org)
            response = api.patch(
                r.api_url(world.org, obj), {r.edit_field: r.api_data(world)[r.edit_field]}, format="json"
            )
            assert response.status_code == (200 if role in r.can_change else 403), (role, response.data)
            response = api.delete(r.api_url(world.org, obj))
            assert response.status_code == (204 if role in r.can_delete else 403), role

    # --- input that crosses organisations, conflicts, exports, query counts

    def test_it_refuses_foreign_keys_into_another_organisation(self, world):
        r = self.resource
        if not r.foreign_key:
            return
        admin = world.users["admin"]
        foreign = r.extra["foreign_make"](world.other)
        before = r.model.objects.count()
        response = world.client(admin).post(
            r.page(world.org, "create"), {**r.form_data(world), r.foreign_key: foreign.pk}
        )
        assert response.status_code == 400
        assert r.foreign_key in response.context["form"].errors
        assert r.model.objects.count() == before
        if r.api:
            response = world.api(admin).post(
                r.api_url(world.org), {**r.api_data(world), r.foreign_key: foreign.pk}, format="json"
            )
            assert response.status_code == 400 and r.foreign_key in response.data
            assert r.model.objects.count() == before

    def test_it_detects_conflicting_edits(self, world):
        r, obj = self.resource, self.resource.make(world.org)
        admin = world.client(world.users["admin"])
        stale = obj.version
        first = admin.post(r.page(world.org, "edit", obj), {**r.form_data(world), "version": stale})
        assert first.status_code == 302
        saved = fresh(obj)
        second = admin.post(r.page(world.org, "edit", obj), {**r.form_data(world), "version": stale})
        assert second.status_code == 409
        assert "changed by someone else" in second.content.decode()
        assert fresh(obj).version == saved.version
        if r.api:
            api = world.api(world.users["admin"])
            url = r.api_url(world.org, obj)
            etag = api.get(url)["ETag"]
            assert etag == f'"{saved.version}"'
            value = r.api_data(world)[r.edit_field]
            stale_write = api.patch(url, {r.edit_field: value}, format="json", HTTP_IF_MATCH=f'"{stale}"')
            assert stale_write.status_code == 412
            good_write = api.patch(url, {r.edit_field: value}, format="json", HTTP_IF_MATCH=etag)
            assert good_write.status_code == 200 and good_write["ETag"] == f'"{saved.version + 1}"'

    def test_it_exports_the_list(self, world):
        r = self.resource
        obj = r.make(world.org)
        r.make(world.other)
        client = world.client(world.users["admin"])
        csv = b"".join(client.get(r.page(world.org, "list"), {"export": "csv"}).streaming_content).decode()
        assert str(r.extra.get("export_value", lambda o: o)(obj)).split(" — ")[0] in csv
        xlsx = client.get(r.page(world.org, "list"), {"export": "xlsx"})
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"

    def test_list_and_detail_queries_do_not_grow_with_rows(self, world):
        r = self.resource
        client = world.client(world.users["admin"])
        counts = []
        for size in (3, 9):
            while r.model.objects.filter(organisation=world.org).count() < size:
                r.make(world.org)
            with CaptureQueriesContext(connection) as list_queries:
                assert client.get(r.page(world.org, "list")).status_code == 200
            obj = r.make(world.org)  # the same kind of row at both sizes
            with CaptureQueriesContext(connection) as detail_queries:
                assert client.get(r.page(world.org, "detail", obj)).status_code == 200
            counts.append((len(list_queries), len(detail_queries)))
        assert counts[0] == counts[1], counts


def _errors(response):
    context = getattr(response, "context", None)
    return context["form"].errors if context and "form" in context else response.status_code
