"""Helpers shared by the context pages."""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from pdca.context import selectors


def page_url(name: str, org, *args) -> str:
    return reverse(f"context:{name}", args=[org.slug, *args])


def risk_links(view, source_field: str, obj) -> dict:
    """The risks raised from `obj` and a link to raise another, for those who may see risks."""
    user = view.request.user
    if not user.has_perm("risks.view_risk", view.org):
        return {"risks": None}
    try:
        create = reverse("risks:risk_create", args=[view.org.slug]) + f"?{source_field}={obj.pk}"
    except NoReverseMatch:  # the risks app's pages are not there yet
        create = ""
    return {
        "risks": selectors.risks_of(obj),
        "risk_create_url": create if user.has_perm("risks.add_risk", view.org) else "",
    }


class InPlace:
    """htmx: a requirement edited in place on its party's page answers with the fragment, not a redirect."""

    @property
    def htmx(self) -> bool:
        return self.request.headers.get("HX-Request") == "true"

    def fragment(self, template: str, context: dict, status: int = 200):
        return render(self.request, template, {"org": self.org, **context}, status=status)
