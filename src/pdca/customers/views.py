"""Customer pages: the customer list (import, export), feedback with the complaint workflow, surveys with
their questions, rounds (invitations) and results, KPI feeds, the settings, and the public answer page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from pdca.core import exceptions, exports
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.core.views.base import OrgView
from pdca.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, add_errors
from pdca.customers import charts, importing, selectors, services
from pdca.customers.choices import SURVEY_TRANSITIONS, QuestionKind, SurveyStatus
from pdca.customers.filtersets import (
    CustomerFilterSet,
    FeedbackFilterSet,
    KpiFeedFilterSet,
    SurveyFilterSet,
    SurveyQuestionFilterSet,
    SurveyRoundFilterSet,
)
from pdca.customers.forms import (
    CustomerForm,
    CustomerImportForm,
    CustomerSettingsForm,
    FeedbackForm,
    FeedbackTransitionForm,
    InviteForm,
    KpiFeedForm,
    SurveyForm,
    SurveyQuestionForm,
    SurveyRoundForm,
)
from pdca.customers.models import Customer, CustomerSettings, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound
from pdca.customers.tables import (
    CustomerExportTable,
    CustomerTable,
    FeedbackTable,
    KpiFeedTable,
    SurveyQuestionTable,
    SurveyRoundTable,
    SurveyTable,
)


def _report_errors(request, exc: exceptions.PdcaError) -> None:
    for errors in getattr(exc, "errors", {"": [exc.message]}).values():
        for message in errors:
            messages.error(request, message)


# --- customers


class CustomerList(ObjectListView):
    model, table_class, filterset_class = Customer, CustomerTable, CustomerFilterSet
    title = _("Customers")

    def get_queryset(self):
        return selectors.customers_for_table(self.org)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in exports.FORMATS:
            self.table_class = CustomerExportTable
            self.get_queryset = lambda: Customer.objects.for_org(self.org).select_related("account_owner")
        return super().get(request, *args, **kwargs)

    def more_actions(self):
        slug = self.org.slug
        actions = [(_("Feedback"), reverse("customers:feedback_list", args=[slug]))]
        if self.can("add", Customer):
            actions.append((_("Import"), reverse("customers:import", args=[slug])))
        return actions


class CustomerDetail(ObjectDetailView):
    model, table_class = Customer, CustomerTable
    template_name = "customers/customer_detail.html"
    detail_fields = ["sector", "contact_name", "contact_email", "phone", "account_owner", "is_active", "notes"]

    def get_context(self, obj) -> dict:
        return {
            **super().get_context(obj),
            "feedback": selectors.feedback_of(obj),
            "can_log": self.can("add", Feedback),
            "recommendations": selectors.recommendations_of(obj) if self.can("view", Survey) else None,
        }


class CustomerEdit(ObjectEditView):
    model, form_class = Customer, CustomerForm
    create_service = staticmethod(services.customer_create)
    update_service = staticmethod(services.customer_update)


class CustomerDelete(ObjectDeleteView):
    model = Customer
    delete_service = staticmethod(services.customer_delete)


class CustomerImport(OrgView):
    """Bring an existing customer list in from Excel or CSV: every row checked first, then all or nothing."""

    def get(self, request, org_slug):
        self.require("add", Customer)
        if request.GET.get("template") == "xlsx":
            return exports.rows_response(importing.headers(), [importing.example_row()], "xlsx", "customer-list")
        return self.show(CustomerImportForm())

    def post(self, request, org_slug):
        self.require("add", Customer)
        form = CustomerImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            created = importing.customer_list_import(
                org=self.org, fileobj=upload, filename=upload.name, by=request.user
            )
        except SpreadsheetInvalid as exc:
            return self.show(form, errors=[str(e) for e in exc.errors], status=400)
        except exceptions.PdcaError as exc:
            return self.show(form, errors=[exc.message], status=400)
        messages.success(request, _("%(n)s customers imported.") % {"n": len(created)})
        return HttpResponseRedirect(reverse("customers:customer_list", args=[self.org.slug]))

    def show(self, form, errors=(), status=200):
        context = {
            "title": _("Import a customer list"),
            "form": form,
            "errors": errors,
            "columns": importing.COLUMN_HELP,
            "list_url": reverse("customers:customer_list", args=[self.org.slug]),
        }
        return render(self.request, "customers/import.html", context, status=status)


# --- feedback


class FeedbackList(ObjectListView):
    model, table_class, filterset_class = Feedback, FeedbackTable, FeedbackFilterSet
    title = _("Customer feedback and complaints")

    def get_queryset(self):
        return selectors.feedback_for_table(self.org)

    def more_actions(self):
        slug = self.org.slug
        base = reverse("customers:feedback_list", args=[slug])
        return [
            (_("Overdue complaints"), f"{base}?due=overdue"),
            (_("Customers"), reverse("customers:customer_list", args=[slug])),
        ]


class FeedbackDetail(ObjectDetailView):
    model, table_class = Feedback, FeedbackTable
    template_name = "customers/feedback_detail.html"
    detail_fields = ["customer", "kind", "received_on", "channel", "reference", "owner", "description"]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        form = FeedbackTransitionForm(feedback=obj) if context["can_change"] else None
        return {**context, "transition_form": form, "is_workflow": obj.kind in services.WORKFLOW_KINDS}


class FeedbackEdit(ObjectEditView):
    model, form_class = Feedback, FeedbackForm
    create_service = staticmethod(services.feedback_create)
    update_service = staticmethod(services.feedback_update)

    def get_form(self, instance, data=None, files=None):
        initial = {}
        if instance is None and data is None and self.request.GET.get("customer", "").isdigit():
            initial["customer"] = int(self.request.GET["customer"])
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)


class FeedbackDelete(ObjectDeleteView):
    model = Feedback
    delete_service = staticmethod(services.feedback_delete)


class FeedbackTransition(OrgView):
    """Move feedback to its next step from its page (the response, findings or reason with it)."""

    model = Feedback

    def post(self, request, org_slug, pk):
        feedback = self.get_object(Feedback.objects.select_related("owner"))
        self.require("change", feedback, feedback)
        form = FeedbackTransitionForm(request.POST, feedback=feedback)
        if form.is_valid():
            try:
                services.feedback_transition(feedback, by=request.user, **form.cleaned_data)
            except exceptions.PdcaError as exc:
                _report_errors(request, exc)
            else:
                messages.success(request, _("Now “%(s)s”.") % {"s": feedback.get_status_display()})
        else:
            messages.error(request, _("Choose the next step."))
        return HttpResponseRedirect(feedback.get_absolute_url())


# --- surveys


class SurveyList(ObjectListView):
    model, table_class, filterset_class = Survey, SurveyTable, SurveyFilterSet
    title = _("Satisfaction surveys")

    def more_actions(self):
        slug = self.org.slug
        actions = [(_("Rounds"), reverse("customers:surveyround_list", args=[slug]))]
        if self.can("view", KpiFeed):
            actions.append((_("KPI feeds"), reverse("customers:kpifeed_list", args=[slug])))
        return actions


class SurveyDetail(ObjectDetailView):
    model, table_class = Survey, SurveyTable
    template_name = "customers/survey_detail.html"
    detail_fields = ["title", "introduction", "status", "created_at"]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        allowed = SURVEY_TRANSITIONS.get(obj.status, set())
        return {
            **context,
            "questions": list(obj.questions.order_by("order", "id")),
            "rounds": list(obj.rounds.order_by("-sent_on", "-id")),
            "transitions": [(s, SurveyStatus(s).label) for s in SurveyStatus if s in allowed]
            if context["can_change"]
            else [],
            "can_add_question": self.can("add", SurveyQuestion),
            "can_send": obj.status == SurveyStatus.OPEN and self.can("add", SurveyRound),
        }


class SurveyEdit(ObjectEditView):
    model, form_class = Survey, SurveyForm
    create_service = staticmethod(services.survey_create)
    update_service = staticmethod(services.survey_update)


class SurveyDelete(ObjectDeleteView):
    model = Survey
    delete_service = staticmethod(services.survey_delete)


class SurveyTransition(OrgView):
    model = Survey

    def post(self, request, org_slug, pk):
        survey = self.get_object()
        self.require("change", survey, survey)
        try:
            services.survey_transition(
                survey, status=request.POST.get("status", ""), by=request.user, reason=request.POST.get("reason", "")
            )
        except exceptions.PdcaError as exc:
            _report_errors(request, exc)
        except ValueError:
            messages.error(request, _("Choose a status."))
        else:
            messages.success(request, _("The survey is now %(s)s.") % {"s": survey.get_status_display().lower()})
        return HttpResponseRedirect(survey.get_absolute_url())


class SurveyResults(OrgView):
    """NPS, CSAT, response rate, each question's distribution, the trend over rounds and the comments
    (paginated) of a survey, for all rounds or one."""

    model = Survey
    comments_per_page = 20

    def get(self, request, org_slug, pk):
        survey = self.get_object()
        self.require("view", survey, survey)
        round_id = request.GET.get("round", "")
        round_id = int(round_id) if round_id.isdigit() and len(round_id) < 12 else None
        results = selectors.survey_results(survey, round_id)
        comments = Paginator(selectors.comments(survey, round_id if results.selected else None), self.comments_per_page)
        context = {
            "title": _("Results: %(s)s") % {"s": survey},
            "object": survey,
            "results": results,
            "trend_chart": charts.trend(results),
            "questions": [
                (r, charts.distribution(r) if r.question.kind != QuestionKind.TEXT else None) for r in results.questions
            ],
            "comments": comments.get_page(request.GET.get("page")),
            "round_param": f"round={results.selected.pk}&" if results.selected else "",
        }
        return render(request, "customers/survey_results.html", context)


class SurveyQuestionList(ObjectListView):
    model, table_class, filterset_class = SurveyQuestion, SurveyQuestionTable, SurveyQuestionFilterSet


class SurveyQuestionDetail(ObjectDetailView):
    model, table_class = SurveyQuestion, SurveyQuestionTable
    detail_fields = ["survey", "order", "text", "kind", "is_csat", "required"]


class SurveyQuestionEdit(ObjectEditView):
    model, form_class = SurveyQuestion, SurveyQuestionForm
    create_service = staticmethod(services.question_create)
    update_service = staticmethod(services.question_update)

    def get_form(self, instance, data=None, files=None):
        initial = {}
        if instance is None and data is None and self.request.GET.get("survey", "").isdigit():
            initial["survey"] = int(self.request.GET["survey"])
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)

    def success_url(self, obj) -> str:
        return obj.survey.get_absolute_url()


class SurveyQuestionDelete(ObjectDeleteView):
    model = SurveyQuestion
    delete_service = staticmethod(services.question_delete)


class SurveyRoundList(ObjectListView):
    model, table_class, filterset_class = SurveyRound, SurveyRoundTable, SurveyRoundFilterSet
    title = _("Survey rounds")


class SurveyRoundDetail(ObjectDetailView):
    model, table_class = SurveyRound, SurveyRoundTable
    template_name = "customers/surveyround_detail.html"
    detail_fields = ["survey", "name", "sent_on", "closes_on", "invited", "answered"]

    def get_context(self, obj) -> dict:
        context = super().get_context(obj)
        links = self.request.session.pop(f"survey-links-{obj.pk}", None)
        return {**context, "invite_form": InviteForm() if context["can_change"] else None, "links": links}


class SurveyRoundEdit(ObjectEditView):
    model, form_class = SurveyRound, SurveyRoundForm
    create_service = staticmethod(services.round_create)
    update_service = staticmethod(services.round_update)

    def get_form(self, instance, data=None, files=None):
        initial = {}
        if instance is None and data is None and self.request.GET.get("survey", "").isdigit():
            initial["survey"] = int(self.request.GET["survey"])
        return self.form_class(data, files, instance=instance, org=self.org, initial=initial)

    def save(self, form, instance):
        data = form.service_data()
        if instance is None:
            if data.get("closes_on") is None:
                data.pop("closes_on", None)
            return services.round_create(org=self.org, data=data, by=self.request.user)
        return services.round_update(
            instance, data=data, by=self.request.user, version=form.cleaned_data.get("version")
        )


class SurveyRoundDelete(ObjectDeleteView):
    model = SurveyRound
    delete_service = staticmethod(services.round_delete)


class SurveyRoundInvite(OrgView):
    """Invite customers to a round: e-mails go out through the outbox; the links are shown once here
    (only their hashes are kept), for customers without an e-mail address."""

    model = SurveyRound

    def post(self, request, org_slug, pk):
        survey_round = self.get_object(SurveyRound.objects.select_related("survey"))
        self.require("change", survey_round, survey_round)
        form = InviteForm(request.POST)
        form.is_valid()
        customers = Customer.objects.for_org(self.org).filter(is_active=True)
        numbers = [n.strip() for n in form.cleaned_data.get("customers", "").split(",") if n.strip()]
        if numbers:
            customers = customers.filter(number__in=numbers)
        elif form.cleaned_data.get("everyone"):
            customers = customers.exclude(contact_email="")
        else:
            messages.error(request, _("Choose who to invite."))
            return HttpResponseRedirect(survey_round.get_absolute_url())
        try:
            created = services.round_invite(survey_round, customers=list(customers[:5000]), by=request.user)
        except exceptions.PdcaError as exc:
            _report_errors(request, exc)
        else:
            base = request.build_absolute_uri("/")[:-1]
            request.session[f"survey-links-{survey_round.pk}"] = [
                (str(inv.customer), base + services.survey_link(token)) for inv, token in created[:500]
            ]
            messages.success(request, _("%(n)s customers invited.") % {"n": len(created)})
        return HttpResponseRedirect(survey_round.get_absolute_url())


# --- KPI feeds and settings


class KpiFeedList(ObjectListView):
    model, table_class, filterset_class = KpiFeed, KpiFeedTable, KpiFeedFilterSet
    title = _("KPI feeds from customer data")


class KpiFeedDetail(ObjectDetailView):
    model, table_class = KpiFeed, KpiFeedTable
    detail_fields = ["kpi", "metric", "survey", "is_active", "refreshed_at"]


class KpiFeedEdit(ObjectEditView):
    model, form_class = KpiFeed, KpiFeedForm
    create_service = staticmethod(services.feed_create)
    update_service = staticmethod(services.feed_update)


class KpiFeedDelete(ObjectDeleteView):
    model = KpiFeed
    delete_service = staticmethod(services.feed_delete)


class SettingsView(OrgView):
    """How fast complaints are acknowledged and answered, how long survey links work."""

    def get(self, request, org_slug):
        self.require("view", CustomerSettings)
        settings = services.settings_for(self.org)
        return self.show(CustomerSettingsForm(instance=settings, org=self.org), settings)

    def post(self, request, org_slug):
        self.require("change", CustomerSettings)
        settings = services.settings_for(self.org)
        form = CustomerSettingsForm(request.POST, instance=settings, org=self.org)
        if form.is_valid():
            try:
                services.settings_update(
                    settings, data=form.service_data(), by=request.user, version=form.cleaned_data.get("version")
                )
            except exceptions.PdcaError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("customers:settings", args=[self.org.slug]))
        return self.show(form, settings, status=400)

    def show(self, form, settings, status=200):
        context = {
            "form": form,
            "title": _("Complaint handling and survey settings"),
            "cancel_url": reverse("customers:feedback_list", args=[self.org.slug]),
            "model_meta": CustomerSettings._meta,
            "object": settings,
            "readonly": not self.can("change", CustomerSettings),
        }
        return render(self.request, "customers/settings.html", context, status=status)


# --- the public answer page (outside /o/<org>/, no login)

NEUTRAL = _("This survey link cannot be used. It may have expired or already been answered.")


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@method_decorator(never_cache, name="dispatch")
class SurveyAnswerView(View):
    """The survey behind a link: only its title, introduction, questions and the organisation's name.

    Unknown, used and expired links get the same neutral page (status 404), so the page tells nobody
    which tokens exist; every request counts against the address's rate limit in the database, which
    all worker processes share. The form carries Django's CSRF token; the page links nowhere."""

    template_name = "customers/public/answer.html"

    def dispatch(self, request, *args, **kwargs):
        if services.rate_limited(_client_address(request)):
            return self.message(_("Too many requests. Please try again in a few minutes."), status=429)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token):
        invitation = services.invitation_for_token(token)
        if invitation is None:
            return self.message(NEUTRAL, status=404)
        return self.show(invitation, {}, {})

    def post(self, request, token):
        invitation = services.invitation_for_token(token)
        if invitation is None:
            return self.message(NEUTRAL, status=404)
        try:
            services.response_submit(token=token, answers=request.POST)
        except services.LinkUnusable:
            return self.message(NEUTRAL, status=404)
        except exceptions.ValidationFailed as exc:
            return self.show(invitation, request.POST, exc.errors, status=400)
        return self.message(_("Thank you: your answers have been recorded."), org_name=invitation.organisation.name)

    def show(self, invitation, values, errors, status=200):
        survey = invitation.round.survey
        questions = []
        for q in survey.questions.order_by("order", "id"):
            field = f"q{q.pk}"
            scale = list(services.SCALES.get(q.kind, ()))
            questions.append(
                {
                    "q": q,
                    "field": field,
                    "scale": scale,
                    "value": str(values.get(field, "")),
                    "errors": errors.get(field, []),
                }
            )
        context = {
            "survey": survey,
            "org_name": invitation.organisation.name,
            "questions": questions,
            "has_errors": bool(errors),
            "general_errors": errors.get("__all__", []),
        }
        return render(self.request, self.template_name, context, status=status)

    def message(self, text, status=200, org_name=""):
        return render(
            self.request, "customers/public/message.html", {"text": text, "org_name": org_name}, status=status
        )
