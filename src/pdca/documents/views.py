"""Controlled-document pages: register, document page, revisions and their workflow, reading lists."""

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pdca.core import evidence, exceptions, exports, permissions
from pdca.core import services as core
from pdca.core.models import ClauseTag
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.core.views.base import OrgView
from pdca.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, add_errors
from pdca.documents import content, importing, masterlist, pdf, selectors, services, starters
from pdca.documents.choices import DocumentType, MasterListStatus, RevisionStatus
from pdca.documents.filtersets import DocumentFilterSet, RevisionFilterSet
from pdca.documents.forms import (
    ApproveForm,
    CommentForm,
    DocumentForm,
    PeriodicReviewForm,
    PublishForm,
    RequiredReasonForm,
    RevisionForm,
    SettingsForm,
    SignForm,
    SubmitForm,
    UploadForm,
)
from pdca.documents.models import Document, DocumentRevision, MasterListJob
from pdca.documents.tables import DocumentTable, RevisionTable
from pdca.standards.selectors import default_standard

# --- documents


class DocumentList(ObjectListView):
    model, table_class, filterset_class = Document, DocumentTable, DocumentFilterSet
    title = _("Document register")

    def get_queryset(self):
        return self.table_class.prepare(selectors.visible_documents(self.org, self.request.user))

    def more_actions(self):
        actions = []
        if self.can("add", MasterListJob):
            query = urlencode(selectors.master_list_filters(self.request.GET))  # the list as filtered here
            url = reverse("documents:master_list", args=[self.org.slug])
            actions.append((_("Master list (PDF)"), f"{url}?{query}" if query else url))
        if self.can("add", Document):
            actions.append((_("Import master list"), reverse("documents:import_list", args=[self.org.slug])))
        return actions


class DocumentDetail(ObjectDetailView):
    """The effective revision (never another one as current), its signatures and readers, the history."""

    model, table_class = Document, DocumentTable
    template_name = "documents/document_detail.html"

    def get_queryset(self):
        return Document.objects.select_related("owner", "current_revision", "current_revision__file")

    def get_context(self, obj) -> dict:
        current, user = obj.current_revision, self.request.user
        person_id = permissions.person_id_for(user, self.org)
        acks = selectors.acknowledgements_of(current) if current else {}
        my_ack = selectors.acknowledgement_of(acks, person_id) if person_id else None
        return {
            **super().get_context(obj),
            "current": current,
            "current_html": content.render_markdown(current.markdown) if current else "",
            "signatures": selectors.signatures_of(current) if current else [],
            "acks": acks,
            "my_ack": my_ack,
            "can_acknowledge": bool(current and person_id and not (my_ack and my_ack.acknowledged_at)),
            "revisions": selectors.revision_history(obj),
            "reviews": obj.reviews.select_related("reviewed_by")[:5],
            "can_read_history": self.can("view", DocumentRevision),
            "can_revise": self.can("change", obj, obj),
            "can_review": user.has_perm("documents.review_document", obj),
            "review_form": PeriodicReviewForm(),
        }


def _create_document(model, *, org, data, by):
    number = data.pop("number", "")
    return services.document_create(org=org, data=data, by=by, number=number)


class DocumentEdit(ObjectEditView):
    model, form_class = Document, DocumentForm
    create_service = staticmethod(_create_document)
    update_service = staticmethod(services.document_update)

    def get_form(self, instance, data=None, files=None):
        tags = (
            ClauseTag.objects.filter(
                organisation=self.org, content_type=ContentType.objects.get_for_model(Document), object_id=instance.pk
            ).values_list("key", flat=True)
            if instance
            else ()
        )
        return self.form_class(data, files, instance=instance, org=self.org, tags=list(tags))

    def save(self, form, instance):
        data = form.service_data()
        if instance is None:
            data["number"] = form.cleaned_data.get("number", "")
            return self.create_service(self.model, org=self.org, data=data, by=self.request.user)
        return self.update_service(instance, data=data, by=self.request.user, version=form.cleaned_data.get("version"))


class DocumentDelete(ObjectDeleteView):
    model = Document
    delete_service = staticmethod(services.document_delete)


