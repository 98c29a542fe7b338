"""Catalogue pages: the clause tree with search, one requirement, and the import page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pdca.core.exceptions import PdcaError
from pdca.core.views.base import OrgView
from pdca.standards import selectors, services
from pdca.standards.catalogue import CatalogueInvalid
from pdca.standards.forms import CatalogueImportForm, CatalogueSearchForm
from pdca.standards.models import Standard


class CatalogueView(OrgView):
    required_perm = "standards.view_standard"

    def get(self, request, org_slug, slug=None):
        standards = list(selectors.standards_for(self.org))
        fallback = selectors.default_standard(self.org) if slug is None else None
        standard = next((s for s in standards if s.slug == slug or s == fallback), None)
        if standard is None:
            raise Http404
        form = CatalogueSearchForm(request.GET or None)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        # Without a search the tree is the same for every visit: the template caches it (keyed by the
        # file's checksum) and calls `rows` only when the cache is cold.
        rows = selectors.clause_tree(standard, query) if query else (lambda: selectors.clause_tree(standard))
        requirement_url = reverse(
            "standards:requirement", kwargs={"org_slug": self.org.slug, "slug": standard.slug, "key": "KEY"}
        ).removesuffix("KEY/")
        context = {
            "title": str(standard),
            "standard": standard,
            "standards": standards,
            "rows": rows,
            "form": form,
            "query": query,
            "match_count": sum(len(r["requirements"]) for r in rows) if query else None,
            "requirement_url": requirement_url,
            "cache_seconds": 0 if query else 24 * 3600,
        }
        return render(request, "standards/catalogue.html", context)


class RequirementView(OrgView):
    required_perm = "standards.view_standard"

    def get(self, request, org_slug, slug, key):
        found = selectors.requirement_page(self.org, slug, key)
        if found is None:
            raise Http404
        requirement, same_key, mapped = found
        standard = requirement.standard
        return render(
            request,
            "standards/requirement.html",
            {
                "title": f"{requirement.clause.number} {requirement.key}",
                "standard": standard,
                "requirement": requirement,
                "same_key": same_key,
                "mapped": mapped,
            },
        )


class CatalogueImportView(OrgView):
    required_perm = "standards.add_standard"

    def get(self, request, org_slug):
        return self.show(CatalogueImportForm())

    def post(self, request, org_slug):
        form = CatalogueImportForm(request.POST, request.FILES)
        if form.is_valid():
            filename, text = form.cleaned_data["file"]
            try:
                standard = services.catalogue_import(org=self.org, text=text, filename=filename, by=request.user)
            except CatalogueInvalid as exc:
                return self.show(form, errors=exc.errors, filename=exc.filename, status=400)
            except PdcaError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, _("Imported %(standard)s.") % {"standard": standard})
                return redirect("standards:catalogue_of", org_slug=self.org.slug, slug=standard.slug)
        return self.show(form, status=400)

    def show(self, form, errors=None, filename="", status=200):
        own = Standard.objects.filter(organisation=self.org)
        return render(
            self.request,
            "standards/import.html",
            {
                "form": form,
                "errors": errors or [],
                "filename": filename,
                "own": own,
                "title": _("Import a catalogue"),
            },
            status=status,
        )
