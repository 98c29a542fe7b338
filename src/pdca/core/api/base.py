"""The tenancy mechanism for the API: /api/v1/o/<org_slug>/…, 404 outside one's organisations.

ViewSets declare `model`, `serializer_class`, `filterset_class` and, where the model has business
rules, the services to call. Writes carry the row's version: `If-Match: "<version>"` (the ETag of
the GET) or a `version` field; a stale one answers 412 or 409 instead of overwriting.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
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


def prefetch_columns(model, *names: str, **columns: tuple[str, ...]) -> list[Prefetch]:
    """Prefetches of to-many relations that a list shows by id (`names`) or by a few columns (`columns`,
    e.g. clause_tags=("key",)): only those columns are read, not whole rows. Loading each related row in
    full (a process's SIPOC texts, every timestamp converted) was most of an API list page's time."""
    prefetches = []
    for name in (*names, *columns):
        field = model._meta.get_field(name)
        keep = [field.related_model._meta.pk.name, *columns.get(name, ())]
        if isinstance(field, GenericRelation):
            # the prefetch matches rows to objects by both
            keep += [field.object_id_field_name, field.content_type_field_name]
        prefetches.append(Prefetch(name, queryset=field.related_model.objects.only(*keep)))
    return prefetches


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

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        queryset = self.model.objects.filter(organisation=self.org).select_related(*self.select_related)
        return queryset if queryset.ordered else queryset.order_by("pk")  # stable pages need an order

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
