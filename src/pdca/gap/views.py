"""Gap analysis pages: assessments (results), the scoring screen, applicability, comparison."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from pdca.core import cache, evidence
from pdca.core.choices import Priority
from pdca.core.exceptions import ConcurrentEditError, PdcaError
from pdca.core.models import Person
from pdca.core.views.base import OrgView
from pdca.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, add_errors
from pdca.gap import charts, excel, reports, scoring_rows, selectors, services
from pdca.gap.choices import ASSESSMENT_TRANSITIONS, SCORE_HELP, AssessmentStatus, LikelyFinding, Score, Verdict
from pdca.gap.filtersets import ApplicabilityFilterSet, AssessmentFilterSet, ResponseFilterSet
from pdca.gap.forms import (
    ApplicabilityForm,
    AssessmentForm,
    ChecklistImportForm,
    CompareForm,
    GapSettingsForm,
    RaiseActionForm,
    ResponseForm,
    TransitionForm,
)
from pdca.gap.models import Applicability, Assessment, Response
from pdca.gap.tables import ApplicabilityTable, AssessmentTable


def dashboard_card(request, org) -> str:
    """The home page's gap card: current readiness, verdict, what fails, and the trend."""
    assessment = selectors.latest(org)
    if assessment is None or not request.user.has_perm("gap.view_assessment", org):
        return ""
    results = selectors.results_for(assessment)
    trend = selectors.trend(org, assessment.standard)
    points = [p["readiness"] for p in trend]
    if assessment.status not in (AssessmentStatus.COMPLETED, AssessmentStatus.ARCHIVED):
        points.append(results.overall.readiness)
    return render_to_string(
        "gap/partials/dashboard_card.html",
        {
            "assessment": assessment,
            "results": results,
            "verdict_label": Verdict(results.verdict).label,
            "sparkline": charts.sparkline(points),
            "org": org,
        },
        request=request,
    )


class AssessmentList(ObjectListView):
    model, table_class, filterset_class = Assessment, AssessmentTable, AssessmentFilterSet
    title = _("Gap assessments")


def _create_assessment(model, *, org, data, by):
    copy_from = data.pop("copy_from", None)
    return services.assessment_create(org=org, data=data, by=by, copy_from=copy_from)


class AssessmentEdit(ObjectEditView):
    model, form_class = Assessment, AssessmentForm
    create_service = staticmethod(_create_assessment)
    update_service = staticmethod(services.assessment_update)

    def save(self, form, instance):
        data = form.service_data()
        if instance is None:
            data["copy_from"] = form.cleaned_data.get("copy_from")
            return self.create_service(self.model, org=self.org, data=data, by=self.request.user)
        return self.update_service(instance, data=data, by=self.request.user, version=form.cleaned_data.get("version"))


class AssessmentDelete(ObjectDeleteView):
    model = Assessment


class AssessmentDetail(ObjectDetailView):
    """The results: figures, verdict and why, per-clause chart, likely findings, trend."""

    model, table_class = Assessment, AssessmentTable
    template_name = "gap/assessment_detail.html"
    detail_fields = ["number", "title", "standard", "assessed_on", "status", "summary"]

    def get_context(self, obj) -> dict:
        # The figures, charts and lists are cached by the template under `results_stamp`, which changes
        # with every score: they are worked out only when the cache is cold (SimpleLazyObject).
        results = SimpleLazyObject(lambda: selectors.results_for(obj))
        transitions = [
            (s, AssessmentStatus(s).label)
            for s in AssessmentStatus.values
            if s in ASSESSMENT_TRANSITIONS.get(obj.status, set())
        ]
        return {
            **super().get_context(obj),
            "results_stamp": selectors.results_stamp(obj),
            "results": results,
            "verdict_label": SimpleLazyObject(lambda: Verdict(results.verdict).label),
            "findings": SimpleLazyObject(lambda: {f: results.findings[f.value] for f in LikelyFinding}),
            "clause_chart": SimpleLazyObject(lambda: charts.clause_bars(results)),
            "trend_chart": SimpleLazyObject(lambda: self.trend_chart(obj, results)),
            "transitions": transitions,
            "can_score": obj.is_editable and self.request.user.has_perm("gap.score_assessment", obj),
            # Compare with the latest benchmarks of the same standard (a bounded list, newest first).
            "others": selectors.completed(self.org, obj.standard_id)
            .exclude(pk=obj.pk)
            .order_by("-assessed_on", "-id")
            .values("pk", "number", "assessed_on")[:12],
            "downloads": [("pdf", _("PDF report")), ("docx", _("Word report")), ("xlsx", _("Excel checklist"))],
            "import_form": ChecklistImportForm(),
        }

    def trend_chart(self, obj, results) -> str:
        trend = selectors.trend(self.org, obj.standard_id)
        return charts.trend_line(trend, ready=results.settings["ready_readiness"]) if trend else ""


