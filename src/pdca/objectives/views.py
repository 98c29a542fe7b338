"""Objectives pages: the quality policy and its commitments, the objectives register (with plan actions,
workflow and import), KPIs (trend chart, quick entry of a value, sparklines in the list), measurements
(with import), and a PDF of objectives and KPIs for management review."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import exceptions, exports
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.core.views.base import OrgView
from pdca.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, add_errors
from pdca.objectives import charts, importing, selectors, services
from pdca.objectives.choices import OBJECTIVE_TRANSITIONS, ObjectiveStatus, Performance
from pdca.objectives.filtersets import (
    KPIFilterSet,
    MeasurementFilterSet,
    PolicyCommitmentFilterSet,
    QualityObjectiveFilterSet,
)
from pdca.objectives.forms import (
    ImportForm,
    KPIForm,
    MeasurementForm,
    PlanActionForm,
    PolicyCommitmentForm,
    QualityObjectiveForm,
    QuickMeasurementForm,
    TransitionForm,
)
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.objectives.status import objective_performance, period_label
from pdca.objectives.tables import (
    PERFORMANCE_BADGES,
    KPIMeasurementTable,
    KPITable,
    MeasurementTable,
    PolicyCommitmentTable,
    QualityObjectiveTable,
    performance_label,
)

# --- the quality policy


class PolicyView(OrgView):
    """The quality policy: its effective revision, its commitments and the objectives following from each."""

    def get(self, request, org_slug):
        self.require("view", PolicyCommitment)
        policy = selectors.quality_policy(self.org)
        commitments = selectors.commitments_of(policy) if policy else []
        revision = policy.current_revision if policy else None
        context = {
            "title": _("Quality policy"),
            "policy": policy,
            "revision": revision,
            "content": _content(revision),
            "commitments": commitments,
            "objectives": selectors.objectives_by_commitment(commitments),
            "uncovered": [c for c in commitments if c.is_active and not c.objective_count],
            "can_add": self.can("add", PolicyCommitment),
            "can_view_document": policy is not None and request.user.has_perm("documents.view_document", policy),
        }
        return render(request, "objectives/policy.html", context)


def _content(revision) -> str:
    from django.utils.safestring import mark_safe

    from pdca.documents.content import render_markdown

    if revision is None or not revision.markdown:
        return ""
    return mark_safe(render_markdown(revision.markdown))  # sanitised by nh3 in render_markdown


class PolicyCommitmentList(ObjectListView):
    model, table_class, filterset_class = PolicyCommitment, PolicyCommitmentTable, PolicyCommitmentFilterSet
    title = _("Policy commitments")


class PolicyCommitmentDetail(ObjectDetailView):
    model, table_class = PolicyCommitment, PolicyCommitmentTable
    template_name = "objectives/policycommitment_detail.html"
    detail_fields = ["policy", "order", "title", "text", "is_active"]

    def get_context(self, obj) -> dict:
        objectives = obj.objectives.select_related("owner").order_by("number")
        return {**super().get_context(obj), "objectives": list(objectives)}


class PolicyCommitmentEdit(ObjectEditView):
    model, form_class = PolicyCommitment, PolicyCommitmentForm
    create_service = staticmethod(services.commitment_create)
    update_service = staticmethod(services.commitment_update)

    def get_form(self, instance, data=None, files=None):
        form = super().get_form(instance, data, files)
        if instance is None and not form.is_bound:
            policy = selectors.quality_policy(self.org)
            form.initial.setdefault("policy", policy.pk if policy else None)
        return form


class PolicyCommitmentDelete(ObjectDeleteView):
    model = PolicyCommitment
    delete_service = staticmethod(services.commitment_delete)


# --- objectives


class QualityObjectiveList(ObjectListView):
    model, table_class, filterset_class = QualityObjective, QualityObjectiveTable, QualityObjectiveFilterSet
    title = _("Quality objectives")

    def get_queryset(self):
        queryset = super().get_queryset()
        # An export carries the status of every row: in SQL. A page works it out for its own rows only.
        return queryset.with_performance() if self.request.GET.get("export") in exports.FORMATS else queryset

    def page_table(self, rows):
        rows = list(rows)
        selectors.stored_performance(rows)
        return QualityObjectiveTable(rows)

    def more_actions(self):
        actions = [(_("Quality policy"), reverse("objectives:policy", args=[self.org.slug]))]
        actions.append((_("PDF report"), reverse("objectives:report", args=[self.org.slug])))
        if self.can("add", QualityObjective):
            actions.append((_("Import"), reverse("objectives:objective_import", args=[self.org.slug])))
        return actions


class QualityObjectiveDetail(ObjectDetailView):
    model, table_class = QualityObjective, QualityObjectiveTable
    template_name = "objectives/objective_detail.html"
    detail_fields = ["description", "deadline", "owner", "resources", "evaluation"]

    def get_queryset(self):
        return QualityObjective.objects.select_related("owner")

    def get_context(self, obj) -> dict:
        kpis = selectors.kpis_of(obj)
        recent = selectors.recent_series(kpis)
        statuses = [kpi.status for kpi in kpis if kpi.is_active]
        performance = objective_performance(statuses)
        allowed = OBJECTIVE_TRANSITIONS.get(obj.status, set())
        user = self.request.user
        return {
            **super().get_context(obj),
            "kpis": [_kpi_row(kpi, recent[kpi.pk]) for kpi in kpis],
            "target_text": charts.amount(obj.target, obj.unit),
            "baseline_text": charts.amount(obj.baseline, obj.unit) if obj.baseline is not None else "",
            "performance": performance,
            "performance_label": performance_label(performance),
            "performance_css": PERFORMANCE_BADGES[performance],
            "commitments": list(obj.commitments.select_related("policy").order_by("order")),
            "processes": list(obj.processes.order_by("number")),
            "actions": selectors.actions_of(obj),
            # Moving on first; back to draft (to revise it) last.
            "transitions": [
                (s, ObjectiveStatus(s).label) for s in [*ObjectiveStatus.values[1:], "draft"] if s in allowed
            ],
            "can_transition": self.can("change", obj, obj) or user.has_perm("objectives.approve_objective", obj),
            "transition_form": TransitionForm(),
            "action_form": PlanActionForm(org=self.org),
            "owner_options": _people_options(self.org) if self.can("change", obj, obj) else "",
            "status_css": QualityObjectiveTable([]).css(obj, "status", None),
            "can_add_kpi": self.can("add", KPI),
        }


def _people_options(org) -> str:
    """The <option>s of the organisation's active people, built here: a form widget renders each option
    through a template, which costs ~50 µs an option, and an organisation may have thousands."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from pdca.core.models import Person

    people = Person.objects.filter(organisation=org, is_active=True).order_by("name").values_list("pk", "name")
    return mark_safe("".join(f'<option value="{pk}">{escape(name)}</option>' for pk, name in people))


