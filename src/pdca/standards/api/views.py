"""The catalogue through the API: read-only, limited to what the organisation can see."""

from rest_framework import permissions, viewsets

from pdca.core.api.base import OrgScopeMixin, org_schema
from pdca.standards.api.serializers import ClauseSerializer, RequirementSerializer, StandardSerializer
from pdca.standards.filtersets import RequirementFilterSet
from pdca.standards.models import Clause, Requirement, Standard


class CanReadCatalogue(permissions.IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm("standards.view_standard", view.org)


class CatalogueViewSet(OrgScopeMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [CanReadCatalogue]

    def visible(self):
        return Standard.objects.visible_to(self.org)


@org_schema
class StandardViewSet(CatalogueViewSet):
    model = Standard
    serializer_class = StandardSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Standard.objects.none() if getattr(self, "swagger_fake_view", False) else self.visible()


@org_schema
class ClauseViewSet(CatalogueViewSet):
    model = Clause
    serializer_class = ClauseSerializer
    filterset_fields = ["standard__slug", "number"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Clause.objects.none()
        return Clause.objects.filter(standard__in=self.visible()).order_by("standard_id", "position")


@org_schema
class RequirementViewSet(CatalogueViewSet):
    model = Requirement
    serializer_class = RequirementSerializer
    filterset_class = RequirementFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Requirement.objects.none()
        return (
            Requirement.objects.filter(standard__in=self.visible())
            .select_related("standard", "clause")
            .order_by("standard_id", "position")
        )
