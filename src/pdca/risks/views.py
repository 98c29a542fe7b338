"""Risk pages: the register (filters, export, import, PDF), a risk (scores, sources, actions, evaluations,
history), the heat map (inherent and residual), actions raised from a risk, and effectiveness evaluations."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pdca.core import exceptions, exports
from pdca.core.models import Action
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.core.views.base import OrgView
from pdca.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    add_errors,
    empty_filter_fields,
)
from pdca.risks import charts, importing, reports, scoring, selectors, services
from pdca.risks.choices import IMPACT_LABELS, LIKELIHOOD_LABELS, RiskStatus
from pdca.risks.filtersets import ACTIVE, RiskEvaluationFilterSet, RiskFilterSet
from pdca.risks.forms import RiskActionForm, RiskEvaluationForm, RiskForm, RiskImportForm, RiskTransitionForm
from pdca.risks.models import Risk, RiskEvaluation
from pdca.risks.tables import RiskEvaluationTable, RiskExportTable, RiskTable

# --- the register


class RiskList(ObjectListView):
    model, table_class, filterset_class = Risk, RiskTable, RiskFilterSet
    template_name = "risks/risk_list.html"
    title = _("Risks and opportunities")

    def get_queryset(self):
        # Only the columns shown (and exported): a register of thousands builds 50 light rows a page.
        return selectors.risks_for_table(self.org)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in exports.FORMATS:
            self.table_class = RiskExportTable  # numbers and band names in columns of their own
        return super().get(request, *args, **kwargs)

    def get_context(self, filterset, page) -> dict:
        form = filterset.form
        narrowed = [f"{field.label}: {field.value()}" for field in form.hidden_fields() if field.value()]
        context = {**super().get_context(filterset, page), "bands": _band_legend(), "narrowed": narrowed}
        if not filterset.is_bound:  # the register as first opened: the same empty filter bar for everyone
            context["filter_fields_html"] = empty_filter_fields(filterset)
        return context

    def more_actions(self):
        slug = self.org.slug
        actions = [
            (_("Heat map"), reverse("risks:heat_map", args=[slug])),
            (_("PDF"), reverse("risks:register_pdf", args=[slug]) + _query(self.request.GET)),
        ]
        if self.can("add", Risk):
            actions.append((_("Import"), reverse("risks:import", args=[slug])))
        return actions


def _query(params) -> str:
    copy = params.copy()
    copy.pop("page", None)
    return f"?{copy.urlencode()}" if copy else ""


def _page_url(obj) -> str:
    """The page of a source row (context issue, requirement, process), or "" while its app has none."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


class RiskDetail(ObjectDetailView):
    model, table_class = Risk, RiskTable
    template_name = "risks/risk_detail.html"
    detail_fields = ["kind", "owner", "description", "treatment", "treatment_plan", "review_date", "created_at"]

    def get_queryset(self):
        return super().get_queryset().select_related("context_issue", "party_requirement__party", "process")

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        evaluations = selectors.evaluations_of(obj)
        can_change = context["can_change"]
        sources = [
            (label, source, _page_url(source))
            for label, source in (
                (_("Context issue"), obj.context_issue),
                (_("Interested-party requirement"), obj.party_requirement),
                (_("Process"), obj.process),
            )
            if source is not None
        ]
        return {
            **context,
            "sources": sources,
            "actions": selectors.actions_of(obj),
            "evaluations": evaluations,
            "latest_evaluation": evaluations[0] if evaluations else None,
            "likelihood_label": LIKELIHOOD_LABELS[obj.likelihood],
            "impact_label": IMPACT_LABELS[obj.impact],
            "residual_likelihood_label": LIKELIHOOD_LABELS.get(obj.residual_likelihood, ""),
            "residual_impact_label": IMPACT_LABELS.get(obj.residual_impact, ""),
            "can_raise": can_change and obj.status != RiskStatus.CLOSED and self.can("add", Action),
            "can_evaluate": self.can("add", RiskEvaluation),
            "transition_form": RiskTransitionForm(current=obj.status) if can_change else None,
        }


