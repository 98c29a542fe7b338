"""Objectives through the API: commitments, objectives (with their workflow and plan actions), KPIs,
measurements, and the bulk push another system uses to send many measurements at once."""

import datetime

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from pdca.core.api.base import ORG_PARAMETER, OrgViewSet, org_schema
from pdca.core.api.serializers import ActionSerializer
from pdca.core.filtersets import MAX_ID
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.objectives import importing, selectors, services
from pdca.objectives.api import serializers as s
from pdca.objectives.choices import MeasurementSource
from pdca.objectives.filtersets import (
    KPIFilterSet,
    MeasurementFilterSet,
    PolicyCommitmentFilterSet,
    QualityObjectiveFilterSet,
)
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective

MAX_PUSH = 5000
PLAN_ACTION_FIELDS = ("title", "description", "owner", "due_date", "priority")


@org_schema
class PolicyCommitmentViewSet(OrgViewSet):
    model, serializer_class, filterset_class = PolicyCommitment, s.PolicyCommitmentSerializer, PolicyCommitmentFilterSet
    create_service = staticmethod(services.commitment_create)
    update_service = staticmethod(services.commitment_update)
    delete_service = staticmethod(services.commitment_delete)


def _create_with_clauses(service):
    def create(model, *, org, data, by):
        data = dict(data)
        return service(org=org, data=data, by=by, clauses=data.pop("clauses", None))

    return create


def _update_with_clauses(service):
    def update(obj, *, data, by, version=None):
        from pdca.core import services as core

        data = dict(data)
        clauses = data.pop("clauses", None)
        obj = service(obj, data=data, by=by, version=version)
        if clauses is not None:
            core.clause_tags_set(target=obj, keys=clauses, by=by)
        return obj

    return update


def _spreadsheet_import(viewset, request, service, serializer_class, queryset):
    """Run an all-or-nothing import from a multipart `file`; a refusal lists every bad cell as {errors: [...]}."""
    body = s.ObjectivesImportSerializer(data=request.data)
    if not body.is_valid():  # no file: refused in the same shape as a file with bad cells
        errors = [_refusal(None, field, str(m), str(m)) for field, ms in body.errors.items() for m in ms]
        return Response({"errors": errors}, status=400)
    upload = body.validated_data["file"]
    try:
        created = service(org=viewset.org, fileobj=upload, filename=upload.name, by=request.user)
    except SpreadsheetInvalid as exc:
        errors = [_refusal(e.row, e.column, e.message, str(e)) for e in exc.errors]
        return Response({"errors": errors}, status=400)
    rows = queryset.filter(pk__in=[row.pk for row in created])
    return Response(serializer_class(rows, many=True, context=viewset.get_serializer_context()).data, status=201)


def _refusal(row, column, message, text) -> dict:
    return {"row": row, "column": column, "message": message, "text": text}


def _import_schema(serializer_class):
    return extend_schema(
        parameters=[ORG_PARAMETER],
        request={"multipart/form-data": s.ObjectivesImportSerializer},
        responses={201: serializer_class(many=True), 400: s.ObjectivesImportRefusalSerializer},
    )


IMPORT_ACTION = {
    "detail": False,
    "methods": ["post"],
    "url_path": "import",
    "parser_classes": [MultiPartParser, JSONParser],
    "filter_backends": [],
    "pagination_class": None,
}


class MayView(IsAuthenticated):
    """Workflow steps need only to see the row; the service checks the role."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm(
            "objectives.view_qualityobjective", view.org
        )


@org_schema
class QualityObjectiveViewSet(OrgViewSet):
    model, serializer_class, filterset_class = QualityObjective, s.QualityObjectiveSerializer, QualityObjectiveFilterSet
    related_ids = ("commitments", "processes")
    related_columns = {"clause_tags": ("key",)}
    create_service = staticmethod(_create_with_clauses(services.objective_create))
    update_service = staticmethod(_update_with_clauses(services.objective_update))
    delete_service = staticmethod(services.objective_delete)

    def get_queryset(self):
        return super().get_queryset()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            selectors.stored_performance(page)  # stored; the stale ones of the page again: one query at most
        return page

    @extend_schema(
        parameters=[ORG_PARAMETER], request=s.ObjectiveTransitionSerializer, responses=s.QualityObjectiveSerializer
    )
    @action(detail=True, methods=["post"], permission_classes=[MayView])
    def transition(self, request, *args, **kwargs):
        """Approve, close (achieved / not achieved), withdraw or reopen the objective."""
        objective = self.get_object()
        body = s.ObjectiveTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.objective_transition(objective, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=objective.pk)).data)

    @_import_schema(s.QualityObjectiveSerializer)
    @action(**IMPORT_ACTION)
    def import_register(self, request, *args, **kwargs):
        """Import an objectives register (.xlsx or .csv) as drafts: all rows or none."""
        return _spreadsheet_import(
            self, request, importing.objectives_import, s.QualityObjectiveSerializer, self.get_queryset()
        )

    @extend_schema(parameters=[ORG_PARAMETER], request=ActionSerializer, responses=ActionSerializer(many=True))
    @action(detail=True, methods=["get", "post"], permission_classes=[MayView])
    def actions(self, request, *args, **kwargs):
        """The objective's plan actions (the shared action register); POST adds one."""
        objective = self.get_object()
        context = self.get_serializer_context()
        if request.method == "POST":
            body = ActionSerializer(data=request.data, context=context)
            body.is_valid(raise_exception=True)
            data = {
                k: v
                for k, v in body.validated_data.items()
                if k in ("title", "description", "owner", "due_date", "priority")
            }
            created = services.objective_action_add(objective, data=data, by=request.user)
            return Response(ActionSerializer(created, context=context).data, status=status.HTTP_201_CREATED)
        return Response(ActionSerializer(selectors.actions_of(objective), many=True, context=context).data)


