"""Supplier pages: the supplier list (filters, export, import), a supplier (status workflow, score trend,
certificates, evaluations, SCARs, history), certificates (expiring filter), evaluation criteria and
their weights, evaluations with a score per criterion, SCARs and their steps, and the settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import exceptions, exports
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
from pdca.suppliers import charts, importing, selectors, services
from pdca.suppliers.choices import TIER_MEANINGS, Tier
from pdca.suppliers.filtersets import (
    CertificateFilterSet,
    CriterionFilterSet,
    EvaluationFilterSet,
    ScarFilterSet,
    SupplierFilterSet,
)
from pdca.suppliers.forms import (
    CertificateForm,
    CriterionForm,
    EvaluationForm,
    ScarForm,
    ScarTransitionForm,
    SettingsForm,
    SupplierForm,
    SupplierImportForm,
    SupplierTransitionForm,
    WeightsForm,
)
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation
from pdca.suppliers.tables import (
    CertificateTable,
    CriterionTable,
    EvaluationTable,
    ScarTable,
    SupplierExportTable,
    SupplierTable,
)


def _report(request, exc: exceptions.PdcaError) -> None:
    for errors in getattr(exc, "errors", {"": [exc.message]}).values():
        for message in errors:
            messages.error(request, message)


# --- the supplier list


class SupplierList(ObjectListView):
    model, table_class, filterset_class = Supplier, SupplierTable, SupplierFilterSet
    template_name = "suppliers/supplier_list.html"
    title = _("Suppliers")

    def get_queryset(self):
        return selectors.suppliers_for_table(self.org)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in exports.FORMATS:
            self.table_class = SupplierExportTable
        return super().get(request, *args, **kwargs)

    def get_context(self, filterset, page) -> dict:
        context = super().get_context(filterset, page)
        if not filterset.is_bound:  # the list as first opened: the same empty filter bar for everyone
            context["filter_fields_html"] = empty_filter_fields(filterset)
        return context

    def more_actions(self):
        slug, actions = self.org.slug, []
        actions.append((_("Certificates"), reverse("suppliers:suppliercertificate_list", args=[slug])))
        actions.append((_("SCARs"), reverse("suppliers:scar_list", args=[slug])))
        if self.can("add", Supplier):
            actions.append((_("Import"), reverse("suppliers:import", args=[slug])))
        return actions


class SupplierDetail(ObjectDetailView):
    model, table_class = Supplier, SupplierTable
    template_name = "suppliers/supplier_detail.html"
    detail_fields = [
        "supplies",
        "kind",
        "tier",
        "owner",
        "contact_name",
        "contact_email",
        "contact_phone",
        "address",
        "website",
        "approved_on",
        "last_evaluated_on",
        "next_evaluation_due",
        "notes",
    ]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        settings = services.settings_of(self.org)
        may_read = self.can("view", SupplierEvaluation)
        trend = selectors.trend_of(obj) if may_read else []
        approve = self.request.user.has_perm("suppliers.approve_supplier", self.org)
        title = _("%(s)s: weighted score per evaluation") % {"s": obj.name}
        return {
            **context,
            "settings": settings,
            "tier_meaning": TIER_MEANINGS.get(Tier(obj.tier), ""),
            "processes": list(obj.processes.order_by("name").only("id", "name", "organisation_id")),
            "can_read_evaluations": may_read,
            "trend_svg": charts.trend(trend, threshold=settings.threshold, good_from=settings.good_from, title=title)
            if may_read
            else "",
            "averages": selectors.criterion_averages(obj) if may_read else [],
            "evaluations": selectors.evaluations_of(obj, limit=10) if may_read else [],
            "scars": selectors.scars_of(obj) if may_read else [],
            "certificates": selectors.certificates_of(obj),
            "can_evaluate": self.can("add", SupplierEvaluation),
            "can_add_certificate": self.can("add", SupplierCertificate),
            "can_raise_scar": self.can("add", Scar),
            "transition_form": SupplierTransitionForm(current=obj.status) if approve else None,
            "today": timezone.localdate(),
        }


class SupplierEdit(ObjectEditView):
    model, form_class = Supplier, SupplierForm
    create_service = staticmethod(services.supplier_create)
    update_service = staticmethod(services.supplier_update)


class SupplierDelete(ObjectDeleteView):
    model = Supplier
    delete_service = staticmethod(services.supplier_delete)


class SupplierTransition(OrgView):
    """Approve, put on watch, make conditional, disqualify or re-qualify a supplier (with a reason)."""

    model = Supplier

    def post(self, request, org_slug, pk):
        supplier = self.get_object()
        if not request.user.has_perm("suppliers.approve_supplier", self.org):
            raise PermissionDenied
        form = SupplierTransitionForm(request.POST)
        if form.is_valid():
            try:
                services.supplier_transition(
                    supplier, status=form.cleaned_data["status"], by=request.user, reason=form.cleaned_data["reason"]
                )
            except exceptions.PdcaError as exc:
                _report(request, exc)
            else:
                messages.success(request, _("Status changed to “%(s)s”.") % {"s": supplier.get_status_display()})
        else:
            messages.error(request, _("Choose a new status and give the reason."))
        return HttpResponseRedirect(supplier.get_absolute_url())


class SupplierImport(OrgView):
    """Bring an existing approved supplier list in from Excel or CSV: every row checked, then all or nothing."""

    def get(self, request, org_slug):
        self.require("add", Supplier)
        if request.GET.get("template") == "xlsx":
            return exports.rows_response(importing.headers(), [importing.example_row()], "xlsx", "supplier-list")
        return self.show(SupplierImportForm())

    def post(self, request, org_slug):
        self.require("add", Supplier)
        form = SupplierImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            created = importing.supplier_list_import(
                org=self.org, fileobj=upload, filename=upload.name, by=request.user
            )
        except SpreadsheetInvalid as exc:
            return self.show(form, errors=[str(e) for e in exc.errors], status=400)
        except exceptions.PdcaError as exc:
            return self.show(form, errors=[exc.message], status=400)
        messages.success(request, _("%(n)s suppliers imported.") % {"n": len(created)})
        return HttpResponseRedirect(reverse("suppliers:supplier_list", args=[self.org.slug]))

    def show(self, form, errors=(), status=200):
        context = {
            "title": _("Import a supplier list"),
            "form": form,
            "errors": errors,
            "columns": importing.COLUMN_HELP,
            "list_url": reverse("suppliers:supplier_list", args=[self.org.slug]),
        }
        return render(self.request, "suppliers/import.html", context, status=status)


class SupplierSettings(OrgView):
    """Re-evaluation interval per tier, the threshold that raises a SCAR, the certificate warning."""

    required_perm = "suppliers.change_settings"

    def get(self, request, org_slug):
        return self.show(SettingsForm(initial=SettingsForm.initial_for(services.settings_of(self.org))))

    def post(self, request, org_slug):
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_update(org=self.org, by=request.user, **form.service_data())
            except exceptions.ValidationFailed as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("suppliers:settings", args=[self.org.slug]))
        return self.show(form, status=400)

    def show(self, form, status=200):
        context = {
            "form": form,
            "title": _("Supplier evaluation settings"),
            "tiers": [(t.label, TIER_MEANINGS[t]) for t in Tier],
            "criteria_url": reverse("suppliers:evaluationcriterion_list", args=[self.org.slug]),
            "cancel_url": reverse("suppliers:supplier_list", args=[self.org.slug]),
        }
        return render(self.request, "suppliers/settings.html", context, status=status)


# --- certificates


class CertificateList(ObjectListView):
    model, table_class, filterset_class = SupplierCertificate, CertificateTable, CertificateFilterSet
    title = _("Supplier certificates")


class CertificateDetail(ObjectDetailView):
    model, table_class = SupplierCertificate, CertificateTable
    detail_fields = ["supplier", "standard", "certificate_number", "issuer", "scope", "valid_from", "valid_until"]

    def get_context(self, obj):
        return {**super().get_context(obj), "no_files": _("Attach the certificate's scan here.")}


class CertificateEdit(ObjectEditView):
    model, form_class = SupplierCertificate, CertificateForm
    create_service = staticmethod(services.certificate_create)
    update_service = staticmethod(services.certificate_update)

    def get_form(self, instance, data=None, files=None):
        initial = _supplier_initial(self)
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)


class CertificateDelete(ObjectDeleteView):
    model = SupplierCertificate
    delete_service = staticmethod(services.certificate_delete)


def _supplier_initial(view) -> dict:
    supplier_id = view.request.GET.get("supplier", "")
    return {"supplier": int(supplier_id)} if "pk" not in view.kwargs and supplier_id.isdigit() else {}


# --- evaluation criteria


class CriterionList(ObjectListView):
    model, table_class, filterset_class = EvaluationCriterion, CriterionTable, CriterionFilterSet
    template_name = "suppliers/criterion_list.html"
    title = _("Evaluation criteria")

    def get_context(self, filterset, page):
        criteria = list(EvaluationCriterion.objects.for_org(self.org).order_by("position", "name"))
        total = sum(c.weight for c in criteria if c.active)
        can_change = self.can("change", EvaluationCriterion)
        return {
            **super().get_context(filterset, page),
            "total": total,
            "has_active": any(c.active for c in criteria),
            "weights_url": reverse("suppliers:weights", args=[self.org.slug]),
            "can_change": can_change,
            "can_seed": can_change and not criteria,
        }


class CriterionDetail(ObjectDetailView):
    model, table_class = EvaluationCriterion, CriterionTable


class CriterionEdit(ObjectEditView):
    model, form_class = EvaluationCriterion, CriterionForm
    create_service = staticmethod(services.criterion_create)
    update_service = staticmethod(services.criterion_update)


class CriterionDelete(ObjectDeleteView):
    model = EvaluationCriterion
    delete_service = staticmethod(services.criterion_delete)


class CriteriaWeights(OrgView):
    """All criteria's weights and active flags in one form (the active ones must total 100 %); with no
    criteria yet, one button creates the usual four."""

    def criteria(self):
        return list(EvaluationCriterion.objects.for_org(self.org).order_by("position", "name"))

    def get(self, request, org_slug):
        self.require("change", EvaluationCriterion)
        return self.show(WeightsForm(criteria=self.criteria()))

    def post(self, request, org_slug):
        self.require("change", EvaluationCriterion)
        if request.POST.get("defaults"):
            try:
                services.criteria_defaults_create(org=self.org, by=request.user)
            except exceptions.PdcaError as exc:
                _report(request, exc)
            return HttpResponseRedirect(reverse("suppliers:evaluationcriterion_list", args=[self.org.slug]))
        form = WeightsForm(request.POST, criteria=self.criteria())
        if form.is_valid():
            try:
                services.criteria_weights_set(org=self.org, weights=form.weights(), by=request.user)
            except exceptions.ValidationFailed as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Weights saved."))
                return HttpResponseRedirect(reverse("suppliers:evaluationcriterion_list", args=[self.org.slug]))
        return self.show(form, status=400)

    def show(self, form, status=200):
        context = {
            "form": form,
            "title": _("Criterion weights"),
            "cancel_url": reverse("suppliers:evaluationcriterion_list", args=[self.org.slug]),
        }
        return render(self.request, "suppliers/weights.html", context, status=status)


# --- evaluations


class EvaluationList(ObjectListView):
    model, table_class, filterset_class = SupplierEvaluation, EvaluationTable, EvaluationFilterSet
    template_name = "suppliers/supplier_list.html"
    title = _("Supplier evaluations")


class EvaluationDetail(ObjectDetailView):
    model, table_class = SupplierEvaluation, EvaluationTable
    template_name = "suppliers/evaluation_detail.html"
    detail_fields = ["supplier", "period", "evaluated_on", "evaluated_by", "score", "band", "comment"]

    def get_context(self, obj):
        return {
            **super().get_context(obj),
            "scores": selectors.scores_of(obj),
            "scars": list(obj.scars.all()),
        }


class EvaluationEdit(ObjectEditView):
    model, form_class = SupplierEvaluation, EvaluationForm

    def get_form(self, instance, data=None, files=None):
        if instance is None:
            criteria = [(c, c.weight) for c in services.active_criteria(self.org)]
            scores = None
        else:
            rows = selectors.scores_of(instance)
            criteria = [(r.criterion, r.weight) for r in rows]
            scores = {r.criterion_id: r.score for r in rows}
        return self.form_class(
            data,
            files,
            instance=instance,
            org=self.org,
            initial=_supplier_initial(self),
            criteria=criteria,
            scores=scores,
        )

    def save(self, form, instance):
        data, scores = form.service_data(), form.scores()
        if instance is None:
            return services.evaluation_create(org=self.org, data=data, by=self.request.user, scores=scores)
        version = form.cleaned_data.get("version")
        return services.evaluation_update(instance, data=data, by=self.request.user, version=version, scores=scores)

    def render_form(self, form, instance, conflict=False, status=200):
        if instance is None and not form.criteria:
            messages.warning(self.request, _("No active evaluation criteria: set them up first."))
        return super().render_form(form, instance, conflict=conflict, status=status)

    def success_url(self, obj) -> str:
        return obj.supplier.get_absolute_url() if "pk" not in self.kwargs else super().success_url(obj)


class EvaluationDelete(ObjectDeleteView):
    model = SupplierEvaluation
    delete_service = staticmethod(services.evaluation_delete)


# --- SCARs


class ScarList(ObjectListView):
    model, table_class, filterset_class = Scar, ScarTable, ScarFilterSet
    title = _("Supplier corrective action requests")


class ScarDetail(ObjectDetailView):
    model, table_class = Scar, ScarTable
    template_name = "suppliers/scar_detail.html"
    detail_fields = ["supplier", "evaluation", "problem", "owner", "issued_on", "response_due"]

    def get_context(self, obj):
        context = super().get_context(obj)
        return {
            **context,
            "transition_form": ScarTransitionForm(current=obj.status) if context["can_change"] else None,
        }


class ScarEdit(ObjectEditView):
    model, form_class = Scar, ScarForm
    create_service = staticmethod(services.scar_create)
    update_service = staticmethod(services.scar_update)

    def get_form(self, instance, data=None, files=None):
        return self.form_class(data, files, instance=instance, org=self.org, initial=_supplier_initial(self))


class ScarDelete(ObjectDeleteView):
    model = Scar
    delete_service = staticmethod(services.scar_delete)


class ScarTransition(OrgView):
    model = Scar

    def post(self, request, org_slug, pk):
        scar = self.get_object()
        self.require("change", scar, scar)
        form = ScarTransitionForm(request.POST)
        if form.is_valid():
            try:
                services.scar_transition(scar, by=request.user, **form.cleaned_data)
            except exceptions.PdcaError as exc:
                _report(request, exc)
            else:
                messages.success(
                    request, _("%(n)s is now “%(s)s”.") % {"n": scar.number, "s": scar.get_status_display()}
                )
        else:
            messages.error(request, _("Choose the next step."))
        return HttpResponseRedirect(scar.get_absolute_url())