def _kpi_row(kpi: KPI, points) -> dict:
    status = kpi.status
    return {
        "kpi": kpi,
        "status": status,
        "label": performance_label(status),
        "css": PERFORMANCE_BADGES[status],
        "latest": charts.amount(kpi.latest_value, kpi.unit),
        "period": period_label(kpi.latest_period, kpi.frequency) if kpi.latest_period else "",
        "target": charts.amount(kpi.target, kpi.unit),
        "sparkline": charts.sparkline(kpi, points),
    }


class QualityObjectiveEdit(ObjectEditView):
    model, form_class = QualityObjective, QualityObjectiveForm
    create_service = staticmethod(services.objective_create)
    update_service = staticmethod(services.objective_update)


class QualityObjectiveDelete(ObjectDeleteView):
    model = QualityObjective
    delete_service = staticmethod(services.objective_delete)


class ObjectiveTransition(OrgView):
    """Approve, close, withdraw or reopen an objective from its page."""

    model = QualityObjective

    def post(self, request, org_slug, pk):
        objective = self.get_object()
        self.require("view", objective, objective)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what the objective should become."))
            return HttpResponseRedirect(objective.get_absolute_url())
        try:
            services.objective_transition(objective, by=request.user, **form.cleaned_data)
        except exceptions.PermissionDenied as exc:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied from exc
        except exceptions.PdcaError as exc:
            _message_errors(request, exc)
        else:
            messages.success(
                request,
                _("%(o)s is now %(s)s.") % {"o": objective.number, "s": objective.get_status_display().lower()},
            )
        return HttpResponseRedirect(objective.get_absolute_url())


def _message_errors(request, exc: exceptions.PdcaError) -> None:
    for messages_ in getattr(exc, "errors", {"": [exc.message]}).values():
        for message in messages_:
            messages.error(request, message)


class ObjectivePlanAction(OrgView):
    """Add a plan action (shared action register) to an objective."""

    model = QualityObjective

    def post(self, request, org_slug, pk):
        objective = self.get_object()
        self.require("change", objective, objective)
        form = PlanActionForm(request.POST, org=self.org)
        if form.is_valid():
            try:
                action = services.objective_action_add(objective, data=form.service_data(), by=request.user)
            except exceptions.PdcaError as exc:
                _message_errors(request, exc)
            else:
                messages.success(request, _("Action %(a)s added to the plan.") % {"a": action.number})
        else:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
        return HttpResponseRedirect(objective.get_absolute_url() + "#plan")


