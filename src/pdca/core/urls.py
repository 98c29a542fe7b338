"""Core's pages under /o/<org_slug>/; `object_paths` writes the five pages of a model explicitly."""

from django.urls import path

from pdca.core.views import pages as v
from pdca.core.views.search import SearchView


def object_paths(prefix: str, name: str, *, list_view, detail_view, edit_view, delete_view) -> list:
    """list, create, detail, edit and delete pages of one model, named `<name>_<page>`."""
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", edit_view.as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"),
    ]


app_name = "core"
urlpatterns = [
    path("", v.OrgHomeView.as_view(), name="org_home"),
    path("floor/", v.FloorView.as_view(), name="floor"),
    path("trail/", v.TrailView.as_view(), name="trail"),
    path("search/", SearchView.as_view(), name="search"),
    path("settings/", v.OrganisationSettings.as_view(), name="org_settings"),
    path("files/<int:pk>/", v.AttachmentDownload.as_view(), name="attachment_download"),
    path("attach/<int:ct>/<int:pk>/", v.AttachmentUpload.as_view(), name="attachment_upload"),
    path("tags/<int:ct>/<int:pk>/", v.ClauseTagsEdit.as_view(), name="clause_tags"),
    path("actions/<int:pk>/transition/", v.ActionTransition.as_view(), name="action_transition"),
    *object_paths(
        "sites", "site", list_view=v.SiteList, detail_view=v.SiteDetail, edit_view=v.SiteEdit, delete_view=v.SiteDelete
    ),
    *object_paths(
        "people",
        "person",
        list_view=v.PersonList,
        detail_view=v.PersonDetail,
        edit_view=v.PersonEdit,
        delete_view=v.PersonDelete,
    ),
    *object_paths(
        "actions",
        "action",
        list_view=v.ActionList,
        detail_view=v.ActionDetail,
        edit_view=v.ActionEdit,
        delete_view=v.ActionDelete,
    ),
    *object_paths(
        "members",
        "membership",
        list_view=v.MembershipList,
        detail_view=v.MembershipDetail,
        edit_view=v.MembershipEdit,
        delete_view=v.MembershipDelete,
    ),
]