class RiskEdit(ObjectEditView):
    model, form_class = Risk, RiskForm

    def get_form(self, instance, data=None, files=None):
        initial = {}
        if instance is None and data is None:  # "New risk" from a process or context page
            for name in ("context_issue", "party_requirement", "process"):
                if self.request.GET.get(name, "").isdigit():
                    initial[name] = int(self.request.GET[name])
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)

    def save(self, form, instance):
        data, clauses = form.service_data(), form.cleaned_data.get("clauses")
        if instance is None:
            return services.risk_create(org=self.org, data=data, by=self.request.user, clauses=clauses)
        version = form.cleaned_data.get("version")
        return services.risk_update(instance, data=data, by=self.request.user, version=version, clauses=clauses)


class RiskDelete(ObjectDeleteView):
    model = Risk
    delete_service = staticmethod(services.risk_delete)


class RiskTransition(OrgView):
    """Change a risk's status from its page (closing asks for the reason)."""

    model = Risk

    def post(self, request, org_slug, pk):
        risk = self.get_object()
        self.require("change", risk, risk)
        form = RiskTransitionForm(request.POST)
        if form.is_valid():
            try:
                services.risk_transition(
                    risk, status=form.cleaned_data["status"], by=request.user, reason=form.cleaned_data["reason"]
                )
            except exceptions.PdcaError as exc:
                for errors in getattr(exc, "errors", {"": [exc.message]}).values():
                    for message in errors:
                        messages.error(request, message)
            else:
                messages.success(request, _("Status changed to “%(s)s”.") % {"s": risk.get_status_display()})
        else:
            messages.error(request, _("Choose a new status."))
        return HttpResponseRedirect(risk.get_absolute_url())


class RiskActionRaise(OrgView):
    """Raise an action of the risk's treatment in the shared action register."""

    model = Risk
    template_name = "core/object_form.html"

    def dispatch_risk(self):
        risk = self.get_object()
        self.require("change", risk, risk)
        self.require("add", Action)
        return risk

    def get(self, request, org_slug, pk):
        risk = self.dispatch_risk()
        initial = {"owner": risk.owner_id, "title": _("Treatment of %(n)s: ") % {"n": risk.number}}
        return self.show(risk, RiskActionForm(initial=initial, org=self.org))

    def post(self, request, org_slug, pk):
        risk = self.dispatch_risk()
        form = RiskActionForm(request.POST, org=self.org)
        if form.is_valid():
            try:
                action = services.risk_action_raise(risk, data=form.service_data(), by=request.user)
            except exceptions.PdcaError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Action %(n)s raised.") % {"n": action.number})
                return HttpResponseRedirect(risk.get_absolute_url())
        return self.show(risk, form, status=400)

    def show(self, risk, form, status=200):
        context = {
            "form": form,
            "title": _("Raise an action for %(risk)s") % {"risk": risk},
            "cancel_url": risk.get_absolute_url(),
            "model_meta": Action._meta,
        }
        return render(self.request, self.template_name, context, status=status)


# --- the heat map


HEAT_MAP_FILTERS = ("q", "kind", "status", "process_name", "owner_name", "source", "clause", "mine")


class HeatMapView(OrgView):
    """Inherent and residual heat maps of the risks chosen by the register's filters (by default: not closed).
    Each grid is one GROUP BY query; each cell links to the register filtered to it."""

    def get(self, request, org_slug):
        self.require("view", Risk)
        params = request.GET.copy()
        params.setdefault("status", ACTIVE)
        for name in ("likelihood", "impact", "residual_likelihood", "residual_impact", "page", "order"):
            params.pop(name, None)
        filterset = RiskFilterSet(params, queryset=Risk.objects.for_org(self.org), request=request)
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        inherent, _unrated = selectors.heat_map(queryset)
        residual, unrated = selectors.heat_map(queryset, residual=True)
        list_url = reverse("risks:risk_list", args=[self.org.slug])
        base = params.urlencode()
        form = filterset.form
        context = {
            "title": _("Risk heat map"),
            "filter_fields": [form[name] for name in HEAT_MAP_FILTERS],
            "hidden_filters": [
                form[name]
                for name in ("owner", "process", "context_issue", "party_requirement", "party")
                if form[name].value()
            ],
            "maps": [
                _map_context(_("Inherent (before treatment)"), "inherent", inherent, list_url, base, ""),
                _map_context(_("Residual (after treatment)"), "residual", residual, list_url, base, "residual_"),
            ],
            "unrated": unrated,
            "bands": _band_legend(),
            "list_url": f"{list_url}?{base}",
        }
        return render(request, "risks/heat_map.html", context)


