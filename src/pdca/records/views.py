"""Record pages: the register, a record (file, links, correction chain, history), filing, legal hold,
record types (retention settings), and disposal requests with their approval."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from pdca.core import exceptions
from pdca.core.views.base import OrgView
from pdca.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from pdca.records import selectors, services
from pdca.records.choices import DisposalStatus, RecordStatus
from pdca.records.filtersets import DisposalRequestFilterSet, RecordFilterSet, RecordTypeFilterSet
from pdca.records.forms import DecisionForm, DisposalRequestForm, LegalHoldForm, RecordFileForm, RecordTypeForm
from pdca.records.models import DisposalRequest, Record, RecordType
from pdca.records.tables import DisposalRequestTable, RecordTable, RecordTypeTable

# --- records


class RecordList(ObjectListView):
    model, table_class, filterset_class = Record, RecordTable, RecordFilterSet
    title = _("Record register")


class RecordDetail(ObjectDetailView):
    model, table_class = Record, RecordTable
    template_name = "records/record_detail.html"
    detail_fields = [
        "record_type",
        "record_date",
        "retain_until",
        "description",
        "location",
        "filed_by",
        "created_at",
        "disposed_at",
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("corrects")

    def get_context(self, obj) -> dict:
        user, kept = self.request.user, obj.status != RecordStatus.DISPOSED
        chain, context = selectors.chain_of(obj), super().get_context(obj)
        return {
            **context,
            "file": context["attachments"].first() if kept else None,  # a record has at most one file
            "links": [(link, selectors.link_url(link, self.org)) for link in selectors.links_of(obj)],
            "chain": chain if len(chain) > 1 else [],
            "can_hold": kept and user.has_perm("records.hold_record", obj),
            "can_correct": kept and chain[-1].pk == obj.pk and self.can("add", Record),
            "hold_form": LegalHoldForm(instance=obj, org=self.org),
        }


class RecordEdit(ObjectEditView):
    """Filing a record (the upload form); "editing" one is only its legal hold."""

    model = Record
    update_service = staticmethod(services.record_update)

    def get_instance(self):
        if "pk" not in self.kwargs:
            self.require("add", self.model)
            return None
        record = self.get_object()
        if not self.request.user.has_perm("records.hold_record", record):
            raise PermissionDenied
        return record

    def get_form(self, instance, data=None, files=None):
        if instance is not None:
            return LegalHoldForm(data, files, instance=instance, org=self.org)
        return RecordFileForm(data, files, org=self.org, initial=self._correction_initial())

    def _correction_initial(self) -> dict:
        """ "File a correction" pre-fills the form from the record it corrects."""
        number = self.request.GET.get("corrects", "")
        original = Record.objects.filter(organisation=self.org, number=number).first() if number else None
        if original is None:
            return {}
        return {
            "corrects": original.number,
            "title": original.title,
            "record_type": original.record_type_id,
            "record_date": original.record_date,
        }

    def save(self, form, instance):
        if instance is None:
            return services.record_file(org=self.org, by=self.request.user, **form.service_arguments())
        return super().save(form, instance)


class RecordDelete(ObjectDeleteView):
    """Records are never deleted (the role rules grant it to nobody): they are disposed of with approval."""

    model = Record


class RecordFile(OrgView):
    """A record's file, only to those who may see the record; gone once the record is disposed of."""

    model = Record

    def get(self, request, org_slug, pk):
        record = self.get_object()
        self.require("view", record, record)
        attachment = selectors.file_of(record)
        if attachment is None:
            raise Http404
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.mime_type,
            as_attachment=True,
            filename=f"{record.number}-{attachment.filename}",
        )
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


# --- record types: the retention settings


class RecordTypeList(ObjectListView):
    model, table_class, filterset_class = RecordType, RecordTypeTable, RecordTypeFilterSet
    template_name = "records/recordtype_list.html"
    title = _("Record types and retention")


class RecordTypeDetail(ObjectDetailView):
    model, table_class = RecordType, RecordTypeTable
    detail_fields = ["name", "retention_period", "retention_unit", "clause_keys", "description"]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        context["fields"] = [(label, ", ".join(v) if isinstance(v, list) else v) for label, v in context["fields"]]
        return context


