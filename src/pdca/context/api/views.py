"""The context registers through the API: issues, the climate-change determination, interested parties and
their requirements, the legal register (with its import) and compliance checks, and the QMS scope."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from pdca.context import importing, services
from pdca.context import scope as scope_services
from pdca.context.api import serializers as s
from pdca.context.filtersets import (
    ClimateDeterminationFilterSet,
    ComplianceCheckFilterSet,
    ContextIssueFilterSet,
    InterestedPartyFilterSet,
    LegalRequirementFilterSet,
    PartyRequirementFilterSet,
)
from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
    QmsScope,
)
from pdca.core.api.base import ORG_PARAMETER, OrgScopeMixin, OrgViewSet, org_schema
from pdca.core.permissions import can
from pdca.core.spreadsheets import SpreadsheetInvalid


@org_schema
class ContextIssueViewSet(OrgViewSet):
    model, serializer_class, filterset_class = ContextIssue, s.ContextIssueSerializer, ContextIssueFilterSet
    related_columns = {"clause_tags": ("key",)}
    create_service = staticmethod(services.issue_create)
    update_service = staticmethod(services.issue_update)
    select_related = ("owner",)

    def get_queryset(self):
        return super().get_queryset().order_by("number")


@org_schema
class ClimateDeterminationViewSet(OrgViewSet):
    """Determinations are recorded, never changed or deleted: the latest by date is in force."""

    model, serializer_class = ClimateDetermination, s.ClimateDeterminationSerializer
    filterset_class = ClimateDeterminationFilterSet
    http_method_names = ["get", "post", "head", "options"]
    create_service = staticmethod(services.climate_determine)

    def get_queryset(self):
        return super().get_queryset().order_by("-decided_on", "-id")


@org_schema
class InterestedPartyViewSet(OrgViewSet):
    model, serializer_class, filterset_class = InterestedParty, s.InterestedPartySerializer, InterestedPartyFilterSet
    related_columns = {"clause_tags": ("key",)}
    create_service = staticmethod(services.party_create)
    update_service = staticmethod(services.party_update)

    def get_queryset(self):
        return super().get_queryset().order_by("number")


@org_schema
class PartyRequirementViewSet(OrgViewSet):
    model, serializer_class = PartyRequirement, s.PartyRequirementSerializer
    related_ids = ("processes",)
    filterset_class = PartyRequirementFilterSet
    create_service = staticmethod(services.party_requirement_create)
    update_service = staticmethod(services.party_requirement_update)

    def get_queryset(self):
        return super().get_queryset().order_by("party_id", "id")


@org_schema
class LegalRequirementViewSet(OrgViewSet):
    model, serializer_class = LegalRequirement, s.LegalRequirementSerializer
    related_ids = ("processes",)
    related_columns = {"clause_tags": ("key",)}
    filterset_class = LegalRequirementFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    create_service = staticmethod(services.legal_create)
    update_service = staticmethod(services.legal_update)
    delete_service = staticmethod(services.legal_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("number")

    @extend_schema(
        parameters=[ORG_PARAMETER],
        request={"multipart/form-data": s.LegalImportSerializer},
        responses={201: s.LegalRequirementSerializer(many=True), 400: OpenApiResponse(description="Every bad cell")},
    )
    @action(detail=False, methods=["post"], url_path="import", serializer_class=s.LegalImportSerializer)
    def import_register(self, request, *args, **kwargs):
        """Import a legal register (Excel or CSV) all or nothing; a refused file answers with every bad cell."""
        body = s.LegalImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        try:
            created = importing.legal_import(org=self.org, fileobj=upload, filename=upload.name, by=request.user)
        except SpreadsheetInvalid as exc:
            errors = [
                {"row": e.row, "column": e.column, "value": _plain(e.value), "message": e.message, "text": str(e)}
                for e in exc.errors
            ]
            return Response({"errors": errors}, status=400)
        context = self.get_serializer_context()
        return Response(s.LegalRequirementSerializer(created, many=True, context=context).data, status=201)


def _plain(value):
    return value if value is None or isinstance(value, int | float | str) else str(value)


@org_schema
class ComplianceCheckViewSet(OrgViewSet):
    model, serializer_class, filterset_class = ComplianceCheck, s.ComplianceCheckSerializer, ComplianceCheckFilterSet
    create_service = staticmethod(services.compliance_check_record)
    update_service = staticmethod(services.compliance_check_update)
    delete_service = staticmethod(services.compliance_check_delete)
    select_related = ("legal_requirement",)

    def get_queryset(self):
        return super().get_queryset().order_by("-checked_on", "-id")


class ScopeApi(OrgScopeMixin, GenericAPIView):
    """The organisation's QMS scope: read it, set it (PUT creates it the first time), or change part of it."""

    serializer_class = s.QmsScopeSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return QmsScope.objects.filter(organisation=getattr(self, "org", None))

    def get_object(self):  # for OPTIONS: the one scope, no id in the address
        return self._scope()

    def _allow(self, action: str, target) -> None:
        if not can(self.request.user, action, QmsScope, target or self.org):
            raise PermissionDenied

    def _scope(self) -> QmsScope:
        scope = scope_services.scope_of(self.org)
        if scope is None:
            raise Http404
        return scope

    def _answer(self, scope, status=200):
        scope = scope_services.scope_of(self.org)
        decisions = scope_services.not_applicable(scope)
        check = scope_services.scope_check(scope, decisions)
        context = {**self.get_serializer_context(), "decisions": decisions, "check": check}
        response = Response(s.QmsScopeSerializer(scope, context=context).data, status=status)
        response["ETag"] = f'"{scope.version}"'
        return response

    @extend_schema(parameters=[ORG_PARAMETER], responses=s.QmsScopeSerializer)
    def get(self, request, *args, **kwargs):
        self._allow("view", None)
        return self._answer(self._scope())

    @extend_schema(
        parameters=[ORG_PARAMETER],
        request=s.QmsScopeSerializer,
        responses={200: s.QmsScopeSerializer, 201: s.QmsScopeSerializer},
    )
    def put(self, request, *args, **kwargs):
        return self._write(request, partial=False)

    @extend_schema(parameters=[ORG_PARAMETER], request=s.QmsScopeSerializer, responses=s.QmsScopeSerializer)
    def patch(self, request, *args, **kwargs):
        return self._write(request, partial=True)

    def _write(self, request, *, partial: bool):
        scope = scope_services.scope_of(self.org)
        self._allow("change" if scope else "add", scope)
        body = s.QmsScopeSerializer(scope, data=request.data, partial=partial, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version", None)
        if_match = request.headers.get("If-Match", "").strip().strip("W/").strip('"')
        version = int(if_match) if if_match.isdigit() else version
        saved = scope_services.scope_save(org=self.org, data=data, by=request.user, version=version)
        return self._answer(saved, status=200 if scope else 201)


class PublishResult(s.serializers.Serializer):
    document = s.serializers.IntegerField()
    number = s.serializers.CharField()
    revision = s.serializers.IntegerField()
    label = s.serializers.CharField()
    status = s.serializers.CharField()


class ScopePublishApi(OrgScopeMixin, GenericAPIView):
    """Generate the scope document as a new draft revision (the document is created the first time)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = PublishResult

    def get_queryset(self):
        return QmsScope.objects.filter(organisation=getattr(self, "org", None))

    @extend_schema(parameters=[ORG_PARAMETER], request=None, responses={201: PublishResult})
    def post(self, request, *args, **kwargs):
        scope = scope_services.scope_of(self.org)
        if scope is None:
            raise Http404
        if not can(request.user, "change", scope, scope):
            raise PermissionDenied
        revision = scope_services.scope_publish(scope, by=request.user)
        data = {
            "document": revision.document_id,
            "number": revision.document.number,
            "revision": revision.pk,
            "label": revision.label,
            "status": revision.status,
        }
        return Response(data, status=201)
