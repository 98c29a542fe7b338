"""Core's pages: start page, organisation home, sites, people, actions, members, trail, files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from pdca.core import exports, selectors, services
from pdca.core.choices import ACTION_TRANSITIONS, OPEN_ACTION_STATUSES, ActionStatus
from pdca.core.exceptions import PdcaError
from pdca.core.filtersets import ActionFilterSet, MembershipFilterSet, PersonFilterSet, SiteFilterSet
from pdca.core.forms import (
    ActionForm,
    ActionTransitionForm,
    AttachmentForm,
    ClauseTagsForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
    SiteForm,
)
from pdca.core.models import Action, Attachment, Membership, Organisation, OrgScopedModel, Person, Site, TrailEntry
from pdca.core.tables import ActionTable, MembershipTable, PersonTable, SiteTable
from pdca.core.views.base import OrgView
from pdca.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, add_errors


@login_required
def home(request):
    """Straight into the only organisation, or a choice between several (a consultant's clients)."""
    memberships = list(selectors.memberships_of(request.user))
    if len(memberships) == 1:
        return redirect(memberships[0].organisation.get_absolute_url())
    return render(request, "core/home.html", {"memberships": memberships})


class OrgHomeView(OrgView):
    def get(self, request, org_slug):
        person = services.person_for_user(self.org, request.user)
        due = list(selectors.open_due_items(self.org, person)[:10]) if person else []
        counts = {
            "open_actions": Action.objects.for_org(self.org).filter(status__in=OPEN_ACTION_STATUSES).count(),
            "people": Person.objects.for_org(self.org).filter(is_active=True).count(),
            "sites": Site.objects.for_org(self.org).count(),
        }
        return render(
            request,
            "core/org_home.html",
            {"due_items": due, "counts": counts, "person": person, "cards": dashboard_cards(request, self.org)},
        )


def dashboard_cards(request, org) -> list[str]:
    """Each app's card for the organisation's home page, rendered by the app (see DASHBOARD_CARDS)."""
    import importlib

    from pdca.core.navigation import DASHBOARD_CARDS

    cards = []
    for dotted in DASHBOARD_CARDS:
        module, _, name = dotted.rpartition(".")
        html = getattr(importlib.import_module(module), name)(request, org)
        if html:
            cards.append(html)
    return cards


class FloorView(OrgView):
    """An empty page in the full layout: the benchmark's floor (auth, tenancy, base template, no data)."""

    def get(self, request, org_slug):
        return render(request, "core/floor.html", {"title": _("Empty page")})


# --- Sites, people, actions: generic pages declared by attributes.


class SiteList(ObjectListView):
    model, table_class, filterset_class = Site, SiteTable, SiteFilterSet


class SiteDetail(ObjectDetailView):
    model, table_class = Site, SiteTable


class SiteEdit(ObjectEditView):
    model, form_class = Site, SiteForm


class SiteDelete(ObjectDeleteView):
    model = Site


class PersonList(ObjectListView):
    model, table_class, filterset_class = Person, PersonTable, PersonFilterSet


class PersonDetail(ObjectDetailView):
    model, table_class = Person, PersonTable
    detail_fields = ["name", "job_title", "email", "site", "manager", "user", "is_active"]


class PersonEdit(ObjectEditView):
    model, form_class = Person, PersonForm


class PersonDelete(ObjectDeleteView):
    model = Person


class ActionList(ObjectListView):
    model, table_class, filterset_class = Action, ActionTable, ActionFilterSet
    title = _("Action register")


class ActionDetail(ObjectDetailView):
    model, table_class = Action, ActionTable
    template_name = "core/action_detail.html"

    def get_context(self, obj) -> dict:
        allowed = ACTION_TRANSITIONS.get(obj.status, set())
        choices = [(s, ActionStatus(s).label) for s in ActionStatus.values if s in allowed]
        return {
            **super().get_context(obj),
            "transitions": choices,
            "transition_form": ActionTransitionForm(initial={"evidence": obj.evidence}),
        }

    detail_fields = [
        "number",
        "title",
        "description",
        "owner",
        "due_date",
        "priority",
        "status",
        "evidence",
        "completed_on",
    ]


def _create_action(model, *, org, data, by):
    return services.action_create(org=org, data=data, by=by)


class ActionEdit(ObjectEditView):
    model, form_class = Action, ActionForm
    create_service = staticmethod(_create_action)
    update_service = staticmethod(services.action_update)


class ActionDelete(ObjectDeleteView):
    model = Action
    delete_service = staticmethod(services.action_delete)


class ActionTransition(OrgView):
    """Move an action along its workflow from its page, with evidence and a reason."""

    model = Action

    def post(self, request, org_slug, pk):
        action = self.get_object()
        self.require("change", action, action)
        form = ActionTransitionForm(request.POST)
        if form.is_valid():
            try:
                services.action_transition(action, by=request.user, **form.cleaned_data)
                messages.success(
                    request,
                    _("%(action)s is now %(status)s.")
                    % {"action": action.number, "status": action.get_status_display().lower()},
                )
            except PdcaError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, _("Choose what the action should become."))
        return HttpResponseRedirect(action.get_absolute_url())


class MembershipList(ObjectListView):
    model, table_class, filterset_class = Membership, MembershipTable, MembershipFilterSet
    title = _("Members and roles")


class MembershipDetail(ObjectDetailView):
    model, table_class = Membership, MembershipTable
    detail_fields = ["user", "user.email", "role", "expires_at"]