class DocumentRevise(OrgView):
    """Start a new draft of a document, copying the latest Markdown."""

    model = Document

    def post(self, request, org_slug, pk):
        document = self.get_object()
        try:
            revision = services.revision_create(document=document, by=request.user)
        except exceptions.PermissionDenied as exc:
            raise PermissionDenied from exc
        except exceptions.ValidationFailed as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(document.get_absolute_url())
        return HttpResponseRedirect(reverse("documents:documentrevision_edit", args=[self.org.slug, revision.pk]))


class PeriodicReviewView(OrgView):
    model = Document

    def post(self, request, org_slug, pk):
        document = self.get_object(Document.objects.select_related("owner"))
        form = PeriodicReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the outcome of the review."))
            return HttpResponseRedirect(document.get_absolute_url())
        review = {"confirm": services.document_review_confirm, "revise": services.document_review_start_revision}
        done = _attempt(request, review[form.cleaned_data["outcome"]], document, note=form.cleaned_data["note"])
        if done is not None and done.revision_id:
            return HttpResponseRedirect(
                reverse("documents:documentrevision_edit", args=[self.org.slug, done.revision_id])
            )
        if done is not None:
            messages.success(request, _("Review recorded; next review on %(d)s.") % {"d": document.next_review_date})
        return HttpResponseRedirect(document.get_absolute_url())


def _attempt(request, service, *args, **kwargs):
    """Run a service for a page: its refusal becomes a message (a role refusal a 403)."""
    try:
        return service(*args, by=request.user, **kwargs)
    except exceptions.PermissionDenied as exc:
        raise PermissionDenied from exc
    except exceptions.ValidationFailed as exc:
        for field, errors in exc.errors.items():
            for error in errors:
                messages.error(request, error if field == "__all__" else f"{_field_label(field)}: {error}")
    except exceptions.TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    return None


def _field_label(field: str) -> str:
    try:
        return str(DocumentRevision._meta.get_field(field).verbose_name).capitalize()
    except Exception:  # not a model field (password, approvers): its name reads well enough
        return _(field.replace("_", " ").capitalize())


# --- revisions


class RevisionList(ObjectListView):
    model, table_class, filterset_class = DocumentRevision, RevisionTable, RevisionFilterSet
    title = _("Revisions")

    def get_queryset(self):
        return self.table_class.prepare(selectors.visible_revisions(self.org, self.request.user))


class RevisionDetail(ObjectDetailView):
    """One revision, watermarked unless it is the effective one, with its review and approval."""

    model, table_class = DocumentRevision, RevisionTable
    template_name = "documents/revision_detail.html"
    detail_fields = ["document", "label", "status", "effective_date", "change_summary", "content_hash"]

    def get_queryset(self):
        return DocumentRevision.objects.select_related("document", "document__owner", "file").prefetch_related(
            "participants__person", "comments__person", "audience_sites"
        )

    def get_context(self, obj) -> dict:
        user = self.request.user
        return {
            **super().get_context(obj),
            "document": obj.document,
            "html": content.render_markdown(obj.markdown),
            "signatures": selectors.signatures_of(obj),
            "missing": services.missing_approvers(obj) if obj.status == RevisionStatus.IN_REVIEW else [],
            "others": obj.document.revisions.exclude(pk=obj.pk).filter(file__isnull=True).order_by("-id")[:20],
            "can_submit": obj.status == RevisionStatus.DRAFT and self.can("change", obj, obj),
            "can_sign": obj.status == RevisionStatus.IN_REVIEW and user.has_perm("documents.approve_revision", obj),
            "can_comment": obj.status == RevisionStatus.IN_REVIEW and user.has_perm("documents.comment_revision", obj),
            "can_publish": user.has_perm("documents.publish_revision", obj),
            "electronic": services.approval_policy(self.org)[obj.document.doc_type] == "electronic",
            "submit_form": SubmitForm(org=self.org),
            "sign_form": SignForm(),
            "approve_form": ApproveForm(),
            "comment_form": CommentForm(),
            "publish_form": PublishForm(),
            "reason_form": RequiredReasonForm(),
            "upload_form": UploadForm(),
        }


def _create_revision(model, *, org, data, by):
    return services.revision_create(
        document=data["document"],
        label=data.get("label", ""),
        change_summary=data.get("change_summary", ""),
        markdown=data.get("markdown") or None,
        by=by,
    )