class RecordTypeEdit(ObjectEditView):
    model, form_class = RecordType, RecordTypeForm
    create_service = staticmethod(services.record_type_create)
    update_service = staticmethod(services.record_type_update)


class RecordTypeDelete(ObjectDeleteView):
    model = RecordType


class RecordTypeDefaults(OrgView):
    """Copy pdca's suggested record types (those the organisation does not have yet)."""

    def post(self, request, org_slug):
        self.require("add", RecordType)
        created = services.record_types_copy_defaults(org=self.org, by=request.user)
        messages.success(request, _("%(n)d record types added.") % {"n": len(created)})
        return HttpResponseRedirect(reverse("records:recordtype_list", args=[self.org.slug]))


# --- disposal


class DisposalRequestList(ObjectListView):
    model, table_class, filterset_class = DisposalRequest, DisposalRequestTable, DisposalRequestFilterSet
    template_name = "records/disposalrequest_list.html"
    title = _("Record disposal")

    def get_context(self, filterset, page) -> dict:
        return {**super().get_context(filterset, page), "due_count": services.disposable(self.org).count()}


class DisposalRequestDetail(ObjectDetailView):
    model, table_class = DisposalRequest, DisposalRequestTable
    template_name = "records/disposalrequest_detail.html"
    detail_fields = ["status", "reason", "requested_by", "created_at", "decided_by", "decided_at", "decision_note"]

    def get_context(self, obj) -> dict:
        user, pending = self.request.user, obj.status == DisposalStatus.PENDING
        return {
            **super().get_context(obj),
            "records": list(obj.records.select_related("record_type").order_by("number")),
            "can_change": pending and self.can("change", obj, obj),
            "can_delete": pending and self.can("delete", obj, obj),
            "can_approve": pending and user.has_perm("records.approve_disposal", obj),
            "can_reject": pending and user.has_perm("records.reject_disposal", obj),
            "asked_by_me": obj.requested_by_id == user.pk,
            "decision_form": DecisionForm(),
        }


class DisposalRequestEdit(ObjectEditView):
    """Asking for disposal: the records past their retention, oldest first, to tick."""

    model, form_class = DisposalRequest, DisposalRequestForm
    template_name = "records/disposal_form.html"
    create_service = staticmethod(services.disposal_request_create)
    update_service = staticmethod(services.disposal_request_update)
    shown = 500  # the oldest ones; after they are disposed of, the next ones appear

    def get_form(self, instance, data=None, files=None):
        form = super().get_form(instance, data, files)
        if instance is None:
            form.due = list(services.disposable(self.org).select_related("record_type")[: self.shown])
            form.due_total = services.disposable(self.org).count()
        return form


class DisposalRequestDelete(ObjectDeleteView):
    model = DisposalRequest
    delete_service = staticmethod(services.disposal_request_delete)


class DisposalDecision(OrgView):
    """Approve or reject a waiting disposal request from its page."""

    model = DisposalRequest
    decision = None

    def post(self, request, org_slug, pk):
        disposal = self.get_object()
        self.require("view", disposal, disposal)
        form = DecisionForm(request.POST)
        form.is_valid()
        service = services.disposal_request_approve if self.decision == "approve" else services.disposal_request_reject
        try:
            service(disposal, by=request.user, note=form.cleaned_data.get("note", ""))
        except exceptions.PermissionDenied as exc:
            if self.decision == "approve" and disposal.requested_by_id == request.user.pk:
                messages.error(request, exc.message)
                return HttpResponseRedirect(disposal.get_absolute_url())
            raise PermissionDenied from exc
        except exceptions.PdcaError as exc:
            for error in getattr(exc, "errors", {"": [exc.message]}).values():
                for message in error:
                    messages.error(request, message)
        else:
            done = _("Approved: the records were disposed of.") if self.decision == "approve" else _("Rejected.")
            messages.success(request, done)
        return HttpResponseRedirect(disposal.get_absolute_url())
