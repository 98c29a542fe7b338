from django.urls import path

from pdca.core.urls import object_paths
from pdca.documents import views as v

app_name = "documents"
urlpatterns = [
    *object_paths(
        "register",
        "document",
        list_view=v.DocumentList,
        detail_view=v.DocumentDetail,
        edit_view=v.DocumentEdit,
        delete_view=v.DocumentDelete,
    ),
    path("register/<int:pk>/revise/", v.DocumentRevise.as_view(), name="document_revise"),
    path("register/<int:pk>/review/", v.PeriodicReviewView.as_view(), name="document_review"),
    *object_paths(
        "revisions",
        "documentrevision",
        list_view=v.RevisionList,
        detail_view=v.RevisionDetail,
        edit_view=v.RevisionEdit,
        delete_view=v.RevisionDelete,
    ),
    *[path(f"revisions/<int:pk>/{step}/", view.as_view(), name=f"revision_{step}") for step, view in v.STEPS.items()],
    path("revisions/<int:pk>/file/", v.RevisionFile.as_view(), name="revision_file"),
    path("revisions/<int:pk>/pdf/", v.RevisionPdf.as_view(), name="revision_pdf"),
    path("revisions/<int:pk>/diff/", v.RevisionDiff.as_view(), name="revision_diff"),
    path("revisions/preview/", v.MarkdownPreview.as_view(), name="preview"),
    path("to-read/", v.ToRead.as_view(), name="to_read"),
    path("reviews-due/", v.ReviewsDue.as_view(), name="reviews_due"),
    path("starters/", v.StarterTemplates.as_view(), name="starters"),
    path("mandatory/", v.MandatoryChecklist.as_view(), name="mandatory"),
    path("import/", v.MasterListImport.as_view(), name="import_list"),
    path("master-list/", v.MasterListStart.as_view(), name="master_list"),
    path("master-list/<int:pk>/", v.MasterListProgress.as_view(), name="master_list_job"),
    path("master-list/<int:pk>/pdf/", v.MasterListDownload.as_view(), name="master_list_download"),
    path("settings/", v.DocumentSettings.as_view(), name="settings"),
]
