"""Equipment through the API: the register (CRUD, status transitions, import of an existing list),
calibrations, impact assessments, maintenance plans and maintenance records."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from pdca.core.api.base import ORG_PARAMETER, OrgViewSet, org_schema
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.equipment import importing, services
from pdca.equipment.api import serializers as s
from pdca.equipment.filtersets import (
    CalibrationRecordFilterSet,
    EquipmentFilterSet,
    ImpactAssessmentFilterSet,
    MaintenancePlanFilterSet,
    MaintenanceRecordFilterSet,
)
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord


def _create(model, *, org, data, by):
    data = dict(data)
    return services.equipment_create(org=org, data=data, by=by, clauses=data.pop("clauses", None))


def _update(equipment, *, data, by, version=None):
    data = dict(data)
    return services.equipment_update(equipment, data=data, by=by, version=version, clauses=data.pop("clauses", None))


def _refusal(row, column, message, text) -> dict:
    return {"row": row, "column": column, "message": message, "text": text}


@org_schema
class EquipmentViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Equipment, s.EquipmentSerializer, EquipmentFilterSet
    related_columns = {"clause_tags": ("key",)}
    create_service = staticmethod(_create)
    update_service = staticmethod(_update)
    delete_service = staticmethod(services.equipment_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("number")

    @extend_schema(parameters=[ORG_PARAMETER], request=s.EquipmentTransitionSerializer, responses=s.EquipmentSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Quarantine, retire or return to service (`condition`), with a `reason`."""
        equipment = self.get_object()
        body = s.EquipmentTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.equipment_transition(equipment, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=equipment.pk)).data)

    @extend_schema(
        parameters=[ORG_PARAMETER],
        request={"multipart/form-data": s.EquipmentImportSerializer},
        responses={201: s.EquipmentSerializer(many=True), 400: s.EquipmentImportRefusalSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, JSONParser],
        filter_backends=[],
        pagination_class=None,
    )
    def import_list(self, request, *args, **kwargs):
        """Import an equipment list (.xlsx or .csv): all rows or none; a refusal lists every bad cell."""
        body = s.EquipmentImportSerializer(data=request.data)
        if not body.is_valid():
            errors = [_refusal(None, field, str(m), str(m)) for field, ms in body.errors.items() for m in ms]
            return Response({"errors": errors}, status=400)
        upload = body.validated_data["file"]
        try:
            created = importing.equipment_import(org=self.org, fileobj=upload, filename=upload.name, by=request.user)
        except SpreadsheetInvalid as exc:
            errors = [_refusal(e.row, e.column, e.message, str(e)) for e in exc.errors]
            return Response({"errors": errors}, status=400)
        queryset = self.get_queryset().filter(pk__in=[e.pk for e in created])
        return Response(self.get_serializer(queryset, many=True).data, status=201)


@org_schema
class CalibrationRecordViewSet(OrgViewSet):
    model, serializer_class = CalibrationRecord, s.CalibrationRecordSerializer
    filterset_class = CalibrationRecordFilterSet
    create_service = staticmethod(services.calibration_create)
    update_service = staticmethod(services.calibration_update)
    delete_service = staticmethod(services.calibration_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("-calibrated_on", "-id")


@org_schema
class ImpactAssessmentViewSet(OrgViewSet):
    model, serializer_class = ImpactAssessment, s.ImpactAssessmentSerializer
    filterset_class = ImpactAssessmentFilterSet
    create_service = staticmethod(services.assessment_create)
    update_service = staticmethod(services.assessment_update)
    delete_service = staticmethod(services.assessment_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("-assessed_on", "-id")


@org_schema
class MaintenancePlanViewSet(OrgViewSet):
    model, serializer_class, filterset_class = MaintenancePlan, s.MaintenancePlanSerializer, MaintenancePlanFilterSet
    create_service = staticmethod(services.plan_create)
    update_service = staticmethod(services.plan_update)
    delete_service = staticmethod(services.plan_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("next_due", "id")


@org_schema
class MaintenanceRecordViewSet(OrgViewSet):
    model, serializer_class = MaintenanceRecord, s.MaintenanceRecordSerializer
    filterset_class = MaintenanceRecordFilterSet
    create_service = staticmethod(services.maintenance_create)
    update_service = staticmethod(services.maintenance_update)
    delete_service = staticmethod(services.maintenance_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("-performed_on", "-id")
