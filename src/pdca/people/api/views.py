"""Competence and training through the API: roles, competences, requirements, people's levels,
trainings (with attendees, completion, cancellation and per-attendee evaluation) and the matrix."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from pdca.core.api.base import ORG_PARAMETER, OrgViewSet, org_schema
from pdca.core.exceptions import PermissionDenied, ValidationFailed
from pdca.core.models import Person
from pdca.people import selectors, services
from pdca.people.api import serializers as s
from pdca.people.filtersets import (
    CompetenceFilterSet,
    JobRoleFilterSet,
    PersonCompetenceFilterSet,
    RoleRequirementFilterSet,
    TrainingFilterSet,
)
from pdca.people.models import Competence, JobRole, PersonCompetence, RoleRequirement, Training, TrainingAttendee


class _Rows(OrgViewSet):
    create_service = staticmethod(services.row_create)
    update_service = staticmethod(services.row_update)
    delete_service = staticmethod(services.row_delete)


@org_schema
class JobRoleViewSet(_Rows):
    model, serializer_class, filterset_class = JobRole, s.JobRoleSerializer, JobRoleFilterSet
    related_ids = ("documents", "people")


@org_schema
class CompetenceViewSet(_Rows):
    model, serializer_class, filterset_class = Competence, s.CompetenceSerializer, CompetenceFilterSet

    @extend_schema(
        parameters=[
            ORG_PARAMETER,
            OpenApiParameter("role", int, description="Only this role's people and competences."),
            OpenApiParameter("site", int),
        ],
        responses=s.MatrixSerializer,
    )
    @action(detail=False, methods=["get"], url_path="matrix")
    def matrix(self, request, *args, **kwargs):
        """People × competences: the required level, the level held and the cell's state, for up to 500
        people (`page`), and the open retraining flags per person."""
        if not request.user.has_perm("people.view_personcompetence", self.org):
            raise PermissionDenied(_("You may not read people's competences."))
        role = _int(request.query_params.get("role"))
        site = _int(request.query_params.get("site"))
        people = selectors.people_for_matrix(self.org, site=site, role=role)
        page = max(_int(request.query_params.get("page")) or 1, 1)
        competences = selectors.competences_for_matrix(self.org, role=role)
        matrix = selectors.people_matrix(self.org, people, competences, start=(page - 1) * 500, stop=page * 500)
        cells = []
        for person, *_rest in matrix.people:
            for competence, *_r in matrix.competences:
                required = matrix.required.get((person, competence), 0)
                held = matrix.held.get((person, competence))
                if required or held is not None:
                    cells.append(
                        {
                            "person": person,
                            "competence": competence,
                            "required": required,
                            "level": held,
                            "state": matrix.state(person, competence),
                        }
                    )
        return Response({"cells": cells, "retraining": {str(k): v for k, v in matrix.flags.items()}})


def _int(value):
    return int(value) if value and str(value).isdigit() and len(str(value)) < 18 else None


@org_schema
class RoleRequirementViewSet(_Rows):
    model, serializer_class, filterset_class = RoleRequirement, s.RoleRequirementSerializer, RoleRequirementFilterSet
    select_related = ("role", "competence")


@org_schema
class PersonCompetenceViewSet(OrgViewSet):
    model, serializer_class, filterset_class = PersonCompetence, s.PersonCompetenceSerializer, PersonCompetenceFilterSet
    create_service = staticmethod(services.competence_assess)
    update_service = staticmethod(services.competence_reassess)
    delete_service = staticmethod(services.row_delete)


@org_schema
class TrainingViewSet(OrgViewSet):
    model, serializer_class, filterset_class = Training, s.TrainingSerializer, TrainingFilterSet
    related_ids = ("competences", "documents")
    create_service = staticmethod(services.training_create)
    update_service = staticmethod(services.training_update)
    delete_service = staticmethod(services.training_delete)

    def get_queryset(self):
        return super().get_queryset().order_by("-planned_on", "-number")

    def _done(self, training):
        return Response(self.get_serializer(self.get_queryset().get(pk=training.pk)).data)

    def _people(self, ids, field):
        people = list(Person.objects.filter(organisation=self.org, pk__in=ids))
        if len(people) != len(set(ids)):
            raise ValidationFailed(
                {field: [_("Select a valid choice. That choice is not one of the available choices.")]}
            )
        return people

    @extend_schema(
        parameters=[ORG_PARAMETER], request=s.AttendeesAddSerializer, responses=s.AttendeeSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"], url_path="attendees")
    def attendees(self, request, *args, **kwargs):
        """GET: the attendees with attendance and effectiveness. POST: add people to a planned training."""
        training = self.get_object()
        if request.method == "POST":
            body = s.AttendeesAddSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            people = self._people(body.validated_data["people"], "people")
            services.attendees_add(training, people=people, by=request.user)
        rows = TrainingAttendee.objects.filter(training=training).order_by("person__name")
        return Response(s.AttendeeSerializer(rows, many=True).data, status=201 if request.method == "POST" else 200)

    @extend_schema(parameters=[ORG_PARAMETER], request=s.TrainingCompleteSerializer, responses=s.TrainingSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        """It took place: everyone not `absent` attended; effectiveness is due by `evaluate_by`."""
        training = self.get_object()
        body = s.TrainingCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        absent = self._people(data.pop("absent"), "absent")
        services.training_complete(training, by=request.user, absent=absent, **data)
        return self._done(training)

    @extend_schema(parameters=[ORG_PARAMETER], request=s.TrainingCancelSerializer, responses=s.TrainingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        training = self.get_object()
        body = s.TrainingCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.training_cancel(training, by=request.user, reason=body.validated_data["reason"])
        return self._done(training)

    @extend_schema(parameters=[ORG_PARAMETER], request=s.AttendeeEvaluateSerializer, responses=s.TrainingSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, *args, **kwargs):
        """Record whether the training worked for one attendee (and the level reached)."""
        training = self.get_object()
        body = s.AttendeeEvaluateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        attendee = get_object_or_404(TrainingAttendee, training=training, pk=data.pop("attendee"))
        services.attendee_evaluate(attendee, by=request.user, **data)
        return self._done(training)
