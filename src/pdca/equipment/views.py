"""Equipment pages: the register (status chart, filters, export, import), a piece of equipment
(calibration status and history, maintenance plans and records, impact assessments, status changes,
history), and the lists of calibrations, maintenance plans, maintenance records and impact assessments."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pdca.core import exceptions, exports
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.core.views.base import OrgView
from pdca.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    empty_filter_fields,
)
from pdca.equipment import charts, importing, selectors, services
from pdca.equipment.choices import CalibrationResult, Condition
from pdca.equipment.filtersets import (
    CalibrationRecordFilterSet,
    EquipmentFilterSet,
    ImpactAssessmentFilterSet,
    MaintenancePlanFilterSet,
    MaintenanceRecordFilterSet,
)
from pdca.equipment.forms import (
    CalibrationRecordForm,
    EquipmentForm,
    EquipmentImportForm,
    EquipmentTransitionForm,
    ImpactAssessmentForm,
    MaintenancePlanForm,
    MaintenanceRecordForm,
)
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord
from pdca.equipment.tables import (
    CalibrationRecordTable,
    EquipmentExportTable,
    EquipmentTable,
    ImpactAssessmentTable,
    MaintenancePlanTable,
    MaintenanceRecordTable,
)

# --- the register


class EquipmentList(ObjectListView):
    model, table_class, filterset_class = Equipment, EquipmentTable, EquipmentFilterSet
    template_name = "equipment/equipment_list.html"
    title = _("Equipment and infrastructure")

    def get_queryset(self):
        return selectors.equipment_for_table(self.org)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in exports.FORMATS:
            self.table_class = EquipmentExportTable
        return super().get(request, *args, **kwargs)

    def get_context(self, filterset, page) -> dict:
        list_url = reverse("equipment:equipment_list", args=[self.org.slug])
        counts = selectors.status_counts(self.org)
        context = {
            **super().get_context(filterset, page),
            "status_chart": charts.status_bars(counts, lambda s: f"{list_url}?{urlencode({'status': s})}"),
            "counts": counts,
        }
        if not filterset.is_bound:  # the register as first opened: the same empty filter bar for everyone
            context["filter_fields_html"] = empty_filter_fields(filterset)
        return context

    def more_actions(self):
        slug = self.org.slug
        actions = [
            (_("Calibrations"), reverse("equipment:calibrationrecord_list", args=[slug])),
            (_("Maintenance plans"), reverse("equipment:maintenanceplan_list", args=[slug])),
        ]
        if self.can("add", Equipment):
            actions.append((_("Import"), reverse("equipment:import", args=[slug])))
        return actions


class EquipmentDetail(ObjectDetailView):
    model, table_class = Equipment, EquipmentTable
    template_name = "equipment/equipment_detail.html"
    detail_fields = [
        "kind",
        "owner",
        "site",
        "location",
        "description",
        "manufacturer",
        "model_number",
        "serial_number",
        "in_service_since",
    ]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        calibrations = selectors.calibrations_of(obj)
        today = timezone.localdate()
        can_change = context["can_change"]
        days_left = (obj.next_calibration_due - today).days if obj.next_calibration_due else None
        return {
            **context,
            "calibrations": calibrations,
            "timeline": charts.calibration_timeline(calibrations[::-1], obj.next_calibration_due, today)
            if obj.needs_calibration and (calibrations or obj.next_calibration_due)
            else "",
            "plans": selectors.plans_of(obj),
            "maintenance": selectors.maintenance_of(obj),
            "assessments": selectors.assessments_of(obj),
            "pending": selectors.pending_calibrations(obj) if obj.assessment_due else [],
            "can_calibrate": obj.needs_calibration
            and obj.condition != Condition.RETIRED
            and self.can("add", CalibrationRecord),
            "can_plan": self.can("add", MaintenancePlan),
            "can_maintain": self.can("add", MaintenanceRecord),
            "can_assess": self.can("add", ImpactAssessment),
            "transition_form": EquipmentTransitionForm(current=obj.condition) if can_change else None,
            "days_left": days_left,
            "days_overdue": -days_left if days_left is not None and days_left < 0 else 0,
        }


class EquipmentEdit(ObjectEditView):
    model, form_class = Equipment, EquipmentForm

    def save(self, form, instance):
        data, clauses = form.service_data(), form.cleaned_data.get("clauses")
        if instance is None:
            return services.equipment_create(org=self.org, data=data, by=self.request.user, clauses=clauses)
        version = form.cleaned_data.get("version")
        return services.equipment_update(instance, data=data, by=self.request.user, version=version, clauses=clauses)


class EquipmentDelete(ObjectDeleteView):
    model = Equipment
    delete_service = staticmethod(services.equipment_delete)


class EquipmentTransition(OrgView):
    """Quarantine, retire or return equipment to service from its page, with the reason."""

    model = Equipment

    def post(self, request, org_slug, pk):
        equipment = self.get_object()
        self.require("change", equipment, equipment)
        form = EquipmentTransitionForm(request.POST)
        if form.is_valid():
            try:
                services.equipment_transition(
                    equipment,
                    condition=form.cleaned_data["condition"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except exceptions.PdcaError as exc:
                for errors in getattr(exc, "errors", {"": [exc.message]}).values():
                    for message in errors:
                        messages.error(request, message)
            else:
                messages.success(request, _("Status changed to “%(s)s”.") % {"s": equipment.get_condition_display()})
        else:
            messages.error(request, _("Choose a new status and give the reason."))
        return HttpResponseRedirect(equipment.get_absolute_url())


class EquipmentImport(OrgView):
    """Bring an existing equipment list in from Excel or CSV: every row checked first, then all or nothing."""

    def get(self, request, org_slug):
        self.require("add", Equipment)
        if request.GET.get("template") == "xlsx":
            return exports.rows_response(importing.headers(), [importing.example_row()], "xlsx", "equipment-list")
        return self.show(EquipmentImportForm())

    def post(self, request, org_slug):
        self.require("add", Equipment)
        form = EquipmentImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            created = importing.equipment_import(org=self.org, fileobj=upload, filename=upload.name, by=request.user)
        except SpreadsheetInvalid as exc:
            return self.show(form, errors=[str(e) for e in exc.errors], status=400)
        except exceptions.PdcaError as exc:
            return self.show(form, errors=[exc.message], status=400)
        messages.success(request, _("%(n)s pieces of equipment imported.") % {"n": len(created)})
        return HttpResponseRedirect(reverse("equipment:equipment_list", args=[self.org.slug]))

    def show(self, form, errors=(), status=200):
        context = {
            "title": _("Import an equipment list"),
            "form": form,
            "errors": errors,
            "columns": importing.COLUMN_HELP,
            "list_url": reverse("equipment:equipment_list", args=[self.org.slug]),
        }
        return render(self.request, "equipment/import.html", context, status=status)


def _equipment_initial(view) -> dict:
    """ "Record a calibration" etc. from an equipment page: the equipment filled in."""
    pk = view.request.GET.get("equipment", "")
    if pk.isdigit():
        equipment = Equipment.objects.for_org(view.org).filter(pk=int(pk)).only("pk", "number").first()
        if equipment is not None:
            return {"equipment": equipment}
    return {}


class _FromEquipment:
    """Create pages opened from an equipment page go back to it when saved."""

    def success_url(self, obj) -> str:
        if "pk" not in self.kwargs and self.request.GET.get("equipment"):
            return reverse("equipment:equipment_detail", args=[self.org.slug, obj.equipment_id])
        return super().success_url(obj)


# --- calibrations


class CalibrationRecordList(ObjectListView):
    model, table_class, filterset_class = CalibrationRecord, CalibrationRecordTable, CalibrationRecordFilterSet
    title = _("Calibrations")

    def get_queryset(self):
        return super().get_queryset().order_by("-calibrated_on", "-id")


class CalibrationRecordDetail(ObjectDetailView):
    model, table_class = CalibrationRecord, CalibrationRecordTable
    template_name = "equipment/calibrationrecord_detail.html"
    detail_fields = [
        "equipment",
        "calibrated_on",
        "calibrated_by",
        "performed_by",
        "laboratory",
        "certificate_number",
        "reference_standard",
        "result",
        "as_found",
        "as_left",
        "comment",
        "next_due",
        "record",
    ]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        assessment = ImpactAssessment.objects.filter(calibration=obj).first()
        return {
            **context,
            "assessment": assessment,
            "needs_assessment": obj.result == CalibrationResult.OUT_OF_TOLERANCE and assessment is None,
            "can_assess": self.can("add", ImpactAssessment),
            "no_files": _("Attach the calibration certificate here."),
        }


class CalibrationRecordEdit(_FromEquipment, ObjectEditView):
    model, form_class = CalibrationRecord, CalibrationRecordForm
    create_service = staticmethod(services.calibration_create)
    update_service = staticmethod(services.calibration_update)

    def get_form(self, instance, data=None, files=None):
        initial = _equipment_initial(self) if instance is None and data is None else {}
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)


class CalibrationRecordDelete(ObjectDeleteView):
    model = CalibrationRecord
    delete_service = staticmethod(services.calibration_delete)


# --- impact assessments


class ImpactAssessmentList(ObjectListView):
    model, table_class, filterset_class = ImpactAssessment, ImpactAssessmentTable, ImpactAssessmentFilterSet
    title = _("Impact assessments of out-of-tolerance results")


class ImpactAssessmentDetail(ObjectDetailView):
    model, table_class = ImpactAssessment, ImpactAssessmentTable
    detail_fields = [
        "calibration",
        "equipment",
        "period_start",
        "measurements_checked",
        "products_checked",
        "findings",
        "decision",
        "assessed_by",
        "assessed_on",
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("calibration__equipment")


class ImpactAssessmentEdit(ObjectEditView):
    model, form_class = ImpactAssessment, ImpactAssessmentForm
    create_service = staticmethod(services.assessment_create)
    update_service = staticmethod(services.assessment_update)

    def get_form(self, instance, data=None, files=None):
        initial = {}
        pk = self.request.GET.get("calibration", "")
        if instance is None and data is None and pk.isdigit():
            found = CalibrationRecord.objects.for_org(self.org).filter(pk=int(pk)).first()
            if found is not None:
                initial = {"calibration": found, "period_start": services.last_good_calibration(found)}
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)

    def success_url(self, obj) -> str:
        return obj.equipment.get_absolute_url() if "pk" not in self.kwargs else super().success_url(obj)


class ImpactAssessmentDelete(ObjectDeleteView):
    model = ImpactAssessment
    delete_service = staticmethod(services.assessment_delete)


# --- maintenance


class MaintenancePlanList(ObjectListView):
    model, table_class, filterset_class = MaintenancePlan, MaintenancePlanTable, MaintenancePlanFilterSet
    title = _("Maintenance plans")

    def more_actions(self):
        return [(_("Maintenance records"), reverse("equipment:maintenancerecord_list", args=[self.org.slug]))]


class MaintenancePlanDetail(ObjectDetailView):
    model, table_class = MaintenancePlan, MaintenancePlanTable
    detail_fields = ["equipment", "task", "instructions", "interval_text", "responsible", "next_due", "is_active"]

    def shown_fields(self):
        return self.detail_fields

    def _is_relation(self, name):
        return name in ("equipment", "responsible")


class MaintenancePlanEdit(_FromEquipment, ObjectEditView):
    model, form_class = MaintenancePlan, MaintenancePlanForm
    create_service = staticmethod(services.plan_create)
    update_service = staticmethod(services.plan_update)

    def get_form(self, instance, data=None, files=None):
        initial = _equipment_initial(self) if instance is None and data is None else {}
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)


class MaintenancePlanDelete(ObjectDeleteView):
    model = MaintenancePlan
    delete_service = staticmethod(services.plan_delete)


class MaintenanceRecordList(ObjectListView):
    model, table_class, filterset_class = MaintenanceRecord, MaintenanceRecordTable, MaintenanceRecordFilterSet
    title = _("Maintenance records")

    def get_queryset(self):
        return super().get_queryset().order_by("-performed_on", "-id")


class MaintenanceRecordDetail(ObjectDetailView):
    model, table_class = MaintenanceRecord, MaintenanceRecordTable
    detail_fields = [
        "equipment",
        "plan",
        "kind",
        "performed_on",
        "done_by",
        "contractor",
        "work_done",
        "result",
        "downtime_hours",
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("plan__equipment")


class MaintenanceRecordEdit(_FromEquipment, ObjectEditView):
    model, form_class = MaintenanceRecord, MaintenanceRecordForm
    create_service = staticmethod(services.maintenance_create)
    update_service = staticmethod(services.maintenance_update)

    def get_form(self, instance, data=None, files=None):
        initial = _equipment_initial(self) if instance is None and data is None else {}
        plan = self.request.GET.get("plan", "")
        if initial and plan.isdigit():
            initial["plan"] = int(plan)
        return self.form_class(
            data, files, instance=instance, org=self.org, initial=initial, equipment=initial.get("equipment")
        )


class MaintenanceRecordDelete(ObjectDeleteView):
    model = MaintenanceRecord
    delete_service = staticmethod(services.maintenance_delete)
