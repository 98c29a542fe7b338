"""The tenancy mechanism for pages: the organisation comes from the URL, never from input.

Every organisation page is a subclass of OrgView. It answers anonymous users with a redirect to
the login page and users who are not members of the organisation with 404, so a page cannot
tell an outsider whether an organisation or object exists.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View

from pdca.core.permissions import can, membership_by_slug


class OrgView(View):
    """Base of every page under /o/<org_slug>/: sets self.org and self.membership or answers 404."""

    required_perm: str | None = None  # e.g. "core.view_trail", checked against the organisation

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.membership = membership_by_slug(request.user, kwargs["org_slug"])
        if self.membership is None:
            raise Http404
        self.org = self.membership.organisation
        request.org, request.membership = self.org, self.membership
        if self.required_perm and not request.user.has_perm(self.required_perm, self.org):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def require(self, action: str, model_or_obj, target=None) -> None:
        if not can(self.request.user, action, model_or_obj, target if target is not None else self.org):
            raise PermissionDenied

    def can(self, action: str, model_or_obj, target=None) -> bool:
        return can(self.request.user, action, model_or_obj, target if target is not None else self.org)

    def get_object(self, queryset=None):
        """The row named by the URL, looked up inside this organisation only."""
        queryset = queryset if queryset is not None else self.model.objects.all()
        obj = get_object_or_404(queryset.filter(organisation=self.org), pk=self.kwargs["pk"])
        obj.organisation = self.org  # the same row, already loaded: spares a query wherever obj.organisation is read
        return obj
