"""Records through the API: record types, records (filed with an upload, read, downloaded, legal hold),
and disposal requests with their approval or rejection."""

from django.apps import apps
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from pdca.core.api.base import ORG_PARAMETER, OrgRolePermission, OrgViewSet, org_schema
from pdca.core.exceptions import ValidationFailed
from pdca.records import selectors, services
from pdca.records.api import serializers as s
from pdca.records.filtersets import DisposalRequestFilterSet, RecordFilterSet, RecordTypeFilterSet
from pdca.records.models import DisposalRequest, Record, RecordType

LINK_MODELS = {label.split(".")[1]: label for label in services.LINKABLE}


@org_schema
class RecordTypeViewSet(OrgViewSet):
    model, serializer_class, filterset_class = RecordType, s.RecordTypeSerializer, RecordTypeFilterSet
    create_service = staticmethod(services.record_type_create)
    update_service = staticmethod(services.record_type_update)


class RecordPermission(OrgRolePermission):
    """A record is never changed or deleted; a PATCH may only set its legal hold (services refuse the rest)."""

    def has_object_permission(self, request, view, obj):
        if request.method in ("PUT", "PATCH"):
            return request.user.has_perm("records.hold_record", obj)
        return super().has_object_permission(request, view, obj)


def _linked(org, references: list[str]) -> list:
    targets = []
    for reference in references:
        kind, _colon, pk = reference.partition(":")
        target = apps.get_model(LINK_MODELS[kind]).objects.filter(organisation=org, pk=int(pk)).first()
        if target is None:
            raise ValidationFailed({"link": [_("%(ref)s: not found.") % {"ref": reference}]})
        targets.append(target)
    return targets


def _file_record(model, *, org, data, by):
    data = dict(data)
    upload, clauses, corrects = data.pop("file", None), data.pop("clauses", None), data.pop("corrects", None)
    links = _linked(org, data.pop("link", []))
    return services.record_file(
        org=org, data=data, by=by, upload=upload, links=links, clauses=clauses, corrects=corrects
    )


@org_schema
class RecordViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Record, s.RecordSerializer, RecordFilterSet
    permission_classes = [IsAuthenticated, RecordPermission]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    select_related = ("record_type",)
    create_service = staticmethod(_file_record)
    update_service = staticmethod(services.record_update)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related("clause_tags", "links__content_type").order_by("-record_date", "-id")

    @extend_schema(parameters=[ORG_PARAMETER], responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        """The record's file (404 for a paper record or once disposed of)."""
        record = self.get_object()
        attachment = selectors.file_of(record)
        if attachment is None:
            raise Http404
        return FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.mime_type,
            as_attachment=True,
            filename=attachment.filename,
        )


class MayDecide(IsAuthenticated):
    """Deciding needs only to see the request; the service checks the role and the four eyes."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm("records.view_disposalrequest", view.org)


def _decision(name: str, service):
    def decide(self, request, *args, **kwargs):
        disposal = self.get_object()
        body = s.DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        service(disposal, by=request.user, note=body.validated_data["note"])
        disposal.refresh_from_db()
        return Response(s.DisposalRequestSerializer(disposal, context=self.get_serializer_context()).data)

    decide.__name__ = name
    decide.__doc__ = f"{name.capitalize()} a waiting disposal request."
    decorated = action(detail=True, methods=["post"], permission_classes=[MayDecide])(decide)
    return extend_schema(
        parameters=[ORG_PARAMETER], request=s.DecisionSerializer, responses=s.DisposalRequestSerializer
    )(decorated)


@org_schema
class DisposalRequestViewSet(OrgViewSet):
    model, serializer_class, filterset_class = DisposalRequest, s.DisposalRequestSerializer, DisposalRequestFilterSet
    create_service = staticmethod(services.disposal_request_create)
    update_service = staticmethod(services.disposal_request_update)
    delete_service = staticmethod(services.disposal_request_delete)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("records")

    approve = _decision("approve", services.disposal_request_approve)
    reject = _decision("reject", services.disposal_request_reject)
