"""Competence and training pages: job roles, competences, role requirements, people's levels, trainings
(with attendance and per-attendee effectiveness), the two competence matrices, a person's profile (gaps,
trainings, retraining flags, awareness) and the awareness overview, plus the people/training import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pdca.core import exceptions, exports
from pdca.core.models import Person, Site
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.core.views.base import OrgView
from pdca.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, add_errors
from pdca.people import importing, matrix_html, selectors, services
from pdca.people.choices import Cell, TrainingStatus
from pdca.people.filtersets import (
    CompetenceFilterSet,
    JobRoleFilterSet,
    PersonCompetenceFilterSet,
    RoleRequirementFilterSet,
    TrainingFilterSet,
)
from pdca.people.forms import (
    AttendeeEvaluateForm,
    AttendeesAddForm,
    AwarenessForm,
    CompetenceForm,
    JobRoleForm,
    PeopleImportForm,
    PersonCompetenceForm,
    ReasonForm,
    RoleRequirementForm,
    TrainingCompleteForm,
    TrainingForm,
)
from pdca.people.models import (
    Competence,
    JobRole,
    ObjectiveAwareness,
    PersonCompetence,
    RetrainingFlag,
    RoleRequirement,
    Training,
    TrainingAttendee,
)
from pdca.people.tables import (
    CompetenceTable,
    JobRoleTable,
    PersonCompetenceTable,
    RoleRequirementTable,
    TrainingTable,
)


def _errors(request, exc: exceptions.PdcaError) -> None:
    for errors in getattr(exc, "errors", {"": [exc.message]}).values():
        for message in errors:
            messages.error(request, message)


class _Links:
    """The app's own buttons beside "New …" on every list."""

    def more_actions(self):
        slug = self.org.slug
        links = [
            (_("Competence matrix"), reverse("people:matrix", args=[slug])),
            (_("Awareness"), reverse("people:awareness", args=[slug])),
        ]
        if self.can("add", PersonCompetence):
            links.append((_("Import"), reverse("people:import", args=[slug])))
        return links


# --- job roles, competences, requirements


class JobRoleList(_Links, ObjectListView):
    model, table_class, filterset_class = JobRole, JobRoleTable, JobRoleFilterSet
    title = _("Job roles")


class JobRoleDetail(ObjectDetailView):
    model, table_class = JobRole, JobRoleTable
    template_name = "people/jobrole_detail.html"
    detail_fields = ["name", "process", "purpose"]

    def get_context(self, obj) -> dict:
        return {
            **super().get_context(obj),
            "requirements": list(obj.requirements.select_related("competence").order_by("competence__name")),
            "holders": list(obj.people.order_by("name")[:200]),
            "documents": list(obj.documents.select_related("current_revision").order_by("number")),
            "can_add_requirement": self.can("add", RoleRequirement),
        }


class JobRoleEdit(ObjectEditView):
    model, form_class = JobRole, JobRoleForm
    create_service = staticmethod(services.row_create)
    update_service = staticmethod(services.row_update)


class JobRoleDelete(ObjectDeleteView):
    model = JobRole
    delete_service = staticmethod(services.row_delete)


class CompetenceList(_Links, ObjectListView):
    model, table_class, filterset_class = Competence, CompetenceTable, CompetenceFilterSet
    title = _("Competences")


class CompetenceDetail(ObjectDetailView):
    model, table_class = Competence, CompetenceTable
    template_name = "people/competence_detail.html"
    detail_fields = ["name", "category", "description", "requalify_months"]

    def get_context(self, obj) -> dict:
        return {
            **super().get_context(obj),
            "requirements": list(obj.requirements.select_related("role").order_by("role__name")),
            "holder_count": obj.holders.count(),
            "holders_url": reverse("people:personcompetence_list", args=[self.org.slug]) + f"?competence={obj.pk}",
        }


class CompetenceEdit(ObjectEditView):
    model, form_class = Competence, CompetenceForm
    create_service = staticmethod(services.row_create)
    update_service = staticmethod(services.row_update)


class CompetenceDelete(ObjectDeleteView):
    model = Competence
    delete_service = staticmethod(services.row_delete)


class RoleRequirementList(_Links, ObjectListView):
    model, table_class, filterset_class = RoleRequirement, RoleRequirementTable, RoleRequirementFilterSet
    title = _("Role requirements")


class RoleRequirementDetail(ObjectDetailView):
    model, table_class = RoleRequirement, RoleRequirementTable
    detail_fields = ["role", "competence", "required_level", "note"]


