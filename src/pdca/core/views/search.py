"""The search page: the organisation's entries the user may see, best first, a page at a time."""

from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from pdca.core import search
from pdca.core.views.base import OrgView

PAGE_SIZE = 20
MAX_PAGE = 50  # past a thousand results, a narrower query helps more than another page


class SearchView(OrgView):
    def get(self, request, org_slug):
        params = search_params(request.GET)
        number = params.pop("page")
        results = search.search(self.org, request.user, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, **params)
        if not results.items and number > 1:  # past the end: show the last page instead
            total = search.search(self.org, request.user, limit=1, **params).total
            number = max(1, min(-(-total // PAGE_SIZE), MAX_PAGE))
            results = search.search(self.org, request.user, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, **params)
        page = Page(results.items, number, Paginator(range(min(results.total, MAX_PAGE * PAGE_SIZE)), PAGE_SIZE))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "title": _("Search"),
            "q": params["query"],
            "include_obsolete": params["include_obsolete"],
            "kind": (params["kinds"] or [""])[0],
            "kinds": sorted(((k.name, str(k.label)) for k in search.KINDS.values()), key=lambda k: k[1]),
            "results": results,
            "page": page,
            "query_without_page": query.urlencode(),
        }
        return render(request, "core/search.html", context)


def search_params(get) -> dict:
    """query, include_obsolete, kinds and page from a query string; anything odd falls back to a default."""
    page = get.get("page", "1")
    kind = get.get("kind", "")
    return {
        "query": get.get("q", "")[: search.MAX_QUERY_CHARS * 2],
        "include_obsolete": get.get("obsolete", get.get("include_obsolete", "")).lower() in {"1", "on", "true"},
        "kinds": [kind] if kind in search.KINDS else None,
        "page": max(1, min(int(page), MAX_PAGE)) if page.isdigit() and len(page) < 6 else 1,
    }
