"""Helpers shared by the context pages."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pdca.context import selectors
from pdca.context.forms import quicken
from pdca.core.views.generic import ObjectListView


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


_EMPTY_BARS: dict[tuple, str] = {}


class QuickListView(ObjectListView):
    """A register whose empty filter bar (its widgets cost several milliseconds a page) is rendered once per
    register and language; the filters hold no rows of an organisation (searches and fixed choices only)."""

    template_name = "context/list.html"

    def get_context(self, filterset, page) -> dict:
        quicken(filterset.form)
        context = super().get_context(filterset, page)
        if not filterset.is_bound:
            key = (type(self).__name__, get_language())
            if key not in _EMPTY_BARS:
                html = render_to_string("context/partials/filter_fields.html", {"form": filterset.form})
                _EMPTY_BARS[key] = mark_safe(html)  # escaped by the template
            context["filter_bar"] = _EMPTY_BARS[key]
        return context
