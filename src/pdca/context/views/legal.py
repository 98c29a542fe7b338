"""The legal and other requirements register, its compliance checks and its import."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.context import charts, importing, selectors, services
from pdca.context.filtersets import (
    ComplianceCheckFilterSet,
    LegalRequirementFilterSet,
)
from pdca.context.forms import (
    ComplianceActionForm,
    ComplianceCheckForm,
    LegalImportForm,
    LegalRequirementForm,
)
from pdca.context.models import (
    ComplianceCheck,
    LegalRequirement,
)
from pdca.context.tables import (
    ComplianceCheckTable,
    LegalRequirementTable,
)
from pdca.context.views.common import QuickListView, page_url
from pdca.core import exports
from pdca.core.exceptions import PdcaError
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.core.views.base import OrgView
from pdca.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, add_errors

# --- legal and other requirements, compliance checks


class LegalRequirementList(QuickListView):
    model, table_class, filterset_class = LegalRequirement, LegalRequirementTable, LegalRequirementFilterSet
    template_name = "context/legalrequirement_list.html"
    title = _("Legal and other requirements")

    def get_context(self, filterset, page) -> dict:
        counts, overdue = selectors.compliance_counts(self.org)
        return {
            **super().get_context(filterset, page),
            "overdue": selectors.overdue_checks(self.org) if overdue else [],
            "overdue_count": overdue,
            "status_chart": charts.compliance_bar(counts, overdue),
        }

    def more_actions(self):
        actions = [(_("Compliance checks"), page_url("compliancecheck_list", self.org))]
        if self.can("add", LegalRequirement):
            actions.append((_("Import register"), page_url("legal_import", self.org)))
        return actions


class LegalRequirementDetail(ObjectDetailView):
    model, table_class = LegalRequirement, LegalRequirementTable
    template_name = "context/legalrequirement_detail.html"
    detail_fields = [
        "reference",
        "kind",
        "issuer",
        "jurisdiction",
        "source_url",
        "applicability",
        "owner",
        "how_complied",
        "check_interval_months",
        "next_check_date",
        "is_active",
    ]

    def get_context(self, obj) -> dict:
        return {
            **super().get_context(obj),
            "checks": selectors.checks_of(obj),
            "processes": list(obj.processes.order_by("number")),
            "can_check": self.can("add", ComplianceCheck),
            "check_url": page_url("compliancecheck_create", self.org) + f"?legal_requirement={obj.pk}",
            "overdue": obj.is_active and obj.next_check_date is not None and obj.next_check_date < timezone.localdate(),
        }


class LegalRequirementEdit(ObjectEditView):
    model, form_class = LegalRequirement, LegalRequirementForm
    create_service = staticmethod(services.legal_create)
    update_service = staticmethod(services.legal_update)


class LegalRequirementDelete(ObjectDeleteView):
    model = LegalRequirement
    delete_service = staticmethod(services.legal_delete)


class LegalImport(OrgView):
    """Bring an existing legal register in: checked row by row, then imported all or nothing."""

    required_perm = "context.add_legalrequirement"

    def get(self, request, org_slug):
        if request.GET.get("template") in exports.FORMATS:
            headers, rows = importing.template_rows()
            return exports.rows_response(headers, rows, request.GET["template"], "legal-register")
        return self.show(LegalImportForm())

    def post(self, request, org_slug):
        form = LegalImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            created = importing.legal_import(org=self.org, fileobj=upload, filename=upload.name, by=request.user)
        except SpreadsheetInvalid as exc:
            return self.show(form, errors=[str(e) for e in exc.errors], status=400)
        except PdcaError as exc:
            return self.show(form, errors=[exc.message], status=400)
        messages.success(request, _("%(n)s requirements imported.") % {"n": len(created)})
        return HttpResponseRedirect(page_url("legalrequirement_list", self.org))

    def show(self, form, errors=(), status=200):
        from pdca.context.choices import ComplianceResult, LegalKind, ManagementSystem

        context = {
            "title": _("Import the legal register"),
            "form": form,
            "errors": errors,
            "columns": importing.COLUMNS.values(),
            "kinds": LegalKind.choices,
            "systems": ManagementSystem.choices,
            "results": ComplianceResult.choices,
        }
        return render(self.request, "context/legal_import.html", context, status=status)


class ComplianceCheckList(QuickListView):
    model, table_class, filterset_class = ComplianceCheck, ComplianceCheckTable, ComplianceCheckFilterSet
    title = _("Compliance checks")


class ComplianceCheckDetail(ObjectDetailView):
    model, table_class = ComplianceCheck, ComplianceCheckTable
    template_name = "context/compliancecheck_detail.html"
    detail_fields = ["legal_requirement", "checked_on", "result", "notes", "checked_by", "evidence", "created_at"]

    def get_context(self, obj) -> dict:
        from pdca.core.models import Action

        return {
            **super().get_context(obj),
            "actions": services.actions_of(obj),
            "can_raise": obj.result != "compliant" and self.can("add", Action),
        }


class ComplianceCheckEdit(ObjectEditView):
    model, form_class = ComplianceCheck, ComplianceCheckForm
    create_service = staticmethod(services.compliance_check_record)
    update_service = staticmethod(services.compliance_check_update)

    def get_form(self, instance, data=None, files=None):
        requirement = self.request.GET.get("legal_requirement", "")
        initial = {"legal_requirement": int(requirement)} if requirement.isdigit() and instance is None else {}
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)

    def save(self, form, instance):
        data, upload = form.service_data(), form.cleaned_data.get("file")
        if instance is None:
            return services.compliance_check_record(org=self.org, data=data, by=self.request.user, upload=upload)
        return services.compliance_check_update(
            instance, data=data, by=self.request.user, version=form.cleaned_data.get("version")
        )

    def success_url(self, obj) -> str:
        return obj.legal_requirement.get_absolute_url()


class ComplianceCheckDelete(ObjectDeleteView):
    model = ComplianceCheck
    delete_service = staticmethod(services.compliance_check_delete)


class ComplianceActionRaise(OrgView):
    """Raise an action to put right what a check found, in the shared action register."""

    model = ComplianceCheck

    def get_check(self):
        from pdca.core.models import Action

        check = self.get_object(ComplianceCheck.objects.select_related("legal_requirement"))
        self.require("view", check, check)
        self.require("add", Action)
        return check

    def get(self, request, org_slug, pk):
        check = self.get_check()
        requirement = check.legal_requirement
        initial = {
            "owner": requirement.owner_id,
            "title": _("Restore compliance with %(n)s: ") % {"n": requirement.number},
            "description": check.notes,
            "priority": "high" if check.result == "not_compliant" else "medium",
        }
        return self.show(check, ComplianceActionForm(initial=initial, org=self.org))

    def post(self, request, org_slug, pk):
        check = self.get_check()
        form = ComplianceActionForm(request.POST, org=self.org)
        if form.is_valid():
            try:
                action = services.compliance_action_raise(check, data=form.service_data(), by=request.user)
            except PdcaError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Action %(n)s raised.") % {"n": action.number})
                return HttpResponseRedirect(check.get_absolute_url())
        return self.show(check, form, status=400)

    def show(self, check, form, status=200):
        from pdca.core.models import Action

        context = {
            "form": form,
            "title": _("Raise an action for the check of %(r)s") % {"r": check.legal_requirement},
            "cancel_url": check.get_absolute_url(),
            "model_meta": Action._meta,
        }
        return render(self.request, "core/object_form.html", context, status=status)