def _first_open_clause(results) -> str:
    """The first top-level clause with unassessed requirements (or the first clause)."""
    open_clauses = [c for c, f in results.by_clause.items() if f.answered < f.applicable]
    return (open_clauses or list(results.by_clause) or [""])[0]


class ScoringView(OrgView):
    """The scoring screen: clause tree, requirements with guidance, one-key scores (htmx), filters."""

    model = Assessment

    def get(self, request, org_slug, pk):
        assessment = self.get_object(Assessment.objects.select_related("standard"))
        self.require("view", assessment, assessment)
        results = selectors.current_results(assessment)
        # One clause at a time unless asked otherwise: people score clause by clause, and a page of
        # 300 requirements is slow to render and to read.
        params = request.GET.copy() if request.GET else {"clause": _first_open_clause(results)}
        filterset = ResponseFilterSet(params, queryset=Response.objects.filter(assessment=assessment))
        responses = filterset.qs if filterset.is_valid() else filterset.queryset
        can_score = assessment.is_editable and request.user.has_perm("gap.score_assessment", assessment)
        rows = scoring_rows.rows(responses)
        return render(
            request,
            "gap/scoring.html",
            {
                "title": _("Score %(a)s") % {"a": assessment.number},
                "assessment": assessment,
                "rows": rows,
                "rows_html": scoring_rows.RowRenderer(self.org, can_score=can_score).html(rows),
                "filterset": filterset,
                "results": results,
                "scores": Score.choices,
                "score_help": SCORE_HELP,
                "can_score": can_score,
                "clause_links": scoring_rows.clause_links(results),
            },
        )


class ResponseUpdate(OrgView):
    """htmx: GET the details of one requirement (loaded when opened); POST a score or notes, answered
    with the row and the updated figures."""

    model = Response

    def get(self, request, org_slug, pk):
        response = self.get_object(
            Response.objects.select_related("assessment", "requirement", "action", "action__owner")
        )
        self.require("view", response.assessment, response.assessment)
        return render(
            request,
            "gap/partials/response_details.html",
            {
                "row": response,
                "priorities": Priority.choices,
                "can_score": request.user.has_perm("gap.score_assessment", response.assessment),
                "people": Person.objects.filter(organisation=self.org, is_active=True).values_list("name", flat=True),
                "evidence": evidence.item_for(self.org, response.requirement),
                "evidence_labels": evidence.STATUS_LABELS,
            },
        )

    def post(self, request, org_slug, pk):
        related = ("assessment", "requirement__clause", "action")
        response = self.get_object(Response.objects.select_related(*related))
        response.assessment.organisation = self.org
        if not request.user.has_perm("gap.score_assessment", response.assessment):
            raise PermissionDenied
        form = ResponseForm(request.POST)
        error, status = "", 200
        if not form.is_valid():
            error, status = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()), 400
        else:
            # A click sends only the score, a note only its field: only what was sent changes.
            data = {f: form.cleaned_data[f] for f in ResponseForm.FIELDS if f in request.POST}
            try:
                services.response_update(response, data=data, by=request.user, version=form.cleaned_data.get("version"))
            except ConcurrentEditError as exc:
                error, status = exc.message, 409
                response = Response.objects.select_related(*related).get(pk=response.pk)
            except PdcaError as exc:
                error, status = exc.message, 400
        row = scoring_rows.row_of(response)
        return render(
            request,
            "gap/partials/response_row.html",
            {
                "row": scoring_rows.RowRenderer(self.org, can_score=True).html([row], error=error),
                "results": {"overall": selectors.overall_figures(response.assessment)},
                "oob": True,
            },
            status=status,
        )


class RaiseAction(OrgView):
    model = Response

    def post(self, request, org_slug, pk):
        response = self.get_object(Response.objects.select_related("assessment", "requirement"))
        form = RaiseActionForm(request.POST, org=self.org)
        if form.is_valid():
            try:
                services.response_raise_action(response, data=form.cleaned_data, by=request.user)
                messages.success(request, _("Action raised."))
            except PdcaError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, _("Give the action a title, an owner and a due date."))
        return HttpResponseRedirect(
            reverse("gap:assessment_score", kwargs={"org_slug": self.org.slug, "pk": response.assessment_id})
            + f"#r-{response.pk}"
        )


class AssessmentTransition(OrgView):
    model = Assessment

    def post(self, request, org_slug, pk):
        assessment = self.get_object()
        form = TransitionForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_transition(
                    assessment, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"], by=request.user
                )
                messages.success(
                    request,
                    _("%(a)s is now %(s)s.") % {"a": assessment.number, "s": assessment.get_status_display().lower()},
                )
            except PdcaError as exc:
                messages.error(request, exc.message)
        return HttpResponseRedirect(assessment.get_absolute_url())