class RoleRequirementEdit(ObjectEditView):
    model, form_class = RoleRequirement, RoleRequirementForm
    create_service = staticmethod(services.row_create)
    update_service = staticmethod(services.row_update)

    def get_form(self, instance, data=None, files=None):
        initial = {}
        for name in ("role", "competence"):
            if instance is None and data is None and self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)


class RoleRequirementDelete(ObjectDeleteView):
    model = RoleRequirement
    delete_service = staticmethod(services.row_delete)


# --- people's levels


class PersonCompetenceList(_Links, ObjectListView):
    model, table_class, filterset_class = PersonCompetence, PersonCompetenceTable, PersonCompetenceFilterSet
    title = _("People's competences")


class PersonCompetenceDetail(ObjectDetailView):
    model, table_class = PersonCompetence, PersonCompetenceTable
    detail_fields = [
        "person",
        "competence",
        "level",
        "evidence_kind",
        "evidence",
        "record",
        "training",
        "assessed_on",
        "assessed_by",
        "valid_until",
    ]


class PersonCompetenceEdit(ObjectEditView):
    model, form_class = PersonCompetence, PersonCompetenceForm
    create_service = staticmethod(services.competence_assess)
    update_service = staticmethod(services.competence_reassess)

    def get_form(self, instance, data=None, files=None):
        initial = {}
        for name in ("person", "competence"):
            if instance is None and data is None and self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)


class PersonCompetenceDelete(ObjectDeleteView):
    model = PersonCompetence
    delete_service = staticmethod(services.row_delete)


# --- trainings


class TrainingList(_Links, ObjectListView):
    model, table_class, filterset_class = Training, TrainingTable, TrainingFilterSet
    title = _("Trainings")

    def get_queryset(self):
        return selectors.trainings_for_table(self.org)


class TrainingDetail(ObjectDetailView):
    model, table_class = Training, TrainingTable
    template_name = "people/training_detail.html"
    detail_fields = [
        "kind",
        "owner",
        "provider",
        "planned_on",
        "completed_on",
        "evaluate_by",
        "target_level",
        "description",
        "record",
    ]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        can_change = context["can_change"]
        attendees = list(obj.attendees.select_related("person", "evaluated_by"))
        return {
            **context,
            "attendees": attendees,
            "competences": list(obj.competences.order_by("name")),
            "documents": list(obj.documents.order_by("number")),
            "can_add_people": can_change and obj.status == TrainingStatus.PLANNED,
            "can_complete": can_change and obj.status == TrainingStatus.PLANNED and attendees,
            "can_cancel": can_change and obj.status == TrainingStatus.PLANNED,
            "can_evaluate": can_change and obj.status in (TrainingStatus.COMPLETED, TrainingStatus.EVALUATED),
            "add_form": AttendeesAddForm(org=self.org) if can_change and obj.status == TrainingStatus.PLANNED else None,
            "complete_form": TrainingCompleteForm(training=obj) if can_change else None,
            "evaluate_form": AttendeeEvaluateForm(),
        }


class TrainingEdit(ObjectEditView):
    model, form_class = Training, TrainingForm
    update_service = staticmethod(services.training_update)

    def save(self, form, instance):
        data = form.service_data()
        if instance is None:
            data["attendees"] = list(form.cleaned_data.get("attendees") or [])
            return services.training_create(org=self.org, data=data, by=self.request.user)
        version = form.cleaned_data.get("version")
        return services.training_update(instance, data=data, by=self.request.user, version=version)


class TrainingDelete(ObjectDeleteView):
    model = Training
    delete_service = staticmethod(services.training_delete)


