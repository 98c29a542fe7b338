"""Customers through the API: customers (and import), feedback with its workflow, surveys (status,
results), questions, rounds (invitations) and KPI feeds."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from pdca.core.api.base import ORG_PARAMETER, OrgViewSet, org_schema
from pdca.core.exceptions import ValidationFailed
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.customers import importing, selectors, services
from pdca.customers.api import serializers as s
from pdca.customers.filtersets import (
    CustomerFilterSet,
    FeedbackFilterSet,
    KpiFeedFilterSet,
    SurveyFilterSet,
    SurveyQuestionFilterSet,
    SurveyRoundFilterSet,
)
from pdca.customers.models import Customer, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound


def _refusal(row, column, message, text) -> dict:
    return {"row": row, "column": column, "message": message, "text": text}


@org_schema
class CustomerViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Customer, s.CustomerSerializer, CustomerFilterSet
    create_service = staticmethod(services.customer_create)
    update_service = staticmethod(services.customer_update)
    delete_service = staticmethod(services.customer_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("number")

    @extend_schema(
        parameters=[ORG_PARAMETER],
        request={"multipart/form-data": s.ImportSerializer},
        responses={201: s.CustomerSerializer(many=True), 400: s.ImportRefusalSerializer},
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
        """Import a customer list (.xlsx or .csv): all rows or none; a refusal lists every bad cell."""
        body = s.ImportSerializer(data=request.data)
        if not body.is_valid():
            errors = [_refusal(None, field, str(m), str(m)) for field, ms in body.errors.items() for m in ms]
            return Response({"errors": errors}, status=400)
        upload = body.validated_data["file"]
        try:
            created = importing.customer_list_import(
                org=self.org, fileobj=upload, filename=upload.name, by=request.user
            )
        except SpreadsheetInvalid as exc:
            return Response({"errors": [_refusal(e.row, e.column, e.message, str(e)) for e in exc.errors]}, status=400)
        queryset = self.get_queryset().filter(pk__in=[c.pk for c in created])
        return Response(self.get_serializer(queryset, many=True).data, status=201)


@org_schema
class FeedbackViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Feedback, s.FeedbackSerializer, FeedbackFilterSet
    create_service = staticmethod(services.feedback_create)
    update_service = staticmethod(services.feedback_update)
    delete_service = staticmethod(services.feedback_delete)
    select_related = ("owner",)

    def get_queryset(self):
        return super().get_queryset().order_by("-number")

    @extend_schema(parameters=[ORG_PARAMETER], request=s.FeedbackTransitionSerializer, responses=s.FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Move to the next step: acknowledged, investigating (`text`: findings), response_sent (`text`: the
        response), closed; reopening needs a `reason`."""
        feedback = self.get_object()
        body = s.FeedbackTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.feedback_transition(feedback, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=feedback.pk)).data)


@org_schema
class SurveyViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Survey, s.SurveySerializer, SurveyFilterSet
    create_service = staticmethod(services.survey_create)
    update_service = staticmethod(services.survey_update)
    delete_service = staticmethod(services.survey_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("-id")

    @extend_schema(parameters=[ORG_PARAMETER], request=s.SurveyTransitionSerializer, responses=s.SurveySerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Open (needs a question), close (every link stops) or reopen the survey."""
        survey = self.get_object()
        body = s.SurveyTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.survey_transition(survey, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=survey.pk)).data)

    @extend_schema(
        parameters=[ORG_PARAMETER, OpenApiParameter("round", int, description="One round only (id).")],
        responses=s.SurveyResultsSerializer,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def results(self, request, *args, **kwargs):
        """NPS, CSAT, response rate, each question's distribution and the trend over rounds."""
        survey = self.get_object()
        raw = request.query_params.get("round", "")
        results = selectors.survey_results(survey, int(raw) if raw.isdigit() and len(raw) < 12 else None)
        return Response(
            {
                "nps": results.nps,
                "csat": results.csat,
                "response_rate": results.response_rate,
                "questions": [
                    {
                        "question": r.question.pk,
                        "text": r.question.text,
                        "kind": r.question.kind,
                        "is_csat": r.question.is_csat,
                        "counts": {str(k): v for k, v in sorted(r.counts.items())},
                        "average": r.average,
                    }
                    for r in results.questions
                ],
                "trend": [
                    {
                        "round": t.round.pk,
                        "name": t.round.name,
                        "sent_on": t.round.sent_on,
                        "nps": t.nps,
                        "csat": t.csat,
                        "invited": t.round.invited,
                        "answered": t.round.answered,
                    }
                    for t in results.trend
                ],
            }
        )


@org_schema
class SurveyQuestionViewSet(OrgViewSet):
    model, serializer_class, filterset_class = SurveyQuestion, s.SurveyQuestionSerializer, SurveyQuestionFilterSet
    create_service = staticmethod(services.question_create)
    update_service = staticmethod(services.question_update)
    delete_service = staticmethod(services.question_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("survey_id", "order", "id")


@org_schema
class SurveyRoundViewSet(OrgViewSet):
    model, serializer_class, filterset_class = SurveyRound, s.SurveyRoundSerializer, SurveyRoundFilterSet
    create_service = staticmethod(services.round_create)
    update_service = staticmethod(services.round_update)
    delete_service = staticmethod(services.round_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("-sent_on", "-id")

    @extend_schema(
        parameters=[ORG_PARAMETER], request=s.InviteSerializer, responses=s.InvitationLinkSerializer(many=True)
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def invite(self, request, *args, **kwargs):
        """Invite customers (ids); the answer links come back once (only their hashes are kept)."""
        survey_round = self.get_object()
        body = s.InviteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = set(body.validated_data["customers"])
        customers = list(Customer.objects.filter(organisation=self.org, pk__in=ids))
        if len(customers) != len(ids):
            raise ValidationFailed({"customers": ["Choose customers of this organisation (ids)."]})
        created = services.round_invite(
            survey_round, customers=customers, by=request.user, send_email=body.validated_data["send_email"]
        )
        base = request.build_absolute_uri("/")[:-1]
        links = [{"customer": inv.customer_id, "link": base + services.survey_link(t)} for inv, t in created]
        return Response(links, status=201)


@org_schema
class KpiFeedViewSet(OrgViewSet):
    model, serializer_class, filterset_class = KpiFeed, s.KpiFeedSerializer, KpiFeedFilterSet
    create_service = staticmethod(services.feed_create)
    update_service = staticmethod(services.feed_update)
    delete_service = staticmethod(services.feed_delete)