class RevisionEdit(ObjectEditView):
    model, form_class = DocumentRevision, RevisionForm
    template_name = "documents/revision_form.html"
    create_service = staticmethod(_create_revision)
    update_service = staticmethod(services.revision_update)


class RevisionDelete(ObjectDeleteView):
    model = DocumentRevision
    delete_service = staticmethod(services.revision_delete)


class RevisionStep(OrgView):
    """One workflow step posted from the revision page: the form's data goes to the service."""

    model = DocumentRevision
    form_class = None
    service = None
    done = ""

    def post(self, request, org_slug, pk):
        revision = self.get_object(DocumentRevision.objects.select_related("document", "document__owner"))
        if not request.user.has_perm("documents.read_revision", revision):
            raise PermissionDenied
        form = self.get_form(request)
        if not form.is_valid():
            for field, errors in form.errors.items():
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {errors[0]}")
        elif _attempt(request, type(self).service, revision, **self.arguments(form.cleaned_data)) is not None:
            messages.success(request, self.done)
        return HttpResponseRedirect(self.back_to(revision))

    def back_to(self, revision) -> str:
        return revision.get_absolute_url()

    def get_form(self, request):
        return self.form_class(request.POST, request.FILES)

    def arguments(self, data: dict) -> dict:
        return data


class SubmitStep(RevisionStep):
    form_class, service, done = SubmitForm, services.revision_submit, _("Sent for review.")

    def get_form(self, request):
        return SubmitForm(request.POST, org=self.org)

    def arguments(self, data):
        return {**data, "approvers": list(data["approvers"]), "reviewers": list(data["reviewers"])}


class CommentStep(RevisionStep):
    form_class, service, done = CommentForm, services.revision_comment, _("Comment added.")


class ApproveStep(RevisionStep):
    form_class, service, done = ApproveForm, services.revision_approve, _("Approval recorded.")


class SignStep(RevisionStep):
    form_class, service, done = SignForm, services.revision_sign, _("Signed.")


class PublishStep(RevisionStep):
    form_class, service, done = PublishForm, services.revision_make_effective, _("Published.")


class ReturnStep(RevisionStep):
    form_class, service, done = RequiredReasonForm, services.revision_return, _("Returned to draft.")


class WithdrawStep(RevisionStep):
    form_class, service, done = RequiredReasonForm, services.revision_withdraw, _("Withdrawn: now obsolete.")


class UploadStep(RevisionStep):
    form_class, service, done = UploadForm, services.revision_upload, _("File uploaded.")

    def arguments(self, data):
        return {"upload": data["file"]}


class AcknowledgeStep(RevisionStep):
    form_class, service, done = forms.Form, services.acknowledgement_record, _("Thank you: acknowledged.")

    def arguments(self, data):
        return {}

    def back_to(self, revision) -> str:
        # Readers of effective documents do not see revision pages: back to the document.
        return revision.document.get_absolute_url()


STEPS = {
    "submit": SubmitStep,
    "comment": CommentStep,
    "approve": ApproveStep,
    "sign": SignStep,
    "publish": PublishStep,
    "return": ReturnStep,
    "withdraw": WithdrawStep,
    "upload": UploadStep,
    "acknowledge": AcknowledgeStep,
}


