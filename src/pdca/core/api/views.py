from rest_framework import mixins, viewsets
from rest_framework.pagination import CursorPagination

from pdca.core import services
from pdca.core.api.base import OrgScopeMixin, OrgViewSet, org_schema
from pdca.core.api.serializers import ActionSerializer, PersonSerializer, SiteSerializer, TrailEntrySerializer
from pdca.core.filtersets import ActionFilterSet, PersonFilterSet, SiteFilterSet, TrailFilterSet
from pdca.core.models import Action, Person, Site, TrailEntry


@org_schema
class SiteViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Site, SiteSerializer, SiteFilterSet


@org_schema
class PersonViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Person, PersonSerializer, PersonFilterSet


def _create_action(model, *, org, data, by):
    return services.action_create(org=org, data=data, by=by, number=data.pop("number", None))


@org_schema
class ActionViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Action, ActionSerializer, ActionFilterSet
    select_related = ("owner",)
    create_service = staticmethod(_create_action)
    update_service = staticmethod(services.action_update)
    delete_service = staticmethod(services.action_delete)


class TrailCursor(CursorPagination):
    """Newest first, paged by position: no COUNT over a trail of millions of entries."""

    ordering = "-id"
    page_size = 50


@org_schema
class TrailViewSet(OrgScopeMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The organisation's trail, read-only: entries cannot be changed or deleted through the API."""

    serializer_class = TrailEntrySerializer
    filterset_class = TrailFilterSet
    pagination_class = TrailCursor
    model = TrailEntry

    def get_permissions(self):
        from rest_framework.permissions import IsAuthenticated

        class CanViewTrail(IsAuthenticated):
            def has_permission(self, request, view):
                return super().has_permission(request, view) and request.user.has_perm("core.view_trail", view.org)

        return [CanViewTrail()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrailEntry.objects.none()
        return TrailEntry.objects.filter(organisation=self.org).select_related("content_type").order_by("-id")