DOWNLOAD_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class AssessmentDownload(OrgView):
    """The report as PDF or Word, or the checklist as Excel (to fill in offline and import back)."""

    model = Assessment

    def get(self, request, org_slug, pk, fmt):
        assessment = self.get_object(Assessment.objects.select_related("standard"))
        self.require("view", assessment, assessment)
        build = {"pdf": reports.pdf, "docx": reports.docx, "xlsx": excel.export}[fmt]
        # Drawing a full report takes about a second; unchanged inputs give the same file. The key is
        # read before drawing: a change committed meanwhile can make the stored file newer than its
        # key, never older, and the next download already has a new key.
        key = reports.cache_key(assessment, fmt)
        data = cache.files().get_or_set(key, lambda: build(assessment))
        response = HttpResponse(data, content_type=DOWNLOAD_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{self.org.slug}-{assessment.number}.{fmt}"'
        return response


class ChecklistImport(OrgView):
    """Import the Excel checklist filled in offline: every row checked first, all or nothing."""

    model = Assessment

    def post(self, request, org_slug, pk):
        assessment = self.get_object()
        if not request.user.has_perm("gap.score_assessment", assessment):
            raise PermissionDenied
        form = ChecklistImportForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            try:
                summary = excel.import_responses(assessment, form.cleaned_data["file"], by=request.user)
                messages.success(
                    request,
                    _("Imported: %(n)s requirements changed, %(m)s actions.")
                    % {"n": summary["updated"], "m": summary["actions"]},
                )
                return HttpResponseRedirect(assessment.get_absolute_url())
            except excel.SpreadsheetInvalid as exc:
                errors = [str(e) for e in exc.errors]
            except PdcaError as exc:
                errors = [exc.message]
        return render(
            request,
            "gap/import_errors.html",
            {
                "assessment": assessment,
                "errors": errors or [_("Choose the .xlsx file to import.")],
                "title": _("Import not done"),
            },
            status=400,
        )


class GapSettings(OrgView):
    """Verdict thresholds and the likely-finding mapping (organisation settings)."""

    required_perm = "gap.change_settings"

    def get(self, request, org_slug):
        from pdca.gap.scoring import settings_with_defaults

        return self.show(GapSettingsForm(initial=settings_with_defaults(self.org.settings.get("gap"))))

    def post(self, request, org_slug):
        form = GapSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_update(org=self.org, data=form.cleaned_data, by=request.user)
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("gap:settings", kwargs={"org_slug": self.org.slug}))
            except PdcaError as exc:
                add_errors(form, exc)
        return self.show(form, status=400)

    def show(self, form, status=200):
        return render(
            self.request,
            "core/object_form.html",
            {
                "form": form,
                "title": _("Gap analysis settings"),
                "model_meta": Assessment._meta,
                "cancel_url": reverse("gap:assessment_list", kwargs={"org_slug": self.org.slug}),
            },
            status=status,
        )


class CompareView(OrgView):
    required_perm = "gap.view_assessment"

    def get(self, request, org_slug):
        form = CompareForm(request.GET or None, org=self.org)
        comparison = None
        if form.is_bound and form.is_valid():
            comparison = selectors.comparison(form.cleaned_data["before"], form.cleaned_data["after"])
        return render(
            request, "gap/compare.html", {"form": form, "comparison": comparison, "title": _("Compare assessments")}
        )


class ApplicabilityList(ObjectListView):
    model, table_class, filterset_class = Applicability, ApplicabilityTable, ApplicabilityFilterSet
    title = _("Not applicable requirements")


class ApplicabilityDetail(ObjectDetailView):
    model, table_class = Applicability, ApplicabilityTable
    detail_fields = ["requirement", "justification", "accepted_by_cb"]


def _set_applicability(model, *, org, data, by):
    decision = services.applicability_set(
        org=org,
        requirement=data["requirement"],
        applicable=False,
        justification=data["justification"],
        accepted_by_cb=data.get("accepted_by_cb", False),
        by=by,
    )
    return decision


def _update_applicability(obj, *, data, by, version=None):
    from pdca.core import services as core

    return core.object_update(obj, data={k: v for k, v in data.items() if k != "requirement"}, by=by, version=version)


class ApplicabilityEdit(ObjectEditView):
    model, form_class = Applicability, ApplicabilityForm
    create_service = staticmethod(_set_applicability)
    update_service = staticmethod(_update_applicability)

    def success_url(self, obj):
        if not obj.requirement.may_be_not_applicable:
            messages.warning(
                self.request,
                _(
                    "The standard normally expects %(key)s of every organisation. The decision is yours; be ready to "
                    "justify it to the certification body."
                )
                % {"key": obj.requirement.key},
            )
        return super().success_url(obj)


class ApplicabilityDelete(ObjectDeleteView):
    model = Applicability

    @staticmethod
    def delete_service(obj, *, by, reason=""):
        # Deleting the exception makes the requirement applicable again, open assessments included.
        services.applicability_set(
            org=obj.organisation, requirement=obj.requirement, applicable=True, by=by, reason=reason
        )