class RevisionFile(OrgView):
    """A revision's uploaded file, only to those who may read the revision."""

    model = DocumentRevision

    def get(self, request, org_slug, pk):
        revision = self.get_object(DocumentRevision.objects.select_related("document", "file"))
        if not request.user.has_perm("documents.read_revision", revision):
            raise PermissionDenied
        if revision.file is None:
            raise Http404
        response = FileResponse(
            revision.file.file.open("rb"),
            content_type=revision.file.mime_type,
            as_attachment=True,
            filename=f"{revision.document.number}-rev-{revision.label}-{revision.file.filename}",
        )
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class RevisionPdf(OrgView):
    """The controlled copy (effective revision) or a watermarked copy of any other, as PDF."""

    model = DocumentRevision

    def get(self, request, org_slug, pk):
        revision = self.get_object(DocumentRevision.objects.select_related("document", "document__owner", "file"))
        if not request.user.has_perm("documents.read_revision", revision):
            raise PermissionDenied
        response = HttpResponse(pdf.controlled_copy(revision), content_type="application/pdf")
        name = f"{revision.document.number}-rev-{revision.label}.pdf".replace(" ", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RevisionDiff(OrgView):
    """What changed between two Markdown revisions of a document, line by line."""

    model = DocumentRevision

    def get(self, request, org_slug, pk):
        revision = self.get_object(DocumentRevision.objects.select_related("document"))
        self.require("view", revision, revision)
        against = request.GET.get("against", "")
        other = get_object_or_404(
            DocumentRevision.objects.filter(document=revision.document), pk=int(against) if against.isdigit() else 0
        )
        old, new = sorted([other, revision], key=lambda r: r.pk)
        context = {
            "old": old,
            "new": new,
            "lines": content.diff_lines(old.markdown, new.markdown),
            "title": _("Changes"),
        }
        return render(request, "documents/diff.html", context)


class MarkdownPreview(OrgView):
    """htmx: the Markdown of the edit form rendered (and sanitised) as it will be shown."""

    def post(self, request, org_slug):
        self.require("add", DocumentRevision)
        return HttpResponse(content.render_markdown(request.POST.get("markdown", "")))


# --- lists for people


class ToRead(OrgView):
    """The logged-in person's effective documents to read and acknowledge."""

    def get(self, request, org_slug):
        person = core.person_for_user(self.org, request.user)
        acks = list(selectors.to_read(self.org, person)) if person else []
        return render(request, "documents/to_read.html", {"acks": acks, "title": _("Documents to read")})


class ReviewsDue(OrgView):
    required_perm = "documents.view_document"

    def get(self, request, org_slug):
        documents = list(selectors.reviews_due(self.org, request.user)[:200])
        return render(request, "documents/reviews_due.html", {"documents": documents, "title": _("Reviews due")})


class StarterTemplates(OrgView):
    """Starter documents written for pdca; one click copies one into the register as a draft."""

    required_perm = "documents.add_document"

    def get(self, request, org_slug):
        return render(
            request, "documents/starters.html", {"starters": starters.all_starters(), "title": _("Starter documents")}
        )

    def post(self, request, org_slug):
        starter = starters.find(request.POST.get("starter", ""))
        if starter is None:
            raise Http404
        document = _attempt(request, starters.copy_into_register, starter, org=self.org)
        if document is None:
            return HttpResponseRedirect(reverse("documents:starters", args=[self.org.slug]))
        messages.success(
            request, _("“%(d)s” is in the register as a draft: adapt it to your organisation.") % {"d": document}
        )
        revision = document.revisions.get()
        return HttpResponseRedirect(reverse("documents:documentrevision_edit", args=[self.org.slug, revision.pk]))


class MasterListImportForm(forms.Form):
    file = forms.FileField(label=_("Master list (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class MasterListImport(OrgView):
    """Bring the existing document master list in: checked row by row, then imported all or nothing."""

    required_perm = "documents.add_document"

    def get(self, request, org_slug):
        if request.GET.get("template") == "xlsx":
            return _master_list_template()
        return self.show(MasterListImportForm())

    def post(self, request, org_slug):
        form = MasterListImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            created = importing.master_list_import(org=self.org, fileobj=upload, filename=upload.name, by=request.user)
        except SpreadsheetInvalid as exc:
            return self.show(form, errors=[str(e) for e in exc.errors], status=400)
        except exceptions.PdcaError as exc:
            return self.show(form, errors=[exc.message], status=400)
        messages.success(request, _("%(n)s documents imported as drafts.") % {"n": len(created)})
        return HttpResponseRedirect(reverse("documents:document_list", args=[self.org.slug]))

    def show(self, form, errors=(), status=200):
        context = {
            "title": _("Import the document master list"),
            "form": form,
            "errors": errors,
            "columns": importing.LIST_COLUMNS.values(),
            "types": DocumentType.choices,
        }
        return render(self.request, "documents/import_list.html", context, status=status)


def _master_list_template():
    """The heading row and one example: the columns are read by position."""
    headers = [str(label) for label in importing.LIST_COLUMNS.values()]
    example = ["QP-004", _("Control of documents"), str(DocumentType.PROCEDURE.label), "", "Rev C", "", "", 24]
    return exports.rows_response(headers, [example], "xlsx", "document-master-list")


class MasterListStart(OrgView):
    """The master list of the register as filtered there: what it will list, and the lists drawn lately.

    Always drawn by the worker, even for a register of a few documents: one way to draw and keep it, and no
    web process ever holds a WeasyPrint layout (~70 MB per 500 rows); the progress page offers a small
    register's list within a second or two.
    """

    required_perm = "documents.view_masterlistjob"

    def get(self, request, org_slug):
        filters = selectors.master_list_filters(request.GET)
        documents, criteria = selectors.master_list_documents(
            selectors.visible_documents(self.org, request.user), filters
        )
        context = {
            "title": _("Document master list"),
            "filters": filters,
            "criteria": criteria,
            "count": documents.count(),
            "jobs": MasterListJob.objects.for_org(self.org).select_related("requested_by")[:10],
            "can_add": self.can("add", MasterListJob),
        }
        return render(request, "documents/master_list.html", context)

    def post(self, request, org_slug):
        job = _attempt(request, masterlist.master_list_request, org=self.org, filters=request.POST)
        if job is None:
            return HttpResponseRedirect(reverse("documents:master_list", args=[self.org.slug]))
        return HttpResponseRedirect(reverse("documents:master_list_job", args=[self.org.slug, job.pk]))


class MasterListProgress(OrgView):
    """A master list being drawn: the page, and (htmx, polled every second) its progress until it is ready."""

    model = MasterListJob
    required_perm = "documents.view_masterlistjob"

    def get(self, request, org_slug, pk):
        job = self.get_object()
        partial = request.headers.get("HX-Request") == "true"
        template = "documents/partials/master_list_progress.html" if partial else "documents/master_list_job.html"
        return render(request, template, {"job": job, "title": _("Document master list")})


class MasterListDownload(OrgView):
    """A drawn master list, only to those who may see master lists (the file is never served directly)."""

    model = MasterListJob
    required_perm = "documents.view_masterlistjob"

    def get(self, request, org_slug, pk):
        job = self.get_object()
        if job.status != MasterListStatus.DONE or not job.file:
            raise Http404
        name = f"{self.org.slug}-document-master-list-{timezone.localtime(job.created_at):%Y-%m-%d}.pdf"
        return FileResponse(job.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=name)


class MandatoryChecklist(OrgView):
    """Which documented information the standard asks for is in place, and which is missing (7.5)."""

    required_perm = "documents.view_document"

    def get(self, request, org_slug):
        standard = default_standard(self.org)
        items = evidence.checklist(self.org, standard) if standard else []
        by_key = {key: s for s in starters.all_starters() for key in s.clauses}
        rows = [(item, _starter_for(item, by_key)) for item in items]
        context = {
            "title": _("Mandatory documented information"),
            "standard": standard,
            "rows": rows,
            "summary": evidence.summary(items),
            "labels": evidence.STATUS_LABELS,
            "can_add": self.can("add", Document),
        }
        return render(request, "documents/mandatory.html", context)


def _starter_for(item, by_key):
    """A starter document that would maintain a missing item, if pdca ships one."""
    if evidence.MAINTAIN not in item.missing:
        return None
    return next((by_key[k] for k in sorted(evidence.covering_keys(item.requirement.key)) if k in by_key), None)


class DocumentSettings(OrgView):
    """Approval method and numbering scheme per document type (organisation settings)."""

    required_perm = "documents.change_settings"

    def get(self, request, org_slug):
        initial = SettingsForm.initial_for(services.approval_policy(self.org), services.numbering_scheme(self.org))
        return self.show(SettingsForm(initial=initial))

    def post(self, request, org_slug):
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_update(org=self.org, by=request.user, **form.service_data())
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("documents:settings", args=[self.org.slug]))
            except exceptions.ValidationFailed as exc:
                add_errors(form, exc)
        return self.show(form, status=400)

    def show(self, form, status=200):
        context = {
            "form": form,
            "rows": form.rows(services.next_numbers(self.org)),
            "title": _("Document approval and numbering"),
            "cancel_url": reverse("documents:document_list", args=[self.org.slug]),
        }
        return render(self.request, "documents/settings.html", context, status=status)
