"""Controlled documents through the API: documents, revisions and their workflow, signatures, acknowledgements."""

from django.http import FileResponse, Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from pdca.core.api.base import ORG_PARAMETER, OrgScopeMixin, OrgViewSet, org_schema
from pdca.core.permissions import can
from pdca.documents import selectors, services
from pdca.documents.api import serializers as s
from pdca.documents.filtersets import DocumentFilterSet, RevisionFilterSet
from pdca.documents.models import Acknowledgement, Document, DocumentRevision, Signature


def _create_document(model, *, org, data, by):
    return services.document_create(org=org, data=data, by=by, number=data.pop("number", ""))


@org_schema
class DocumentViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Document, s.DocumentSerializer, DocumentFilterSet
    create_service = staticmethod(_create_document)
    update_service = staticmethod(services.document_update)
    delete_service = staticmethod(services.document_delete)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return selectors.visible_documents(self.org, self.request.user).prefetch_related("sites").order_by("number")


class MayRead(permissions.IsAuthenticated):
    """Workflow steps: reading the revision is enough to ask; the service decides who may do the step."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and can(request.user, "view", Document, view.org)

    def has_object_permission(self, request, view, obj):
        return request.user.has_perm("documents.read_revision", obj)


def _create_revision(model, *, org, data, by):
    data.pop("audience_roles", None), data.pop("audience_sites", None)
    return services.revision_create(
        document=data["document"],
        label=data.get("label", ""),
        markdown=data.get("markdown"),
        change_summary=data.get("change_summary", ""),
        by=by,
    )


def _step(name: str, serializer_class, service, **extra):
    """The POST action `name` on a revision: validates `serializer_class` and calls `service` with it."""

    def step(self, request, *args, **kwargs):
        revision = self.get_object()
        body = serializer_class(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        service(revision, by=request.user, **body.validated_data)
        revision.refresh_from_db()
        return Response(s.RevisionSerializer(revision, context=self.get_serializer_context()).data)

    step.__name__ = name
    decorate = action(detail=True, methods=["post"], permission_classes=[MayRead], **extra)
    return extend_schema(parameters=[ORG_PARAMETER], request=serializer_class, responses=s.RevisionSerializer)(
        decorate(step)
    )


def _upload(revision, *, by, file):
    return services.revision_upload(revision, upload=file, by=by)


def _approve(revision, *, by, meaning):
    return services.revision_approve(revision, by=by, meaning=meaning)


@org_schema
class RevisionViewSet(OrgViewSet):
    model, serializer_class, filterset_class = DocumentRevision, s.RevisionSerializer, RevisionFilterSet
    select_related = ("document", "document__owner", "file")
    create_service = staticmethod(_create_revision)
    update_service = staticmethod(services.revision_update)
    delete_service = staticmethod(services.revision_delete)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DocumentRevision.objects.none()
        revisions = selectors.visible_revisions(self.org, self.request.user).select_related(*self.select_related)
        return revisions.prefetch_related("audience_sites").order_by("-id")

    submit = _step("submit", s.SubmitSerializer, services.revision_submit)
    comment = _step("comment", s.CommentSerializer, services.revision_comment)
    approve = _step("approve", s.ApproveSerializer, _approve)
    sign = _step("sign", s.SignSerializer, services.revision_sign)
    publish = _step("publish", s.PublishSerializer, services.revision_make_effective)
    withdraw = _step("withdraw", s.ReasonSerializer, services.revision_withdraw)
    rework = _step("rework", s.ReasonSerializer, services.revision_return)
    upload = _step("upload", s.UploadSerializer, _upload, parser_classes=[MultiPartParser])
    acknowledge = _step("acknowledge", s.EmptySerializer, services.acknowledgement_record)

    @extend_schema(parameters=[ORG_PARAMETER], responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], permission_classes=[MayRead])
    def download(self, request, *args, **kwargs):
        """The revision's uploaded file."""
        revision = self.get_object()
        if revision.file is None:
            raise Http404
        return FileResponse(
            revision.file.file.open("rb"),
            content_type=revision.file.mime_type,
            as_attachment=True,
            filename=revision.file.filename,
        )


class ReadOnlyOrgViewSet(OrgScopeMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Rows of documents the user may see; made only by the revision workflow, never edited here."""

    model = None
    permission_classes = [MayRead]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        revisions = selectors.visible_revisions(self.org, self.request.user)
        rows = self.model.objects.filter(organisation=self.org, revision__in=revisions)
        return rows.select_related("revision", "revision__document", "person").order_by("-id")

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj.revision)


@org_schema
class SignatureViewSet(ReadOnlyOrgViewSet):
    model, serializer_class = Signature, s.SignatureSerializer
    filterset_fields = ["revision"]


@org_schema
class AcknowledgementViewSet(ReadOnlyOrgViewSet):
    model, serializer_class = Acknowledgement, s.AcknowledgementSerializer
    filterset_fields = ["revision", "person"]