class MembershipEdit(ObjectEditView):
    model, form_class = Membership, MembershipForm

    update_service = staticmethod(services.membership_update)

    def save(self, form, instance):
        if instance is not None:
            return super().save(form, instance)
        return services.membership_set(
            org=self.org,
            user=form.user,
            role=form.cleaned_data["role"],
            expires_at=form.cleaned_data["expires_at"],
            by=self.request.user,
        )


class MembershipDelete(ObjectDeleteView):
    model = Membership
    delete_service = staticmethod(services.membership_remove)


class OrganisationSettings(OrgView):
    """The organisation's own details; administrators only."""

    required_perm = "core.change_organisation"

    def get(self, request, org_slug):
        return self.show(OrganisationForm(instance=self.org))

    def post(self, request, org_slug):
        form = OrganisationForm(request.POST, instance=Organisation.objects.get(pk=self.org.pk))
        if form.is_valid():
            try:
                services.organisation_update(self.org, data=form.cleaned_data, by=request.user)
            except PdcaError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("core:org_settings", org_slug=self.org.slug)
        return self.show(form, status=400)

    def show(self, form, status=200):
        context = {
            "form": form,
            "title": _("Organisation"),
            "headcount": self.org.headcount(),
            "cancel_url": reverse("core:org_home", kwargs={"org_slug": self.org.slug}),
        }
        return render(self.request, "core/org_settings.html", context, status=status)


# --- The organisation's trail


class TrailView(OrgView):
    required_perm = "core.view_trail"

    def get(self, request, org_slug):
        before = request.GET.get("before")
        before = int(before) if before and before.isdigit() else None
        params = request.GET.copy()
        params.pop("before", None)
        if request.GET.get("export") in exports.FORMATS:
            return self.export(params, request.GET["export"])
        filterset, entries, next_before = selectors.trail_page(self.org, params, before=before)
        return render(
            request,
            "core/trail.html",
            {
                "filterset": filterset,
                "entries": entries,
                "next_before": next_before,
                "query": _without(params, "export"),
                "types": selectors.trail_types(self.org),
                "actors": selectors.trail_actors(self.org),
                "title": _("Audit trail"),
            },
        )

    def export(self, params, fmt):
        from pdca.core.filtersets import TrailFilterSet

        params.pop("export", None)
        filterset = TrailFilterSet(params or None, queryset=TrailEntry.objects.filter(organisation=self.org))
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        rows = (
            [
                e.at,
                e.actor_label,
                e.source,
                e.get_action_display(),
                e.content_type.name,
                e.object_id,
                e.object_label,
                _changes_text(e.changes),
                e.reason,
            ]
            for e in queryset.select_related("content_type").order_by("-id").iterator(chunk_size=5000)
        )
        headers = [
            _("When"),
            _("Who"),
            _("Through"),
            _("What"),
            _("Type"),
            _("Id"),
            _("Object"),
            _("Changes"),
            _("Reason"),
        ]
        return exports.rows_response(headers, rows, fmt, f"{self.org.slug}-trail")


def _without(params, *names) -> str:
    copy = params.copy()
    for name in names:
        copy.pop(name, None)
    return copy.urlencode()


def _changes_text(changes: dict) -> str:
    parts = []
    for field, change in changes.items():
        if isinstance(change, dict):
            old = change.get("old_label", change.get("old", ""))
            new = change.get("new_label", change.get("new", ""))
            parts.append(f"{field}: {old} → {new}" if "old" in change and "new" in change else f"{field}: {new or old}")
    return "; ".join(parts)


# --- Attachments and clause tags of any row


class TargetMixin:
    """Finds the row named by content type and id, inside the organisation, for attach/tag pages."""

    def get_target(self) -> OrgScopedModel:
        ct = get_object_or_404(ContentType, pk=self.kwargs["ct"])
        model = ct.model_class()
        if model is None or not issubclass(model, OrgScopedModel):
            raise Http404
        return get_object_or_404(model.objects.filter(organisation=self.org), pk=self.kwargs["pk"])


class AttachmentUpload(TargetMixin, OrgView):
    def post(self, request, org_slug, ct, pk):
        target = self.get_target()
        self.require("change", target, target)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file to attach."))
        else:
            try:
                services.attachment_add(target=target, upload=form.cleaned_data["file"], by=request.user)
                messages.success(request, _("File attached."))
            except PdcaError as exc:
                messages.error(request, exc.message)
        return HttpResponseRedirect(_back(request, target))


class ClauseTagsEdit(TargetMixin, OrgView):
    def post(self, request, org_slug, ct, pk):
        target = self.get_target()
        self.require("change", target, target)
        form = ClauseTagsForm(request.POST)
        form.is_valid()
        try:
            services.clause_tags_set(
                target=target, keys=form.cleaned_data.get("clauses", "").split(","), by=request.user
            )
            messages.success(request, _("Clauses updated."))
        except PdcaError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(_back(request, target))


def _back(request, target) -> str:
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else None
    return url or reverse("core:org_home", kwargs={"org_slug": request.org.slug})


class AttachmentDownload(OrgView):
    """Files have no public URL: this view checks that the user may see the row they belong to."""

    model = Attachment

    def get(self, request, org_slug, pk):
        attachment = self.get_object(Attachment.objects.select_related("content_type"))
        target = attachment.target
        if target is None or not self.can("view", target, target):
            raise PermissionDenied
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.mime_type,
            as_attachment=True,
            filename=attachment.filename,
        )
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


# --- Account


@login_required
def api_token(request):
    """Show, create or renew the user's API token."""
    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
        messages.success(request, _("A new API token was created; the old one no longer works."))
        return redirect("api_token")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "core/api_token.html", {"token": token, "title": _("API token")})
