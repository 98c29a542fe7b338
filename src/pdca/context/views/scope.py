"""The QMS scope page: the scope, its not-applicable requirements (the gap app's list, edited here through
its service), the consistency check and publishing the scope document."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pdca.context import scope as scope_services
from pdca.context.forms import JustificationForm, NotApplicableForm, QmsScopeForm
from pdca.context.models import QmsScope, ScopePublication
from pdca.context.views.common import page_url
from pdca.core.exceptions import ConcurrentEditError, PdcaError
from pdca.core.models import TrailEntry
from pdca.core.views.base import OrgView
from pdca.core.views.generic import add_errors
from pdca.gap.models import Applicability
from pdca.standards.models import Requirement

HISTORY = 10


class ScopeView(OrgView):
    """The scope: what it says, the requirements that do not apply (the gap app's list, edited here), whether
    the effective scope document still matches, and the button that publishes it as a new revision."""

    def get(self, request, org_slug):
        self.require("view", QmsScope)
        scope = scope_services.scope_of(self.org)
        context = {"title": _("QMS scope"), "scope": scope, "can_na": self.can("add", Applicability)}
        if scope is None:
            context["can_change"] = self.can("add", QmsScope)
            return render(request, "context/scope.html", context)
        scope.organisation = self.org
        decisions = scope_services.not_applicable(scope)
        check = scope_services.scope_check(scope, decisions)
        expected = {d.requirement.key for d in check.not_allowed}
        context.update(
            can_change=self.can("change", scope, scope),
            sites=list(scope.sites.order_by("name")),
            lines=[
                (line, bool(expected.intersection(line.keys))) for line in scope_services.na_lines(scope, decisions)
            ],
            check=check,
            publications=list(
                ScopePublication.objects.filter(scope=scope).select_related("revision").order_by("-id")[:HISTORY]
            ),
            na_form=NotApplicableForm(choices=scope_services.na_choices(scope, decisions)),
            **_history(self, scope),
        )
        return render(request, "context/scope.html", context)


def _history(view, scope) -> dict:
    ct = ContentType.objects.get_for_model(QmsScope)
    entries = TrailEntry.objects.filter(organisation=view.org, content_type=ct, object_id=scope.pk)
    url = ""
    if view.request.user.has_perm("core.view_trail", view.org):
        url = reverse("core:trail", kwargs={"org_slug": view.org.slug}) + f"?type={ct.pk}&object={scope.pk}"
    return {
        "history": entries.select_related("actor", "content_type")[:HISTORY],
        "history_limit": HISTORY,
        "full_history_url": url,
    }


class ScopeEdit(OrgView):
    """Set the scope the first time, or change it (with the version check)."""

    def get(self, request, org_slug):
        scope = self._scope()
        return self.show(QmsScopeForm(instance=scope, org=self.org), scope)

    def post(self, request, org_slug):
        scope = self._scope()
        form = QmsScopeForm(request.POST, instance=scope, org=self.org)
        if form.is_valid():
            data = {**form.service_data(), "sites": list(form.cleaned_data["sites"])}
            try:
                scope_services.scope_save(
                    org=self.org, data=data, by=request.user, version=form.cleaned_data["version"]
                )
            except ConcurrentEditError as exc:
                form.add_error(None, exc.message)
                form.data = form.data.copy()
                form.data["version"] = QmsScope.objects.get(pk=scope.pk).version
                return self.show(form, scope, status=409, conflict=True)
            except PdcaError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved the QMS scope."))
                return HttpResponseRedirect(page_url("scope", self.org))
        return self.show(form, scope, status=400)

    def _scope(self):
        scope = QmsScope.objects.filter(organisation=self.org).first()
        if scope is None:
            self.require("add", QmsScope)
        else:
            self.require("change", scope, scope)
        return scope

    def show(self, form, scope, status=200, conflict=False):
        context = {
            "form": form,
            "object": scope,
            "title": _("Edit the QMS scope") if scope else _("Set the QMS scope"),
            "cancel_url": page_url("scope", self.org),
            "conflict": conflict,
        }
        return render(self.request, "core/object_form.html", context, status=status)


def _flash(request, exc: PdcaError) -> None:
    for errors in getattr(exc, "errors", {"": [exc.message]}).values():
        for message in errors:
            messages.error(request, message)


class ScopePublish(OrgView):
    """Generate the scope document as a new draft revision, then open it to be submitted for approval."""

    def post(self, request, org_slug):
        scope = QmsScope.objects.filter(organisation=self.org).first()
        if scope is None:
            return HttpResponseRedirect(page_url("scope_edit", self.org))
        self.require("change", scope, scope)
        try:
            revision = scope_services.scope_publish(scope, by=request.user)
        except PdcaError as exc:
            _flash(request, exc)
            return HttpResponseRedirect(page_url("scope", self.org))
        messages.success(
            request,
            _("Revision %(r)s of %(d)s was generated from the scope. Check it, then submit it for approval.")
            % {"r": revision.label, "d": revision.document.number},
        )
        return HttpResponseRedirect(revision.get_absolute_url())


class ScopeNotApplicable(OrgView):
    """Add to the not-applicable list, change a justification, or make requirements apply again: always
    through the gap app's applicability service (`action` is "add", "justify" or "remove")."""

    action = "add"

    def post(self, request, org_slug):
        scope = QmsScope.objects.filter(organisation=self.org).select_related("standard").first()
        if scope is None:
            return HttpResponseRedirect(page_url("scope_edit", self.org))
        self.require("add", Applicability)
        scope.organisation = self.org
        try:
            count = self.apply(scope)
        except PdcaError as exc:
            _flash(request, exc)
        else:
            messages.success(request, self.done(count))
        return HttpResponseRedirect(page_url("scope", self.org) + "#not-applicable")

    def apply(self, scope) -> int:
        by, post = self.request.user, self.request.POST
        if self.action == "add":
            form = NotApplicableForm(post, choices=scope_services.na_choices(scope, []))
            if not form.is_valid():
                return _refuse(form)
            requirements = scope_services.requirements_for(scope, form.cleaned_data["target"])
            justification = form.cleaned_data["justification"]
            return scope_services.na_set(
                scope, requirements=requirements, applicable=False, justification=justification, by=by
            )
        requirements = list(Requirement.objects.filter(standard=scope.standard, key__in=post.getlist("keys")))
        if self.action == "remove":
            return scope_services.na_set(scope, requirements=requirements, applicable=True, by=by)
        form = JustificationForm(post)
        if not form.is_valid():
            return _refuse(form)
        justification = form.cleaned_data["justification"]
        return scope_services.na_set(
            scope, requirements=requirements, applicable=False, justification=justification, by=by
        )

    def done(self, count: int) -> str:
        if self.action == "remove":
            return _("%(n)s requirement(s) apply again.") % {"n": count}
        if self.action == "justify":
            return _("Justification saved for %(n)s requirement(s).") % {"n": count}
        return _("%(n)s requirement(s) marked not applicable.") % {"n": count}


def _refuse(form):
    from pdca.core.exceptions import ValidationFailed

    raise ValidationFailed({name: [str(e) for e in errors] for name, errors in form.errors.items()})
