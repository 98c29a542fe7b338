"""Risks through the API: the register (CRUD, status, actions raised in the shared register, the heat
map, import of an existing register) and effectiveness evaluations."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from pdca.core.api.base import ORG_PARAMETER, OrgViewSet, org_schema
from pdca.core.exceptions import ValidationFailed
from pdca.core.models import Person
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.risks import importing, selectors, services
from pdca.risks.api import serializers as s
from pdca.risks.filtersets import ACTIVE, RiskEvaluationFilterSet, RiskFilterSet
from pdca.risks.models import Risk, RiskEvaluation


def _create(model, *, org, data, by):
    data = dict(data)
    return services.risk_create(org=org, data=data, by=by, clauses=data.pop("clauses", None))


def _update(risk, *, data, by, version=None):
    data = dict(data)
    return services.risk_update(risk, data=data, by=by, version=version, clauses=data.pop("clauses", None))


def _refusal(row, column, message, text) -> dict:
    return {"row": row, "column": column, "message": message, "text": text}


def _cells(heat) -> list[dict]:
    return [
        {"likelihood": c.likelihood, "impact": c.impact, "score": c.score, "band": str(c.band), "count": c.count}
        for row in heat.rows
        for c in row.cells
    ]


@org_schema
class RiskViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Risk, s.RiskSerializer, RiskFilterSet
    related_columns = {"clause_tags": ("key",)}
    select_related = ("owner",)
    create_service = staticmethod(_create)
    update_service = staticmethod(_update)
    delete_service = staticmethod(services.risk_delete)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.order_by("number")

    @extend_schema(parameters=[ORG_PARAMETER], request=s.RiskTransitionSerializer, responses=s.RiskSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Change the status (open, in_treatment, treated, closed); closing needs a `reason`."""
        risk = self.get_object()
        body = s.RiskTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.risk_transition(risk, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=risk.pk)).data)

    @extend_schema(
        parameters=[ORG_PARAMETER], request=s.RiskActionSerializer, responses=s.RiskActionSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"], url_path="actions")
    def risk_actions(self, request, *args, **kwargs):
        """GET: the actions raised from the risk. POST: raise one in the shared action register."""
        risk = self.get_object()
        if request.method == "POST":
            body = s.RiskActionSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            owner = Person.objects.filter(organisation=self.org, pk=data.pop("owner_id")).first()
            if owner is None:
                raise ValidationFailed(
                    {"owner": [_("Select a valid choice. That choice is not one of the available choices.")]}
                )
            action_ = services.risk_action_raise(risk, data={**data, "owner": owner}, by=request.user)
            return Response(s.RiskActionSerializer(action_).data, status=201)
        return Response(s.RiskActionSerializer(selectors.actions_of(risk), many=True).data)

    @extend_schema(parameters=[ORG_PARAMETER], responses=s.RiskHeatMapSerializer)
    @action(detail=False, methods=["get"], url_path="heat-map")
    def heat_map(self, request, *args, **kwargs):
        """Counts per likelihood × impact cell, inherent and residual, of the risks the filters choose
        (by default those not closed)."""
        params = request.query_params.copy()
        params.setdefault("status", ACTIVE)
        filterset = RiskFilterSet(params, queryset=Risk.objects.for_org(self.org), request=request)
        if not filterset.is_valid():
            return Response(filterset.errors, status=400)
        inherent, _unrated = selectors.heat_map(filterset.qs)
        residual, unrated = selectors.heat_map(filterset.qs, residual=True)
        return Response({"inherent": _cells(inherent), "residual": _cells(residual), "unrated": unrated})

    @extend_schema(
        parameters=[ORG_PARAMETER],
        request={"multipart/form-data": s.RiskImportSerializer},
        responses={201: s.RiskSerializer(many=True), 400: s.RiskImportRefusalSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, JSONParser],
        filter_backends=[],
        pagination_class=None,
    )
    def import_register(self, request, *args, **kwargs):
        """Import a risk register (.xlsx or .csv): all rows or none; a refusal lists every bad cell."""
        body = s.RiskImportSerializer(data=request.data)
        if not body.is_valid():  # no file: refused in the same shape as a file with bad cells
            errors = [_refusal(None, field, str(m), str(m)) for field, ms in body.errors.items() for m in ms]
            return Response({"errors": errors}, status=400)
        upload = body.validated_data["file"]
        try:
            created = importing.risk_register_import(
                org=self.org, fileobj=upload, filename=upload.name, by=request.user
            )
        except SpreadsheetInvalid as exc:
            errors = [_refusal(e.row, e.column, e.message, str(e)) for e in exc.errors]
            return Response({"errors": errors}, status=400)
        queryset = self.get_queryset().filter(pk__in=[r.pk for r in created])
        return Response(self.get_serializer(queryset, many=True).data, status=201)


@org_schema
class RiskEvaluationViewSet(OrgViewSet):
    model, serializer_class, filterset_class = RiskEvaluation, s.RiskEvaluationSerializer, RiskEvaluationFilterSet
    create_service = staticmethod(services.evaluation_create)
    update_service = staticmethod(services.evaluation_update)
    delete_service = staticmethod(services.evaluation_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("-evaluated_on", "-id")
