"""Generic pages for organisation-scoped models: list (filter, paginate, export), detail, edit, delete.

An app's view only declares attributes (NetBox style): `model`, `table_class`, `filterset_class`,
`form_class`, and the services to call. Business rules stay in services.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pdca.core import exports, services
from pdca.core.exceptions import ConcurrentEditError, PdcaError
from pdca.core.forms import AttachmentForm, ReasonForm
from pdca.core.models import Attachment, ClauseTag, TrailEntry
from pdca.core.views.base import OrgView


def url_name(model, action: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


def org_reverse(org, model, action: str, pk=None) -> str:
    kwargs = {"org_slug": org.slug} | ({"pk": pk} if pk is not None else {})
    return reverse(url_name(model, action), kwargs=kwargs)


class ObjectListView(OrgView):
    """A paginated, filterable list that exports to CSV and Excel with the same filters."""

    model = None
    table_class = None
    filterset_class = None
    template_name = "core/object_list.html"
    paginate_by = 50
    title = None

    def get_queryset(self):
        return self.table_class.prepare(self.model.objects.for_org(self.org))

    def get(self, request, *args, **kwargs):
        self.require("view", self.model)
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        export = request.GET.get("export")
        if export in exports.FORMATS:
            return exports.table_response(self.table_class, queryset, export, self.export_name())
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        return render(request, self.template_name, self.get_context(filterset, page))

    def export_name(self) -> str:
        return f"{self.org.slug}-{self.model._meta.verbose_name_plural}".replace(" ", "-")

    def get_context(self, filterset, page) -> dict:
        meta = self.model._meta
        table = self.page_table(page.object_list)
        return {
            "title": self.title or str(meta.verbose_name_plural).capitalize(),
            "model_meta": meta,
            "filterset": filterset,
            "page": page,
            "table": table,
            "table_body": table.body_html(self.detail_url_maker()),
            "can_add": self.can("add", self.model),
            "create_url": org_reverse(self.org, self.model, "create"),
            "more_actions": self.more_actions(),
            "query_without_page": _query_without(self.request.GET, "page"),
        }

    def page_table(self, rows):
        """The page's table of `rows`; a list may add what only the page shows (e.g. a chart per row)."""
        return self.table_class(rows)

    def more_actions(self) -> list[tuple[str, str]]:
        """(label, url) of further buttons beside "New …", e.g. an import; none by default."""
        return []

    def detail_url_maker(self):
        """obj -> its detail URL, reversing once per page instead of once per row."""
        marker = 2_147_483_647
        pattern = org_reverse(self.org, self.model, "detail", pk=marker)
        head, tail = pattern.split(str(marker))
        return lambda obj: f"{head}{obj.pk}{tail}"


def _query_without(params, *names) -> str:
    copy = params.copy()
    for name in names:
        copy.pop(name, None)
    return copy.urlencode()


class ObjectDetailView(OrgView):
    """A row with its fields, clause tags, attachments and its own history from the trail."""

    model = None
    table_class = None
    template_name = "core/object_detail.html"
    detail_fields: list[str] = []
    history_limit = 10  # the latest changes; the trail, filtered to the row, has them all

    def get_queryset(self):
        # Join every related row the page shows, so its query count never depends on the row.
        related = [f.split(".")[0] for f in self.shown_fields() if self._is_relation(f.split(".")[0])]
        return self.table_class.prepare(self.model.objects.all()).select_related(*related)

    def shown_fields(self) -> list[str]:
        fields = self.detail_fields or [f.name for f in self.model._meta.concrete_fields if f.editable]
        return [f for f in fields if f not in {"id", "organisation"}]

    def _is_relation(self, name: str) -> bool:
        field = self.model._meta.get_field(name)
        return field.is_relation and field.many_to_one

    def get(self, request, *args, **kwargs):
        obj = self.get_object(self.get_queryset())
        self.require("view", obj, obj)
        return render(request, self.template_name, self.get_context(obj))

    def get_context(self, obj) -> dict:
        ct = ContentType.objects.get_for_model(self.model)
        related = {"organisation": self.org, "content_type": ct, "object_id": obj.pk}
        fields = self.shown_fields()
        return {
            "object": obj,
            "title": str(obj),
            "model_meta": self.model._meta,
            "fields": [(self.table_class.label(f), self.table_class.value(obj, f)) for f in fields],
            "history": TrailEntry.objects.filter(**related).select_related("actor", "content_type")[
                : self.history_limit
            ],
            "attachments": Attachment.objects.filter(**related),
            "tags": ClauseTag.objects.filter(**related).values_list("key", flat=True),
            "can_change": self.can("change", obj, obj),
            "can_delete": self.can("delete", obj, obj),
            "edit_url": org_reverse(self.org, self.model, "edit", obj.pk),
            "delete_url": org_reverse(self.org, self.model, "delete", obj.pk),
            "list_url": org_reverse(self.org, self.model, "list"),
            "attachment_form": AttachmentForm(),
            "content_type_id": ct.pk,
            "full_history_url": (
                reverse("core:trail", kwargs={"org_slug": self.org.slug}) + f"?type={ct.pk}&object={obj.pk}"
                if self.request.user.has_perm("core.view_trail", self.org)
                else ""
            ),
            "history_limit": self.history_limit,
        }