def _map_context(title, code, heat: scoring.HeatMap, list_url: str, base: str, prefix: str) -> dict:
    def link(cell):
        query = urlencode({f"{prefix}likelihood": cell.likelihood, f"{prefix}impact": cell.impact})
        return f"{list_url}?{base}&{query}" if base else f"{list_url}?{query}"

    return {"title": title, "code": code, "heat": heat, "table": charts.heat_map_table(heat, code, link)}


def _band_legend() -> list[tuple[str, str, int, int]]:
    legend = []
    for band, _floor in reversed(scoring.BAND_FLOORS):
        low, high = scoring.band_range(band)
        legend.append((str(band), str(band.label), low, high))
    return legend


# --- import and PDF


class RiskImport(OrgView):
    """Bring an existing risk register in from Excel or CSV: every row checked first, then all or nothing."""

    def get(self, request, org_slug):
        self.require("add", Risk)
        if request.GET.get("template") == "xlsx":
            return exports.rows_response(importing.headers(), [importing.example_row()], "xlsx", "risk-register")
        return self.show(RiskImportForm())

    def post(self, request, org_slug):
        self.require("add", Risk)
        form = RiskImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            created = importing.risk_register_import(
                org=self.org, fileobj=upload, filename=upload.name, by=request.user
            )
        except SpreadsheetInvalid as exc:
            return self.show(form, errors=[str(e) for e in exc.errors], status=400)
        except exceptions.PdcaError as exc:
            return self.show(form, errors=[exc.message], status=400)
        messages.success(request, _("%(n)s risks and opportunities imported.") % {"n": len(created)})
        return HttpResponseRedirect(reverse("risks:risk_list", args=[self.org.slug]))

    def show(self, form, errors=(), status=200):
        context = {
            "title": _("Import a risk register"),
            "form": form,
            "errors": errors,
            "columns": importing.COLUMN_HELP,
            "list_url": reverse("risks:risk_list", args=[self.org.slug]),
        }
        return render(self.request, "risks/import.html", context, status=status)


class RiskRegisterPdf(OrgView):
    """The register as filtered on its page, with both heat maps, as a PDF (highest scores first)."""

    def get(self, request, org_slug):
        self.require("view", Risk)
        filterset = RiskFilterSet(request.GET or None, queryset=selectors.risks_for_list(self.org), request=request)
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        response = HttpResponse(reports.register_pdf(self.org, queryset), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{self.org.slug}-risk-register.pdf"'
        return response


# --- effectiveness evaluations


class RiskEvaluationList(ObjectListView):
    model, table_class, filterset_class = RiskEvaluation, RiskEvaluationTable, RiskEvaluationFilterSet
    title = _("Effectiveness evaluations")


class RiskEvaluationDetail(ObjectDetailView):
    model, table_class = RiskEvaluation, RiskEvaluationTable
    detail_fields = [
        "risk",
        "evaluated_on",
        "effectiveness",
        "residual_likelihood",
        "residual_impact",
        "residual_score",
        "comment",
        "evaluated_by",
    ]


class RiskEvaluationEdit(ObjectEditView):
    model, form_class = RiskEvaluation, RiskEvaluationForm
    create_service = staticmethod(services.evaluation_create)
    update_service = staticmethod(services.evaluation_update)

    def get_form(self, instance, data=None, files=None):
        initial = {}
        risk_id = self.request.GET.get("risk", "")
        if instance is None and data is None and risk_id.isdigit():
            risk = Risk.objects.for_org(self.org).filter(pk=int(risk_id)).first()
            if risk is not None:
                initial = {
                    "risk": risk.pk,
                    "residual_likelihood": risk.residual_likelihood or risk.likelihood,
                    "residual_impact": risk.residual_impact or risk.impact,
                }
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)

    def success_url(self, obj) -> str:
        return obj.risk.get_absolute_url() if "pk" not in self.kwargs else super().success_url(obj)


class RiskEvaluationDelete(ObjectDeleteView):
    model = RiskEvaluation
    delete_service = staticmethod(services.evaluation_delete)
