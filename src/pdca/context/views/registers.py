"""The context register with the climate-change determination, and the interested parties with their
requirements (edited in place on the party's page)."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from pdca.context import charts, selectors, services
from pdca.context.filtersets import (
    ClimateDeterminationFilterSet,
    ContextIssueFilterSet,
    InterestedPartyFilterSet,
    PartyRequirementFilterSet,
)
from pdca.context.forms import (
    ClimateDeterminationForm,
    ContextIssueForm,
    InterestedPartyForm,
    PartyRequirementForm,
)
from pdca.context.models import (
    ClimateDetermination,
    ContextIssue,
    InterestedParty,
    PartyRequirement,
)
from pdca.context.tables import (
    ClimateDeterminationTable,
    ContextIssueTable,
    InterestedPartyTable,
    PartyRequirementTable,
)
from pdca.context.views.common import InPlace, QuickListView, page_url, risk_links
from pdca.core.exceptions import ConcurrentEditError, PdcaError
from pdca.core.services import person_for_user
from pdca.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, add_errors

# --- context issues and the climate determination


class ContextIssueList(QuickListView):
    model, table_class, filterset_class = ContextIssue, ContextIssueTable, ContextIssueFilterSet
    template_name = "context/contextissue_list.html"
    title = _("Context issues")

    def get_context(self, filterset, page) -> dict:
        context = super().get_context(filterset, page)
        climate = services.climate_latest(self.org)
        context.update(
            climate=climate,
            can_determine=self.can("add", ClimateDetermination),
            climate_issues=ContextIssue.objects.filter(organisation=self.org, climate_related=True, is_active=True)
            .values_list("pk", flat=True)
            .first()
            is not None,
            profile=charts.issue_profile(selectors.issue_counts(self.org)),
        )
        return context

    def more_actions(self):
        return [(_("Climate determinations"), page_url("climatedetermination_list", self.org))]


class ContextIssueDetail(ObjectDetailView):
    model, table_class = ContextIssue, ContextIssueTable
    template_name = "context/contextissue_detail.html"
    detail_fields = [
        "direction",
        "category",
        "climate_related",
        "description",
        "effect",
        "effect_on_qms",
        "owner",
        "review_date",
        "is_active",
    ]

    def get_context(self, obj) -> dict:
        return {**super().get_context(obj), **risk_links(self, "context_issue", obj)}


class ContextIssueEdit(ObjectEditView):
    model, form_class = ContextIssue, ContextIssueForm
    create_service = staticmethod(services.issue_create)
    update_service = staticmethod(services.issue_update)


class ContextIssueDelete(ObjectDeleteView):
    model = ContextIssue


class ClimateDeterminationList(QuickListView):
    model, table_class = ClimateDetermination, ClimateDeterminationTable
    filterset_class = ClimateDeterminationFilterSet
    template_name = "context/climatedetermination_list.html"
    title = _("Climate-change determinations")

    def get_context(self, filterset, page) -> dict:
        return {**super().get_context(filterset, page), "climate": services.climate_latest(self.org)}


class ClimateDeterminationDetail(ObjectDetailView):
    model, table_class = ClimateDetermination, ClimateDeterminationTable
    detail_fields = ["relevant", "rationale", "decided_on", "decided_by", "created_at"]


class ClimateDeterminationEdit(ObjectEditView):
    """Record a new determination; an earlier one is never changed (the role rules grant "change" to nobody)."""

    model, form_class = ClimateDetermination, ClimateDeterminationForm
    create_service = staticmethod(services.climate_determine)

    def get_form(self, instance, data=None, files=None):
        person = person_for_user(self.org, self.request.user)
        return self.form_class(data, files, instance=instance, org=self.org, person=person)

    def success_url(self, obj) -> str:
        return page_url("contextissue_list", self.org)


class ClimateDeterminationDelete(ObjectDeleteView):
    """Never allowed: determinations are kept as the history of the answer."""

    model = ClimateDetermination


# --- interested parties and their requirements


class InterestedPartyList(QuickListView):
    model, table_class, filterset_class = InterestedParty, InterestedPartyTable, InterestedPartyFilterSet
    title = _("Interested parties")

    def get_queryset(self):
        return selectors.parties_with_counts(super().get_queryset())

    def more_actions(self):
        return [(_("All their requirements"), page_url("partyrequirement_list", self.org))]


class InterestedPartyDetail(ObjectDetailView):
    model, table_class = InterestedParty, InterestedPartyTable
    template_name = "context/interestedparty_detail.html"
    detail_fields = ["category", "description", "owner", "review_date"]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        can_add = self.can("add", PartyRequirement)
        context.update(
            requirements=selectors.requirements_of(obj),
            can_edit_requirements=self.can("change", PartyRequirement),
            can_delete_requirements=self.can("delete", PartyRequirement),
            requirement_form=(
                PartyRequirementForm(org=self.org, initial={"party": obj.pk}, fixed_party=True) if can_add else None
            ),
            can_view_risks=self.request.user.has_perm("risks.view_risk", self.org),
        )
        return context


class InterestedPartyEdit(ObjectEditView):
    model, form_class = InterestedParty, InterestedPartyForm
    create_service = staticmethod(services.party_create)
    update_service = staticmethod(services.party_update)


class InterestedPartyDelete(ObjectDeleteView):
    model = InterestedParty


class PartyRequirementList(QuickListView):
    model, table_class, filterset_class = PartyRequirement, PartyRequirementTable, PartyRequirementFilterSet
    title = _("Interested-party requirements")

    def get_context(self, filterset, page) -> dict:
        return {**super().get_context(filterset, page), "wrap_first_column": True}


ITEM, FORM = "context/partials/requirement_item.html", "context/partials/requirement_form.html"


def _item_context(view, obj: PartyRequirement) -> dict:
    """One requirement as its party's page lists it (the fragment htmx swaps in)."""
    obj = PartyRequirement.objects.prefetch_related("processes").get(pk=obj.pk)
    obj.risk_count = obj.risks.count()
    return {
        "item": obj,
        "can_edit_requirements": view.can("change", PartyRequirement),
        "can_delete_requirements": view.can("delete", PartyRequirement),
        "can_view_risks": view.request.user.has_perm("risks.view_risk", view.org),
    }


