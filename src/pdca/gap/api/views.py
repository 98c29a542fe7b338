"""Gap analysis through the API: assessments with their results and transitions, responses, applicability."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response as ApiResponse

from pdca.core.api.base import ORG_PARAMETER, OrgViewSet, org_schema
from pdca.gap import selectors, services
from pdca.gap.api.serializers import (
    ApplicabilitySerializer,
    AssessmentSerializer,
    ResponseSerializer,
    ResultsSerializer,
    TransitionSerializer,
)
from pdca.gap.filtersets import ApplicabilityFilterSet, AssessmentFilterSet, ResponseFilterSet
from pdca.gap.models import Applicability, Assessment, Response


def results_data(results) -> dict:
    keys = lambda lines: [line.key for line in lines]  # noqa: E731
    return {
        "overall": results.overall.__dict__,
        "by_clause": {k: v.__dict__ for k, v in results.by_clause.items()},
        "by_subclause": {k: v.__dict__ for k, v in results.by_subclause.items()},
        "likely_findings": {k: keys(v) for k, v in results.findings.items()},
        "missing_documented_information": keys(results.missing_documented_information),
        "verdict": results.verdict,
        "failing_conditions": {c.code: keys(c.lines) for c in results.failing},
    }


def _create(model, *, org, data, by):
    return services.assessment_create(org=org, data=data, by=by)


@org_schema
class AssessmentViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Assessment, AssessmentSerializer, AssessmentFilterSet
    select_related = ("standard",)
    create_service = staticmethod(_create)
    update_service = staticmethod(services.assessment_update)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("sites", "assessors")

    @extend_schema(parameters=[ORG_PARAMETER], responses=ResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request, *args, **kwargs):
        """Readiness, maturity, coverage (overall, per clause and sub-clause), likely findings, verdict."""
        return ApiResponse(results_data(selectors.results_for(self.get_object())))

    @extend_schema(parameters=[ORG_PARAMETER], request=TransitionSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        assessment = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.assessment_transition(assessment, by=request.user, **body.validated_data)
        return ApiResponse(AssessmentSerializer(assessment, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[
            ORG_PARAMETER,
            OpenApiParameter("other", int, required=True, description="The earlier assessment's id."),
        ]
    )
    @action(detail=True, methods=["get"])
    def comparison(self, request, *args, **kwargs):
        """Differences from an earlier assessment: overall, per clause, and requirement by requirement."""
        other_id = request.query_params.get("other", "")
        before = get_object_or_404(self.get_queryset(), pk=int(other_id) if other_id.isdigit() else 0)
        data = selectors.comparison(before, self.get_object())
        return ApiResponse(
            {
                "before": results_data(data["before"])["overall"],
                "after": results_data(data["after"])["overall"],
                "clauses": {
                    c: {"before": b.readiness if b else None, "after": a.readiness if a else None}
                    for c, b, a in data["clauses"]
                },
                "improved": [a.key for _b, a in data["improved"]],
                "regressed": [a.key for _b, a in data["regressed"]],
            }
        )


@org_schema
class ResponseViewSet(OrgViewSet):
    """Responses are created with their assessment; scores and notes are changed here."""

    model, serializer_class, filterset_class = Response, ResponseSerializer, ResponseFilterSet
    http_method_names = ["get", "put", "patch", "head", "options"]
    select_related = ("requirement", "requirement__clause")
    update_service = staticmethod(services.response_update)

    def get_queryset(self):
        queryset = super().get_queryset()
        assessment = self.request.query_params.get("assessment", "")
        return queryset.filter(assessment_id=int(assessment)) if assessment.isdigit() else queryset

    def perform_update(self, serializer):
        if not self.request.user.has_perm("gap.score_assessment", serializer.instance.assessment):
            raise PermissionDenied
        super().perform_update(serializer)


def _declare_not_applicable(model, *, org, data, by):
    return services.applicability_set(org=org, applicable=False, by=by, **data)


def _make_applicable_again(decision, *, by, reason=""):
    services.applicability_set(
        org=decision.organisation, requirement=decision.requirement, applicable=True, by=by, reason=reason
    )


@org_schema
class ApplicabilityViewSet(OrgViewSet):
    """The organisation's not-applicable list; deleting an entry makes the requirement applicable again."""

    model, serializer_class, filterset_class = Applicability, ApplicabilitySerializer, ApplicabilityFilterSet
    create_service = staticmethod(_declare_not_applicable)
    delete_service = staticmethod(_make_applicable_again)
