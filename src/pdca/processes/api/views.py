"""The process register through the API: processes (CRUD, the approval workflow, the import of a
process list) and the interactions between them."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from pdca.core.api.base import ORG_PARAMETER, OrgViewSet, org_schema
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.processes import importing, services
from pdca.processes.api import serializers as s
from pdca.processes.filtersets import ProcessFilterSet, ProcessInteractionFilterSet
from pdca.processes.models import Process, ProcessInteraction


def _create_process(model, *, org, data, by):
    return services.process_create(org=org, data=data, by=by)


@org_schema
class ProcessViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Process, s.ProcessSerializer, ProcessFilterSet
    related_ids = ("members", "sites", "documents")
    related_columns = {"clause_tags": ("key",)}
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    select_related = ("owner",)
    create_service = staticmethod(_create_process)
    update_service = staticmethod(services.process_update)
    delete_service = staticmethod(services.process_delete)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.order_by("number")

    @extend_schema(parameters=[ORG_PARAMETER], request=s.ProcessTransitionSerializer, responses=s.ProcessSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Approve (status "active"), retire, reinstate, or take back to draft; retiring needs a reason."""
        process = self.get_object()
        body = s.ProcessTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.process_transition(process, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=process.pk)).data)

    @extend_schema(
        parameters=[ORG_PARAMETER],
        request={"multipart/form-data": s.ProcessImportSerializer},
        responses={201: s.ProcessImportResultSerializer, 400: s.ProcessImportErrorsSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_list(self, request, *args, **kwargs):
        """Import a process list (Excel or CSV): every row is checked first; all of it, as drafts, or none,
        with every bad cell named."""
        body = s.ProcessImportSerializer(data=request.data)
        if not body.is_valid():  # refused in the shape of a bad cell: one kind of answer to read
            errors = [
                {"row": None, "column": field, "value": None, "message": str(message)}
                for field, messages in body.errors.items()
                for message in messages
            ]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        upload = body.validated_data["file"]
        try:
            created = importing.process_list_import(org=self.org, fileobj=upload, filename=upload.name, by=request.user)
        except SpreadsheetInvalid as exc:
            errors = [
                {
                    "row": e.row,
                    "column": e.column,
                    "value": None if e.value is None else str(e.value),
                    "message": e.message,
                }
                for e in exc.errors
            ]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        rows = [{"id": p.pk, "number": p.number, "name": p.name} for p in created]
        return Response({"created": rows}, status=status.HTTP_201_CREATED)


@org_schema
class ProcessInteractionViewSet(OrgViewSet):
    model = ProcessInteraction
    serializer_class, filterset_class = s.ProcessInteractionSerializer, ProcessInteractionFilterSet
    create_service = staticmethod(services.interaction_create)
    update_service = staticmethod(services.interaction_update)
    delete_service = staticmethod(services.interaction_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("id")