class PartyRequirementDetail(InPlace, ObjectDetailView):
    model, table_class = PartyRequirement, PartyRequirementTable
    template_name = "context/partyrequirement_detail.html"
    detail_fields = ["party", "requirement", "climate_related", "how_addressed", "is_active"]

    def get(self, request, *args, **kwargs):
        if self.htmx and request.GET.get("item"):  # "Cancel" of an edit in place: the item again
            obj = self.get_object()
            self.require("view", obj, obj)
            return self.fragment(ITEM, _item_context(self, obj))
        return super().get(request, *args, **kwargs)

    def get_context(self, obj) -> dict:
        processes = list(obj.processes.order_by("number"))
        return {**super().get_context(obj), "processes": processes, **risk_links(self, "party_requirement", obj)}


class PartyRequirementEdit(InPlace, ObjectEditView):
    """Add or change a party's requirement: in place on the party's page (htmx), or as a page of its own."""

    model, form_class = PartyRequirement, PartyRequirementForm
    create_service = staticmethod(services.party_requirement_create)
    update_service = staticmethod(services.party_requirement_update)

    def get_form(self, instance, data=None, files=None):
        party = self.request.GET.get("party", "")
        initial = {"party": int(party)} if party.isdigit() and instance is None else {}
        fixed = self.htmx or bool(initial)
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial, fixed_party=fixed)

    def get(self, request, *args, **kwargs):
        if not self.htmx:
            return super().get(request, *args, **kwargs)
        instance = self.get_instance()
        return self.fragment(FORM, {"form": self.get_form(instance), "item": instance})

    def post(self, request, *args, **kwargs):
        if not self.htmx:
            return super().post(request, *args, **kwargs)
        instance = self.get_instance()
        form = self.get_form(instance, request.POST)
        if form.is_valid():
            try:
                obj = self.save(form, instance)
            except ConcurrentEditError as exc:
                form.add_error(None, exc.message)
                return self.fragment(FORM, {"form": form, "item": instance}, status=409)
            except PdcaError as exc:
                add_errors(form, exc)
            else:
                return self.saved(obj, created=instance is None)
        return self.fragment(FORM, {"form": form, "item": instance}, status=400)

    def saved(self, obj, *, created: bool):
        """An edit answers with the item; an addition with a fresh form, the new item appended out of band."""
        context = _item_context(self, obj)
        if not created:
            return self.fragment(ITEM, context)
        form = self.form_class(org=self.org, initial={"party": obj.party_id}, fixed_party=True)
        return self.fragment("context/partials/requirement_added.html", {**context, "form": form})

    def success_url(self, obj) -> str:
        return obj.party.get_absolute_url()


class PartyRequirementDelete(InPlace, ObjectDeleteView):
    """Remove a requirement: in place (htmx answers with nothing, so the item goes) or from its page."""

    model = PartyRequirement

    def post(self, request, *args, **kwargs):
        obj = self.get_deletable()
        party_url = obj.party.get_absolute_url()
        try:
            self.delete_service(obj, by=request.user, reason=request.POST.get("reason", ""))
        except PdcaError as exc:
            if self.htmx:
                return HttpResponse(exc.message, status=400)
            messages.error(request, exc.message)
            return HttpResponseRedirect(obj.get_absolute_url())
        if self.htmx:
            return HttpResponse("")
        messages.success(request, _("Deleted “%(object)s”.") % {"object": obj})
        return HttpResponseRedirect(party_url)
