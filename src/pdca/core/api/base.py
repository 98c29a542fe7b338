"""The tenancy mechanism for the API: /api/v1/o/<org_slug>/…, 404 outside one's organisations.

ViewSets declare `model`, `serializer_class`, `filterset_class` and, where the model has business
rules, the services to call. Writes carry the row's version: `If-Match: "<version>"` (the ETag of
the GET) or a `version` field; a stale one answers 412 or 409 instead of overwriting.
"""

from collections import namedtuple

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response

from pdca.core import services
from pdca.core.models import OrgScopedModel
from pdca.core.permissions import can, membership_by_slug

ORG_PARAMETER = OpenApiParameter(
    "org_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The organisation's short name."
)
METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class OrgRolePermission(permissions.BasePermission):
    """The organisation's role rules (permissions.py), by HTTP method."""

    def has_permission(self, request, view):
        action = METHOD_ACTIONS.get(request.method, "change")
        return can(request.user, "view" if action in {"change", "delete"} else action, view.model, view.org)

    def has_object_permission(self, request, view, obj):
        return can(request.user, METHOD_ACTIONS.get(request.method, "change"), obj, obj)


class OrgModelSerializer(serializers.ModelSerializer):
    """Related-row choices limited to the organisation in the context; `version` read and accepted."""

    version = serializers.IntegerField(required=False, help_text="The version you read; a stale one is refused.")

    def get_fields(self):
        fields = super().get_fields()
        org = self.context.get("org")
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, OrgScopedModel):
                field.queryset = queryset.filter(organisation=org)
        return fields


class Loaded(list):
    """A to-many relation read ahead for one row, as prefetch_related caches it: `.all()` is the list."""

    def all(self):
        return self


def attach_related(objects: list, *names: str, **columns: tuple[str, ...]) -> None:
    """Read ahead, for a page of `objects` (one model), the to-many relations a list shows by id (`names`,
    many-to-many) or by a few columns (`columns`, generic relations such as clause_tags=("key",)): one
    query per relation over its link table, cached on each object where its manager looks first.

    prefetch_related builds a filtered queryset per object and relation, and loads whole related rows:
    with four relations that was most of a 50-row API page's time."""
    if not objects:
        return
    model, ids = type(objects[0]), [obj.pk for obj in objects]
    found: dict[str, dict] = {}
    for name in (*names, *columns):
        field = model._meta.get_field(name)
        by_owner = found[name] = {pk: Loaded() for pk in ids}
        if isinstance(field, GenericRelation):
            row = namedtuple(name, columns.get(name, ()))
            rows = field.related_model.objects.filter(
                **{field.content_type_field_name: ContentType.objects.get_for_model(model)},
                **{f"{field.object_id_field_name}__in": ids},
            ).values_list(field.object_id_field_name, *columns.get(name, ()))
            for owner, *values in rows.order_by("pk"):
                by_owner[owner].append(row(*values))
        else:
            link = field.remote_field.through.objects.filter(**{f"{field.m2m_field_name()}__in": ids})
            pairs = link.values_list(f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id")
            for owner, related in pairs.order_by(f"{field.m2m_reverse_field_name()}_id"):
                by_owner[owner].append(PKOnlyObject(related))
    for obj in objects:
        cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, by_owner in found.items():
            cache[name] = by_owner[obj.pk]  # a forward relation's prefetch_cache_name is its own name


def org_schema(viewset):
    """Document the org_slug path parameter on every operation of `viewset`."""
    names = [n for n in ("list", "retrieve", "create", "update", "partial_update", "destroy") if hasattr(viewset, n)]
    return extend_schema_view(**{n: extend_schema(parameters=[ORG_PARAMETER]) for n in names})(viewset)


class OrgScopeMixin:
    """Resolves the organisation of the URL after authentication; non-members get 404."""

    def initial(self, request, *args, **kwargs):
        self.org = None
        self.perform_authentication(request)
        if request.user.is_authenticated:
            membership = membership_by_slug(request.user, kwargs.get("org_slug", ""))
            if membership is None:
                raise Http404
            self.org = request.org = membership.organisation
        super().initial(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "org": getattr(self, "org", None)}


class OrgViewSet(OrgScopeMixin, viewsets.ModelViewSet):
    model = None
    permission_classes = [permissions.IsAuthenticated, OrgRolePermission]
    create_service = staticmethod(services.object_create)
    update_service = staticmethod(services.object_update)
    delete_service = staticmethod(services.object_delete)
    select_related: tuple[str, ...] = ()
    # To-many relations a page shows by id, and those shown by a few columns: see attach_related.
    related_ids: tuple[str, ...] = ()
    related_columns: dict[str, tuple[str, ...]] = {}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        queryset = self.model.objects.filter(organisation=self.org).select_related(*self.select_related)
        return queryset if queryset.ordered else queryset.order_by("pk")  # stable pages need an order

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_related(page, *self.related_ids, **self.related_columns)
        return page

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def perform_create(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = self.create_service(self.model, org=self.org, data=data, by=self.request.user)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if_match = self.request.headers.get("If-Match", "").strip().strip("W/").strip('"')
        if if_match.isdigit():
            version = int(if_match)
        serializer.instance = self.update_service(serializer.instance, data=data, by=self.request.user, version=version)

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def perform_destroy(self, instance):
        self.delete_service(instance, by=self.request.user, reason=self.request.query_params.get("reason", ""))

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self.perform_destroy(instance)
        return Response(status=204)