class ImportView(OrgView):
    """Bring a spreadsheet in: checked row by row, then imported all or nothing (every bad cell named)."""

    model = None
    service = None
    columns: dict = {}
    template_title = ""
    success_url_name = ""
    example: list = []
    help_text = ""

    def get(self, request, org_slug):
        self.require("add", self.model)
        if request.GET.get("template") == "xlsx":
            headers = [str(label) for label in self.columns.values()]
            return exports.rows_response(headers, [self.example], "xlsx", f"{self.model._meta.model_name}-import")
        return self.show(ImportForm())

    def post(self, request, org_slug):
        self.require("add", self.model)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            created = type(self).service(org=self.org, fileobj=upload, filename=upload.name, by=request.user)
        except SpreadsheetInvalid as exc:
            return self.show(form, errors=[str(e) for e in exc.errors], status=400)
        except exceptions.PdcaError as exc:
            return self.show(form, errors=[exc.message], status=400)
        messages.success(request, _("%(n)s rows imported.") % {"n": len(created)})
        return HttpResponseRedirect(reverse(self.success_url_name, args=[self.org.slug]))

    def show(self, form, errors=(), status=200):
        context = {
            "title": self.template_title,
            "form": form,
            "errors": errors,
            "columns": self.columns.values(),
            "help_text": self.help_text,
            "list_url": reverse(self.success_url_name, args=[self.org.slug]),
            "list_label": self.model._meta.verbose_name_plural,
        }
        return render(self.request, "objectives/import.html", context, status=status)


class ObjectiveImport(ImportView):
    model = QualityObjective
    service = staticmethod(importing.objectives_import)
    columns = importing.OBJECTIVE_COLUMNS
    template_title = _("Import quality objectives")
    success_url_name = "objectives:qualityobjective_list"
    example = [
        "",
        "Deliver on time",
        "Weekly capacity review",
        "Get it right for the customer",
        "",
        "Higher is better",
        95,
        "%",
        88,
        "2026-12-31",
        "",
        "Planner's time",
        "Monthly OTD report",
    ]
    help_text = _(
        "Policy commitments and processes: their names (processes also by number), separated by semicolons. "
        "Direction: “Higher is better” or “Lower is better”. Owner: the name of a person of the organisation. "
        "Dates: YYYY-MM-DD. Every row is checked first: if any cell is wrong, nothing is imported and every "
        "problem is listed. Objectives arrive as drafts, to be approved in pdca."
    )


class MeasurementImport(ImportView):
    model = Measurement
    service = staticmethod(importing.measurements_import)
    columns = importing.MEASUREMENT_COLUMNS
    template_title = _("Import KPI measurements")
    success_url_name = "objectives:measurement_list"
    example = ["KPI-0001", "2026-01-01", 96.5, ""]
    help_text = _(
        "KPI: its number (or its exact name). Period: any day of the period, written YYYY-MM-DD (2026-03-15 is "
        "March for a monthly KPI). Value: a number. A future date, a period given twice, or a period that already "
        "has a value is refused. Every row is checked first: if any is wrong, nothing is imported and every "
        "problem is listed."
    )


# --- KPIs


class KPIList(ObjectListView):
    model, table_class, filterset_class = KPI, KPITable, KPIFilterSet
    title = _("KPIs")

    def more_actions(self):
        actions = [(_("Measurements"), reverse("objectives:measurement_list", args=[self.org.slug]))]
        if self.can("add", Measurement):
            actions.append((_("Import measurements"), reverse("objectives:measurement_import", args=[self.org.slug])))
        return actions

    def page_table(self, rows):
        rows = list(rows)
        recent = selectors.recent_series(rows)
        return KPITable(rows, sparklines={kpi.pk: charts.sparkline(kpi, recent[kpi.pk]) for kpi in rows})


class KPIDetail(ObjectDetailView):
    """A KPI: its trend against target and bands, its measurements, and a quick form for a new value."""

    model, table_class = KPI, KPITable
    template_name = "objectives/kpi_detail.html"
    detail_fields = ["description", "objective", "process", "owner", "frequency", "direction", "data_source"]

    def get_queryset(self):
        return KPI.objects.select_related("objective", "process", "owner")

    def post(self, request, *args, **kwargs):
        kpi = self.get_object(self.get_queryset())
        self.require("add", Measurement)
        form = QuickMeasurementForm(request.POST)
        if form.is_valid():
            try:
                services.measurement_create(org=self.org, data={"kpi": kpi, **form.cleaned_data}, by=request.user)
            except exceptions.PdcaError as exc:
                add_errors(form, exc)
            else:
                day = form.cleaned_data["period"]
                messages.success(request, _("Value recorded for %(p)s.") % {"p": period_label(day, kpi.frequency)})
                return HttpResponseRedirect(kpi.get_absolute_url())
        return render(request, self.template_name, self.get_context(kpi, form), status=400)

    def get_context(self, obj, form=None) -> dict:
        measurements = list(obj.measurements.select_related("entered_by").order_by("-period"))
        points = [selectors._point(obj, m.period, m.value) for m in reversed(measurements)]
        status = obj.status
        table = KPIMeasurementTable(measurements, obj)
        return {
            **super().get_context(obj),
            "chart": charts.trend(obj, points),
            "measurements_body": table.body_html(self._measurement_url()),
            "measurements_headers": table.headers(),
            "measurement_count": len(measurements),
            "status": status,
            "status_label": performance_label(status),
            "status_css": PERFORMANCE_BADGES[status],
            "latest": charts.amount(obj.latest_value, obj.unit),
            "target_text": charts.amount(obj.target, obj.unit),
            "latest_period": period_label(obj.latest_period, obj.frequency) if obj.latest_period else "",
            "thresholds": _thresholds(obj),
            "form": form or QuickMeasurementForm(initial={"period": timezone.localdate()}),
            "can_measure": self.can("add", Measurement),
            "Performance": Performance,
        }

    def _measurement_url(self):
        marker = 2_147_483_647
        head, tail = reverse("objectives:measurement_detail", args=[self.org.slug, marker]).split(str(marker))
        return lambda m: f"{head}{m.pk}{tail}"