class TrainingStep(OrgView):
    """The buttons of a training's page: add attendees, complete, cancel, evaluate an attendee."""

    model = Training

    def post(self, request, org_slug, pk, step):
        training = self.get_object()
        self.require("change", training, training)
        try:
            getattr(self, f"do_{step}")(training)  # the step comes from urls.py, never from the request
        except exceptions.PdcaError as exc:
            _errors(request, exc)
        return HttpResponseRedirect(training.get_absolute_url())

    def do_attendees(self, training):
        form = AttendeesAddForm(self.request.POST, org=self.org)
        if not form.is_valid():
            messages.error(self.request, _("Choose the people to add."))
            return
        n = services.attendees_add(training, people=form.cleaned_data["people"], by=self.request.user)
        messages.success(self.request, _("%(n)s attendees added.") % {"n": n})

    def do_complete(self, training):
        form = TrainingCompleteForm(self.request.POST, training=training)
        if not form.is_valid():
            messages.error(self.request, _("Check the dates."))
            return
        services.training_complete(
            training,
            by=self.request.user,
            completed_on=form.cleaned_data["completed_on"],
            evaluate_by=form.cleaned_data["evaluate_by"],
            absent=form.cleaned_data["absent"],
        )
        messages.success(self.request, _("Training completed: evaluate its effectiveness per attendee."))

    def do_cancel(self, training):
        form = ReasonForm(self.request.POST)
        form.is_valid()
        services.training_cancel(training, by=self.request.user, reason=form.cleaned_data.get("reason", ""))
        messages.success(self.request, _("Training cancelled."))

    def do_evaluate(self, training):
        form = AttendeeEvaluateForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Choose the effectiveness."))
            return
        attendee = get_object_or_404(TrainingAttendee, training=training, pk=form.cleaned_data["attendee"])
        services.attendee_evaluate(
            attendee,
            by=self.request.user,
            effectiveness=form.cleaned_data["effectiveness"],
            level_reached=form.cleaned_data["level_reached"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(self.request, _("Evaluation of %(p)s recorded.") % {"p": attendee.person})


# --- matrices


class MatrixView(OrgView):
    """People × competences (actual against required, coloured) or roles × competences (required levels).

    Built from a few `values_list` queries and rendered in Python (matrix_html): 500 people × 60
    competences are 30,000 cells, too many for a template loop."""

    page_size = 500

    def get(self, request, org_slug):
        self.require("view", PersonCompetence)
        params = request.GET
        site, role, process = (_int(params.get(n)) for n in ("site", "role", "process"))
        competences = selectors.competences_for_matrix(self.org, role=role, process=process)
        slug = self.org.slug
        context = {
            "title": _("Competence matrix"),
            "view": "roles" if params.get("view") == "roles" else "people",
            "sites": Site.objects.filter(organisation=self.org).order_by("name").values_list("pk", "name"),
            "roles": JobRole.objects.filter(organisation=self.org).order_by("name").values_list("pk", "name"),
            "chosen": {"site": site, "role": role, "process": process, "q": params.get("q", "")},
            "legend": [(c.value or "none", c.label) for c in Cell],
            "profile_url": reverse("people:profile", args=[slug, 0])[:-2],
        }
        if context["view"] == "roles":
            roles, comps, levels = selectors.role_matrix(self.org, competences)
            context["table"] = matrix_html.roles(roles, comps, levels, reverse("people:jobrole_list", args=[slug]))
            return render(request, "people/matrix.html", context)
        people = selectors.people_for_matrix(self.org, site=site, role=role, process=process, q=params.get("q", ""))
        page = Paginator(people.values_list("pk", flat=True), self.page_size).get_page(params.get("page"))
        start = (page.number - 1) * self.page_size
        matrix = selectors.people_matrix(self.org, people, competences, start=start, stop=start + self.page_size)
        table, counts = matrix_html.people(matrix, context["profile_url"])
        context.update(page=page, counts=counts, table=table, query_without_page=_query_without(params, "page"))
        return render(request, "people/matrix.html", context)


def _int(value):
    return int(value) if value and str(value).isdigit() and len(str(value)) < 18 else None


def _query_without(params, *names) -> str:
    copy = params.copy()
    for name in names:
        copy.pop(name, None)
    return copy.urlencode()


# --- a person's profile and awareness


class ProfileView(OrgView):
    """One person: roles, every competence required or held (gaps first), trainings, retraining flags,
    awareness of the policy and of their objectives. Readers of the registers see anybody's; everyone
    sees their own."""

    model = Person  # the row its address names (for the URL walk's tenancy checks)

    def get_person(self, pk):
        person = get_object_or_404(Person.objects.select_related("site", "manager"), organisation=self.org, pk=pk)
        if not (self.can("view", PersonCompetence) or person.user_id == self.request.user.pk):
            raise PermissionDenied
        return person

    def get(self, request, org_slug, pk):
        person = self.get_person(pk)
        return render(request, "people/profile.html", self.context(person))

    def context(self, person, awareness_form=None):
        from pdca.objectives.models import QualityObjective

        data = selectors.profile(person)
        aware = selectors.awareness(self.org, [person.pk])
        row = aware["rows"][person.pk]
        relevant = selectors.relevant_objectives(self.org, [person.pk])[person.pk]
        objectives = QualityObjective.objects.filter(pk__in=relevant).order_by("number")
        known = dict(ObjectiveAwareness.objects.filter(person=person).values_list("objective_id", "acknowledged_on"))
        can_record = self.can("add", ObjectiveAwareness)
        return {
            **data,
            "title": person.name,
            "person": person,
            "policy": aware["policy"],
            "policy_acknowledged": row["policy"],
            "objectives": [(o, known.get(o.pk)) for o in objectives],
            "awareness_form": awareness_form or (self._awareness_form(objectives, known) if can_record else None),
            "can_assess": self.can("add", PersonCompetence),
            "can_acknowledge": person.user_id == self.request.user.pk
            or self.request.user.has_perm("documents.acknowledge_for_others", self.org),
        }

    @staticmethod
    def _awareness_form(objectives, known):
        form = AwarenessForm(objectives=objectives.exclude(pk__in=known))
        if not form.fields["objectives"].queryset.exists():
            del form.fields["objectives"]  # nothing left to explain
        return form

    def post(self, request, org_slug, pk):
        from pdca.objectives.models import QualityObjective

        person = self.get_person(pk)
        if "flag" in request.POST:
            flag = get_object_or_404(
                RetrainingFlag, organisation=self.org, person=person, pk=_int(request.POST["flag"])
            )
            try:
                services.flag_acknowledge(flag, by=request.user)
            except exceptions.PdcaError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Revision acknowledged: the retraining flag is cleared."))
            return HttpResponseRedirect(request.path)
        self.require("add", ObjectiveAwareness)
        relevant = selectors.relevant_objectives(self.org, [person.pk])[person.pk]
        form = AwarenessForm(request.POST, objectives=QualityObjective.objects.filter(pk__in=relevant))
        if form.is_valid():
            try:
                n = services.awareness_record(
                    person,
                    by=request.user,
                    policy=form.cleaned_data["policy"],
                    objectives=form.cleaned_data["objectives"],
                )
            except exceptions.PdcaError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("%(n)s acknowledgements recorded.") % {"n": n})
                return HttpResponseRedirect(request.path)
        return render(request, "people/profile.html", self.context(person, form), status=400)


class AwarenessView(OrgView):
    """Awareness (7.3): for each person, the quality policy acknowledged and their objectives explained."""

    paginate_by = 100

    def get(self, request, org_slug):
        self.require("view", ObjectiveAwareness)
        people = Person.objects.filter(organisation=self.org, is_active=True).order_by("name", "pk")
        if request.GET.get("q"):
            people = people.filter(name__icontains=request.GET["q"])
        page = Paginator(people.values_list("pk", "name"), self.paginate_by).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        aware = selectors.awareness(self.org, [pk for pk, _name in rows])
        missing = request.GET.get("missing") == "1"
        lines = [(pk, name, aware["rows"][pk]) for pk, name in rows]
        if missing:
            lines = [line for line in lines if not line[2]["policy"] or line[2]["missing_objectives"]]
        context = {
            "title": _("Awareness"),
            "policy": aware["policy"],
            "lines": lines,
            "page": page,
            "missing": missing,
            "q": request.GET.get("q", ""),
            "query_without_page": _query_without(request.GET, "page"),
            "profile_url": reverse("people:profile", args=[self.org.slug, 0])[:-2],
        }
        return render(request, "people/awareness.html", context)


# --- import


class PeopleImport(OrgView):
    """Bring an existing people and training matrix in from Excel or CSV: all rows checked, then all or none."""

    def get(self, request, org_slug):
        self.require("add", PersonCompetence)
        if request.GET.get("template") == "xlsx":
            return exports.rows_response(importing.headers(), importing.example_rows(), "xlsx", "training-matrix")
        return self.show(PeopleImportForm())

    def post(self, request, org_slug):
        self.require("add", PersonCompetence)
        form = PeopleImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            result = importing.matrix_import(org=self.org, fileobj=upload, filename=upload.name, by=request.user)
        except SpreadsheetInvalid as exc:
            return self.show(form, errors=[str(e) for e in exc.errors], status=400)
        except exceptions.PdcaError as exc:
            return self.show(form, errors=[exc.message], status=400)
        messages.success(
            request,
            _("Imported %(a)s assessments (%(p)s new people, %(c)s new competences).")
            % {"a": result["assessments"], "p": result["people"], "c": result["competences"]},
        )
        return HttpResponseRedirect(reverse("people:matrix", args=[self.org.slug]))

    def show(self, form, errors=(), status=200):
        context = {
            "title": _("Import a people and training matrix"),
            "form": form,
            "errors": errors,
            "columns": importing.COLUMN_HELP,
            "list_url": reverse("people:matrix", args=[self.org.slug]),
        }
        return render(self.request, "people/import.html", context, status=status)