class ObjectEditView(OrgView):
    """Create (no pk in the URL) or edit a row through its services, with the version check."""

    model = None
    form_class = None
    template_name = "core/object_form.html"
    create_service = staticmethod(services.object_create)
    update_service = staticmethod(services.object_update)

    def get_instance(self):
        if "pk" in self.kwargs:
            obj = self.get_object()
            self.require("change", obj, obj)
            return obj
        self.require("add", self.model)
        return None

    def get_form(self, instance, data=None, files=None):
        return self.form_class(data, files, instance=instance, org=self.org)

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        return self.render_form(self.get_form(instance), instance)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form(instance, request.POST, request.FILES)
        if form.is_valid():
            try:
                obj = self.save(form, instance)
            except ConcurrentEditError as exc:
                form.add_error(None, exc.message)
                form.data = form.data.copy()
                form.data["version"] = type(instance).objects.get(pk=instance.pk).version
                return self.render_form(form, instance, conflict=True, status=409)
            except PdcaError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved “%(object)s”.") % {"object": obj})
                return HttpResponseRedirect(self.success_url(obj))
        return self.render_form(form, instance, status=400 if request.method == "POST" else 200)

    def save(self, form, instance):
        data = form.service_data()
        if instance is None:
            return self.create_service(self.model, org=self.org, data=data, by=self.request.user)
        return self.update_service(instance, data=data, by=self.request.user, version=form.cleaned_data.get("version"))

    def success_url(self, obj) -> str:
        return org_reverse(self.org, self.model, "detail", obj.pk)

    def render_form(self, form, instance, conflict=False, status=200):
        meta = self.model._meta
        title = (
            _("Edit %(object)s") % {"object": instance}
            if instance
            else _("New %(model)s") % {"model": meta.verbose_name}
        )
        cancel = (
            org_reverse(self.org, self.model, "detail", instance.pk)
            if instance
            else org_reverse(self.org, self.model, "list")
        )
        context = {
            "form": form,
            "object": instance,
            "title": title,
            "model_meta": meta,
            "cancel_url": cancel,
            "conflict": conflict,
        }
        return render(self.request, self.template_name, context, status=status)


def add_errors(form, exc: PdcaError) -> None:
    errors = getattr(exc, "errors", {exc.field or "__all__": [exc.message]})
    for field, messages_ in errors.items():
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message if target else f"{field}: {message}" if field != "__all__" else message)


class ObjectDeleteView(OrgView):
    """Confirm, then delete through the service (which refuses rows still in use)."""

    model = None
    template_name = "core/object_confirm_delete.html"
    delete_service = staticmethod(services.object_delete)

    def get_deletable(self):
        obj = self.get_object()
        self.require("delete", obj, obj)
        return obj

    def get(self, request, *args, **kwargs):
        obj = self.get_deletable()
        return render(
            request,
            self.template_name,
            {
                "object": obj,
                "form": ReasonForm(),
                "title": str(obj),
                "cancel_url": org_reverse(self.org, self.model, "detail", obj.pk),
            },
        )

    def post(self, request, *args, **kwargs):
        obj = self.get_deletable()
        form = ReasonForm(request.POST)
        form.is_valid()
        try:
            self.delete_service(obj, by=request.user, reason=form.cleaned_data.get("reason", ""))
        except PdcaError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(org_reverse(self.org, self.model, "detail", obj.pk))
        messages.success(request, _("Deleted “%(object)s”.") % {"object": obj})
        return HttpResponseRedirect(org_reverse(self.org, self.model, "list"))


# --- the unfiltered filter bar, drawn once

FILTER_FIELDS = Template(
    "{% load pdca %}{% for field in form.visible_fields %}"
    '<div class="col-sm-6 col-md-3 col-xl-2"><label class="form-label small mb-1" for="{{ field.id_for_label }}">'
    "{{ field.label }}</label>{{ field|styled }}</div>{% endfor %}"
)
_EMPTY_FILTER_FIELDS: dict[tuple[type, str | None], SafeString] = {}


def empty_filter_fields(filterset) -> SafeString:
    """The visible fields of a list's unfiltered filter bar, rendered once per filter set and language (a
    dozen widgets cost several ms a page). Only for filter sets whose choices are fixed, none read from
    the database: the same bar then serves every organisation."""
    key = (type(filterset), get_language())
    html = _EMPTY_FILTER_FIELDS.get(key)
    if html is None:
        html = _EMPTY_FILTER_FIELDS[key] = mark_safe(FILTER_FIELDS.render(Context({"form": filterset.form})))
    return html  # escaped by the template