@org_schema
class KPIViewSet(OrgViewSet):
    model, serializer_class, filterset_class = KPI, s.KPISerializer, KPIFilterSet
    related_columns = {"clause_tags": ("key",)}
    create_service = staticmethod(_create_with_clauses(services.kpi_create))
    update_service = staticmethod(_update_with_clauses(services.kpi_update))
    delete_service = staticmethod(services.kpi_delete)

    def get_queryset(self):
        return super().get_queryset()


def _create_measurement(model, *, org, data, by):
    return services.measurement_create(org=org, data=data, by=by, source=MeasurementSource.API)


@org_schema
class MeasurementViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Measurement, s.MeasurementSerializer, MeasurementFilterSet
    create_service = staticmethod(_create_measurement)
    update_service = staticmethod(services.measurement_update)
    delete_service = staticmethod(services.measurement_delete)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if queryset.ordered else queryset.order_by("kpi_id", "-period")

    @_import_schema(s.MeasurementSerializer)
    @action(**IMPORT_ACTION)
    def import_file(self, request, *args, **kwargs):
        """Import measurements from a spreadsheet (KPI, period, value, note): all rows or none."""
        return _spreadsheet_import(
            self, request, importing.measurements_import, s.MeasurementSerializer, self.get_queryset()
        )

    @extend_schema(parameters=[ORG_PARAMETER], request=s.PushSerializer, responses={201: s.PushResultSerializer})
    @action(detail=False, methods=["post"])
    def bulk(self, request, *args, **kwargs):
        """Push many measurements in one request: all are saved or none, and every bad item is named by its
        index (a KPI that does not exist, a value that is not a number, a future date, a period given twice
        or already recorded)."""
        raw = request.data.get("measurements") if isinstance(request.data, dict) else None
        if not isinstance(raw, list) or not raw:
            return Response({"measurements": [_("Send a non-empty list of measurements.")]}, status=400)
        if len(raw) > MAX_PUSH:
            message = _("At most %(n)d measurements per request.") % {"n": MAX_PUSH}
            return Response({"measurements": [message]}, status=400)
        items = _push_items(self.org, raw)
        try:
            created = services.measurements_add_many(
                org=self.org, items=items, by=request.user, source=MeasurementSource.API
            )
        except services.BatchInvalid as exc:
            errors = [{"index": key, "errors": exc.items[key]} for key in sorted(exc.items)]
            detail = _("%(bad)d of %(n)d measurements are invalid; none was saved.") % {
                "bad": len(errors),
                "n": len(raw),
            }
            return Response({"detail": detail, "errors": errors}, status=400)
        data = s.MeasurementSerializer(created, many=True, context=self.get_serializer_context()).data
        return Response({"created": len(created), "measurements": data}, status=201)


def _push_items(org, raw: list) -> list[dict]:
    """The pushed items as the service takes them, each with its index and its own input errors."""
    parsed = [s.PushItemSerializer(data=item if isinstance(item, dict) else {}) for item in raw]
    for body in parsed:
        body.is_valid()
    ids = {_kpi_id(b.initial_data.get("kpi")) for b in parsed} - {None}
    numbers = {b.initial_data.get("kpi_number") for b in parsed if isinstance(b.initial_data.get("kpi_number"), str)}
    by_id = {kpi.pk: kpi for kpi in KPI.objects.filter(organisation=org, pk__in=ids)}
    by_number = {kpi.number: kpi for kpi in KPI.objects.filter(organisation=org, number__in=numbers)}
    return [_push_item(index, body, by_id, by_number) for index, body in enumerate(parsed)]


def _kpi_id(value) -> int | None:
    """A KPI id as given (a number or its digits), or None; never a value the database cannot hold."""
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def _push_item(index: int, body, by_id: dict, by_number: dict) -> dict:
    given, errors = body.initial_data, body.errors
    item = {"key": index, "label": _("item %(i)d") % {"i": index}, "note": str(given.get("note") or "")}
    ref, number = given.get("kpi"), given.get("kpi_number")
    kpi = by_id.get(_kpi_id(ref)) if ref is not None else by_number.get(number if isinstance(number, str) else "")
    item["kpi"] = kpi
    if kpi is None:
        named = ref if ref is not None else number
        item["kpi_error"] = (
            _("%(k)s is not a KPI of the organisation.") % {"k": named} if named else _("Give kpi or kpi_number.")
        )
    if "period" in errors:
        item["period_error"] = str(errors["period"][0])
    else:
        item["period"] = _date(given.get("period"))
    if "value" in errors:
        item["value"], item["value_error"] = None, str(errors["value"][0])
    else:
        try:
            item["value"] = services.parse_value(given.get("value"))
        except ValueError:
            item["value"], item["value_error"] = None, _("Enter the measured value as a number.")
    return item


def _date(value):
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None
