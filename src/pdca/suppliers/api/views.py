"""Suppliers through the API: the supplier list (CRUD, status transitions, score trend, import),
certificates, evaluation criteria, evaluations with their criterion scores, and SCARs with their steps."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from pdca.core.api.base import ORG_PARAMETER, OrgViewSet, org_schema
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.suppliers import importing, selectors, services
from pdca.suppliers.api import serializers as s
from pdca.suppliers.filtersets import (
    CertificateFilterSet,
    CriterionFilterSet,
    EvaluationFilterSet,
    ScarFilterSet,
    SupplierFilterSet,
)
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation


@org_schema
class SupplierViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Supplier, s.SupplierSerializer, SupplierFilterSet
    related_ids = ("processes",)
    create_service = staticmethod(services.supplier_create)
    update_service = staticmethod(services.supplier_update)
    delete_service = staticmethod(services.supplier_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("number")

    @extend_schema(parameters=[ORG_PARAMETER], request=s.SupplierTransitionSerializer, responses=s.SupplierSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Change the approval status (quality managers), with the reason."""
        supplier = self.get_object()
        body = s.SupplierTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.supplier_transition(supplier, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=supplier.pk)).data)

    @extend_schema(parameters=[ORG_PARAMETER], responses=s.TrendPointSerializer(many=True))
    @action(detail=True, methods=["get"])
    def trend(self, request, *args, **kwargs):
        """The weighted scores of the supplier's latest evaluations, oldest first."""
        supplier = self.get_object()
        if not request.user.has_perm("suppliers.view_supplierevaluation", self.org):
            raise PermissionDenied
        points = [{"evaluated_on": d, "period": p, "score": v} for d, p, v in selectors.trend_of(supplier)]
        return Response(s.TrendPointSerializer(points, many=True).data)

    @extend_schema(
        parameters=[ORG_PARAMETER],
        request={"multipart/form-data": s.SupplierImportSerializer},
        responses={201: s.SupplierSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_list(self, request, *args, **kwargs):
        """Import a supplier list (all rows or none); refusals name every bad cell."""
        body = s.SupplierImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        try:
            created = importing.supplier_list_import(
                org=self.org, fileobj=upload, filename=upload.name, by=request.user
            )
        except SpreadsheetInvalid as exc:
            errors = [{"row": e.row, "column": e.column, "message": e.message, "text": str(e)} for e in exc.errors]
            return Response({"errors": errors}, status=400)
        queryset = self.get_queryset().filter(pk__in=[r.pk for r in created])
        return Response(self.get_serializer(queryset, many=True).data, status=201)


@org_schema
class CertificateViewSet(OrgViewSet):
    model, serializer_class, filterset_class = SupplierCertificate, s.CertificateSerializer, CertificateFilterSet
    create_service = staticmethod(services.certificate_create)
    update_service = staticmethod(services.certificate_update)
    delete_service = staticmethod(services.certificate_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("valid_until", "id")


@org_schema
class CriterionViewSet(OrgViewSet):
    model, serializer_class, filterset_class = EvaluationCriterion, s.CriterionSerializer, CriterionFilterSet
    create_service = staticmethod(services.criterion_create)
    update_service = staticmethod(services.criterion_update)
    delete_service = staticmethod(services.criterion_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("position", "name")


def _scores(data: dict):
    rows = data.pop("scores", None)
    return None if rows is None else {row["criterion"]: row["score"] for row in rows}


def _evaluation_create(model, *, org, data, by):
    data = dict(data)
    return services.evaluation_create(org=org, data=data, by=by, scores=_scores(data))


def _evaluation_update(evaluation, *, data, by, version=None):
    data = dict(data)
    return services.evaluation_update(evaluation, data=data, by=by, version=version, scores=_scores(data))


@org_schema
class EvaluationViewSet(OrgViewSet):
    model, serializer_class, filterset_class = SupplierEvaluation, s.EvaluationSerializer, EvaluationFilterSet
    create_service = staticmethod(_evaluation_create)
    update_service = staticmethod(_evaluation_update)
    delete_service = staticmethod(services.evaluation_delete)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("scores").order_by("-evaluated_on", "-id")


@org_schema
class ScarViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Scar, s.ScarSerializer, ScarFilterSet
    create_service = staticmethod(services.scar_create)
    update_service = staticmethod(services.scar_update)
    delete_service = staticmethod(services.scar_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("-number")

    @extend_schema(parameters=[ORG_PARAMETER], request=s.ScarTransitionSerializer, responses=s.ScarSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Record the next step: response received (`text`), verified (`text`), closed; or send it back (`reason`)."""
        scar = self.get_object()
        body = s.ScarTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.scar_transition(scar, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=scar.pk)).data)
