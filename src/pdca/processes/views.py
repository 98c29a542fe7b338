"""Process pages: the register, a process as a turtle diagram (with its interactions, history and
clauses), the approval workflow, the process map (page and PDF), the import of an existing process
list, and the list of interactions."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import exceptions, exports
from pdca.core import pdf as core_pdf
from pdca.core.models import ClauseTag
from pdca.core.services import person_for_user
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.core.views.base import OrgView
from pdca.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    _query_without,
)
from pdca.processes import charts, importing, selectors, services
from pdca.processes.choices import TRANSITIONS, ProcessStatus, ProcessType
from pdca.processes.filtersets import ProcessFilterSet, ProcessInteractionFilterSet
from pdca.processes.forms import ImportForm, ProcessForm, ProcessInteractionForm, TransitionForm, datalist
from pdca.processes.models import Process, ProcessInteraction
from pdca.processes.tables import ProcessExportTable, ProcessInteractionTable, ProcessTable

# --- the register


class ProcessList(ObjectListView):
    model, table_class, filterset_class = Process, ProcessTable, ProcessFilterSet
    template_name = "processes/process_list.html"
    title = _("Process register")

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in exports.FORMATS:
            return self.export(request.GET["export"])
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str):
        """The whole register as filtered, with every turtle field (the import's columns)."""
        self.require("view", Process)
        queryset = Process.objects.for_org(self.org)
        filterset = self.filterset_class(self.request.GET, queryset=queryset, request=self.request)
        rows = filterset.qs if filterset.is_valid() else queryset
        return exports.table_response(ProcessExportTable, ProcessExportTable.prepare(rows), fmt, self.export_name())

    def get_context(self, filterset, page) -> dict:
        person = person_for_user(self.org, self.request.user)
        mine_on = self.request.GET.get("mine") in ("true", "True", "1", "on")
        return {
            **super().get_context(filterset, page),
            "summary": selectors.register_summary(self.org),
            "has_person": person is not None,
            "mine_on": mine_on,
            "query_without_mine": _query_without(self.request.GET, "mine", "page"),
        }

    def more_actions(self) -> list[tuple[str, str]]:
        slug = self.org.slug
        actions = [
            (_("Process map"), reverse("processes:map", args=[slug])),
            (_("Interactions"), reverse("processes:processinteraction_list", args=[slug])),
        ]
        if self.can("add", Process):
            actions.append((_("Import a process list"), reverse("processes:import", args=[slug])))
        return actions


class ProcessDetail(ObjectDetailView):
    """The turtle diagram: inputs and outputs around the process, its owner in the middle, resources,
    people, methods and measures around, then suppliers, customers, risks and the interactions."""

    model, table_class = Process, ProcessTable
    template_name = "processes/process_detail.html"
    detail_fields = ["owner", "process_type", "importance", "status", "next_review_date"]

    def get_queryset(self):
        return Process.objects.select_related("owner", "approved_by")

    def get_context(self, obj) -> dict:
        user = self.request.user
        can_approve = user.has_perm("processes.approve_process", obj)
        can_link = self.can("add", ProcessInteraction)
        # One list of processes to choose from serves both forms (add an input, add an output).
        form = ProcessInteractionForm(org=self.org, shared_list="process-options") if can_link else None
        return {
            **super().get_context(obj),
            "turtle": selectors.turtle(obj),
            "can_approve": can_approve,
            "steps": _steps(obj) if can_approve else [],
            "can_link": can_link and obj.status != ProcessStatus.RETIRED,
            "interaction_form": form,
            "process_datalist": datalist("process-options", form.options) if form else "",
            "review_overdue": bool(
                obj.next_review_date
                and obj.status == ProcessStatus.ACTIVE
                and obj.next_review_date < timezone.localdate()
            ),
        }


def _steps(process: Process) -> list[tuple[str, str, str, str]]:
    """The workflow buttons: (status, label, the reason's label where one is needed, button style)."""
    steps, allowed = [], TRANSITIONS.get(process.status, set())
    if process.status == ProcessStatus.DRAFT:
        steps.append((ProcessStatus.ACTIVE, _("Approve into the register"), "", "btn-success"))
    if process.status == ProcessStatus.RETIRED:
        steps.append((ProcessStatus.ACTIVE, _("Reinstate (approve again)"), "", "btn-success"))
    if process.changed_since_approval:
        steps.append((ProcessStatus.ACTIVE, _("Approve the changes"), "", "btn-success"))
    if ProcessStatus.DRAFT in allowed:
        steps.append((ProcessStatus.DRAFT, _("Back to draft"), _("Why it goes back to draft"), "btn-outline-secondary"))
    if ProcessStatus.RETIRED in allowed:
        steps.append((ProcessStatus.RETIRED, _("Retire"), _("Why it is retired"), "btn-outline-danger"))
    return steps


def _create_process(model, *, org, data, by):
    return services.process_create(org=org, data=data, by=by)


class ProcessEdit(ObjectEditView):
    model, form_class = Process, ProcessForm
    template_name = "processes/process_form.html"
    create_service = staticmethod(_create_process)
    update_service = staticmethod(services.process_update)

    def get_form(self, instance, data=None, files=None):
        tags = ()
        if instance is not None:
            tags = ClauseTag.objects.filter(
                organisation=self.org, content_type=ContentType.objects.get_for_model(Process), object_id=instance.pk
            ).values_list("key", flat=True)
        return self.form_class(data, files, instance=instance, org=self.org, tags=list(tags))

    def render_form(self, form, instance, conflict=False, status=200):
        form.groups = _groups(form)  # styled after validation, so errors from the services show too
        return super().render_form(form, instance, conflict=conflict, status=status)


FORM_GROUPS = [
    (_("The process"), "", ["number", "name", "process_type", "owner", "importance", "purpose"]),
    (
        _("Suppliers, inputs, outputs, customers"),
        _(
            "Who provides what goes in, and who receives what comes out. Hand-overs between processes are drawn "
            "on the process page."
        ),
        ["suppliers", "inputs", "outputs", "customers"],
    ),
    (
        _("Resources, people, methods and measures"),
        _("With what, with whom, how, and how you know it works. KPIs and risks are linked from their own registers."),
        ["resources", "competences", "members", "methods", "criteria"],
    ),
    (_("Where, review and clauses"), "", ["sites", "next_review_date", "clauses"]),
]


def _groups(form) -> list:
    from pdca.core.templatetags.pdca import style_widget

    groups = []
    for legend, intro, names in FORM_GROUPS:
        fields = [form[name] for name in names if name in form.fields]
        for field in fields:
            style_widget(field, invalid=bool(form.is_bound and field.errors))
        groups.append((legend, intro, fields))
    return groups


class ProcessDelete(ObjectDeleteView):
    model = Process
    delete_service = staticmethod(services.process_delete)


class ProcessTransition(OrgView):
    """Approve, retire, reinstate or take back to draft, from the process page."""

    model = Process

    def post(self, request, org_slug, pk):
        process = self.get_object(Process.objects.select_related("owner"))
        self.require("view", process, process)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to do with the process."))
            return HttpResponseRedirect(process.get_absolute_url())
        status, reason = form.cleaned_data["status"], form.cleaned_data["reason"]
        try:
            services.process_transition(process, status=status, by=request.user, reason=reason)
        except exceptions.PermissionDenied as exc:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied from exc
        except exceptions.PdcaError as exc:
            for problems in getattr(exc, "errors", {"": [exc.message]}).values():
                for message in problems:
                    messages.error(request, message)
        else:
            messages.success(
                request, _("%(p)s is now %(s)s.") % {"p": process.number, "s": process.get_status_display().lower()}
            )
        return HttpResponseRedirect(process.get_absolute_url())


# --- the map


MAP_TYPES = [("", _("All types")), *ProcessType.choices]


class ProcessMap(OrgView):
    """The process map of the approved processes (drafts on request), with the legend of the arrows."""

    required_perm = "processes.view_process"

    def get(self, request, org_slug):
        drafts = request.GET.get("drafts") in ("1", "true", "on")
        process_type = request.GET.get("type", "")
        process_type = process_type if process_type in ProcessType.values else ""
        selection = selectors.map_selection(self.org, drafts=drafts, process_type=process_type)
        drawn, url = charts.layout(selection.processes, selection.interactions), _detail_url(self.org)
        legend = [{**row, "source_url": url(row["source"]), "target_url": url(row["target"])} for row in drawn.legend()]
        context = {
            "title": _("Process map"),
            "map": charts.process_map(drawn, url=url),
            "legend": legend,
            "selection": selection,
            "limit": selectors.MAP_LIMIT,
            "drafts": drafts,
            "process_type": process_type,
            "types": MAP_TYPES,
            "pdf_url": reverse("processes:map_pdf", args=[self.org.slug]),
        }
        return render(request, "processes/map.html", context)


def _detail_url(org):
    marker = 2_147_483_647
    head, tail = reverse("processes:process_detail", args=[org.slug, marker]).split(str(marker))
    return lambda process: f"{head}{process.pk}{tail}"


class ProcessMapPdf(OrgView):
    """The map of the approved processes and the register behind it, as one PDF (landscape A4)."""

    required_perm = "processes.view_process"

    def get(self, request, org_slug):
        selection = selectors.map_selection(self.org)
        drawn = charts.layout(selection.processes, selection.interactions)
        register, total = selectors.register_for_pdf(self.org)
        context = {
            "organisation": self.org,
            "map": charts.process_map(drawn),
            "legend": drawn.legend(),
            "selection": selection,
            "register": register,
            "register_total": total,
            "generated_on": timezone.localdate(),
        }
        data = core_pdf.render(render_to_string("processes/pdf/map.html", context, request=request))
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{self.org.slug}-process-map.pdf"'
        return response


# --- import


class ProcessImport(OrgView):
    """Bring an existing process list in: checked row by row, then imported all or nothing, as drafts."""

    required_perm = "processes.add_process"

    def get(self, request, org_slug):
        if request.GET.get("template") == "xlsx":
            return _import_template()
        return self.show(ImportForm())

    def post(self, request, org_slug):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            created = importing.process_list_import(org=self.org, fileobj=upload, filename=upload.name, by=request.user)
        except SpreadsheetInvalid as exc:
            return self.show(form, errors=[str(e) for e in exc.errors], status=400)
        except exceptions.PdcaError as exc:
            return self.show(form, errors=[exc.message], status=400)
        messages.success(request, _("%(n)s processes imported as drafts.") % {"n": len(created)})
        return HttpResponseRedirect(reverse("processes:process_list", args=[self.org.slug]) + "?status=draft")

    def show(self, form, errors=(), status=200):
        context = {
            "title": _("Import a process list"),
            "form": form,
            "errors": errors,
            "columns": importing.COLUMNS.values(),
            "types": ProcessType.choices,
        }
        return render(self.request, "processes/import.html", context, status=status)


def _import_template():
    """The heading row and one example row: the columns are read by position."""
    headers = [str(label) for label in importing.COLUMNS.values()]
    example = [
        "PRC-0004",
        _("CNC machining"),
        str(ProcessType.CORE.label),
        "",
        3,
        _("Machine parts to drawing, first time right"),
        _("Works orders, bar stock, programmes"),
        _("Machined parts with route cards"),
        _("Production planning, purchasing"),
        _("Inspection"),
        _("CNC machines, fixtures, tooling"),
        _("Trained machinists (competence matrix level 2)"),
        _("First-off approval; scrap rate"),
        "",
        "",
        "",
        "",
    ]
    return exports.rows_response(headers, [example], "xlsx", "process-list")


# --- interactions


class ProcessInteractionList(ObjectListView):
    model, table_class, filterset_class = ProcessInteraction, ProcessInteractionTable, ProcessInteractionFilterSet
    title = _("Process interactions")

    def more_actions(self):
        return [(_("Process map"), reverse("processes:map", args=[self.org.slug]))]


class ProcessInteractionDetail(ObjectDetailView):
    model, table_class = ProcessInteraction, ProcessInteractionTable
    detail_fields = ["source", "target", "description"]


class ProcessInteractionEdit(ObjectEditView):
    """An interaction; from a process page the form arrives with that process filled in."""

    model, form_class = ProcessInteraction, ProcessInteractionForm
    create_service = staticmethod(services.interaction_create)
    update_service = staticmethod(services.interaction_update)

    def get_form(self, instance, data=None, files=None):
        initial = {k: self.request.GET[k] for k in ("source", "target") if k in self.request.GET and instance is None}
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)

    def success_url(self, obj) -> str:
        back = self.request.POST.get("back")
        process = obj.target if back == "target" else obj.source
        return process.get_absolute_url() + "#interactions"


class ProcessInteractionDelete(ObjectDeleteView):
    model = ProcessInteraction
    delete_service = staticmethod(services.interaction_delete)

    def post(self, request, *args, **kwargs):
        obj = self.get_deletable()
        source = obj.source
        response = super().post(request, *args, **kwargs)
        if request.POST.get("back") and not ProcessInteraction.objects.filter(pk=obj.pk).exists():
            return HttpResponseRedirect(source.get_absolute_url() + "#interactions")
        return response