def _thresholds(kpi: KPI) -> list[tuple[str, str, str]]:
    """(status label, css, rule) for the three bands, in words."""
    sign = "≥" if kpi.direction == "higher" else "≤"
    worse = "<" if kpi.direction == "higher" else ">"
    green, amber = charts.amount(kpi.green, kpi.unit), charts.amount(kpi.amber, kpi.unit)
    rows = [(performance_label(Performance.ON_TRACK), PERFORMANCE_BADGES["on_track"], f"{sign} {green}")]
    if kpi.amber != kpi.green:
        rule = f"{sign} {amber}"
        rows.append((performance_label(Performance.AT_RISK), PERFORMANCE_BADGES["at_risk"], rule))
    rows.append((performance_label(Performance.OFF_TRACK), PERFORMANCE_BADGES["off_track"], f"{worse} {amber}"))
    return rows


class KPIChart(OrgView):
    """The trend chart alone, as an SVG file (for a slide or another page)."""

    model = KPI

    def get(self, request, org_slug, pk):
        kpi = self.get_object()
        self.require("view", kpi, kpi)
        response = HttpResponse(charts.trend(kpi, selectors.series(kpi)), content_type="image/svg+xml")
        response["Content-Disposition"] = f'inline; filename="{kpi.number}.svg"'
        return response


class KPIEdit(ObjectEditView):
    model, form_class = KPI, KPIForm
    create_service = staticmethod(services.kpi_create)
    update_service = staticmethod(services.kpi_update)

    def get_form(self, instance, data=None, files=None):
        form = super().get_form(instance, data, files)
        objective = self.request.GET.get("objective", "")
        if instance is None and not form.is_bound and objective.isdigit():
            form.initial["objective"] = int(objective)
        return form


class KPIDelete(ObjectDeleteView):
    model = KPI
    delete_service = staticmethod(services.kpi_delete)


# --- measurements


class MeasurementList(ObjectListView):
    model, table_class, filterset_class = Measurement, MeasurementTable, MeasurementFilterSet
    title = _("KPI measurements")

    def more_actions(self):
        if self.can("add", Measurement):
            return [(_("Import"), reverse("objectives:measurement_import", args=[self.org.slug]))]
        return []


class MeasurementDetail(ObjectDetailView):
    model, table_class = Measurement, MeasurementTable
    detail_fields = ["kpi", "period", "value", "note", "source", "entered_by", "created_at"]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        shown = {"period": period_label(obj.period, obj.kpi.frequency), "value": charts.amount(obj.value, obj.kpi.unit)}
        names = self.shown_fields()
        context["fields"] = [(label, shown.get(names[i], value)) for i, (label, value) in enumerate(context["fields"])]
        return context


class MeasurementEdit(ObjectEditView):
    model, form_class = Measurement, MeasurementForm
    create_service = staticmethod(services.measurement_create)
    update_service = staticmethod(services.measurement_update)

    def get_form(self, instance, data=None, files=None):
        form = super().get_form(instance, data, files)
        kpi = self.request.GET.get("kpi", "")
        if instance is None and not form.is_bound and kpi.isdigit():
            form.initial["kpi"] = int(kpi)
        return form


class MeasurementDelete(ObjectDeleteView):
    model = Measurement
    delete_service = staticmethod(services.measurement_delete)


# --- the PDF for management review


class ObjectivesReport(OrgView):
    """Objectives in force with their KPIs and trend charts, as a PDF (the same SVG charts as the pages)."""

    def get(self, request, org_slug):
        from pdca.objectives import reports

        self.require("view", QualityObjective)
        response = HttpResponse(reports.objectives_pdf(self.org), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.org.slug}-quality-objectives.pdf"'
        return response
