from django.urls import path

from pdca.core.urls import object_paths
from pdca.records import views as v

app_name = "records"
urlpatterns = [
    *object_paths(
        "types",
        "recordtype",
        list_view=v.RecordTypeList,
        detail_view=v.RecordTypeDetail,
        edit_view=v.RecordTypeEdit,
        delete_view=v.RecordTypeDelete,
    ),
    path("types/defaults/", v.RecordTypeDefaults.as_view(), name="recordtype_defaults"),
    *object_paths(
        "disposal",
        "disposalrequest",
        list_view=v.DisposalRequestList,
        detail_view=v.DisposalRequestDetail,
        edit_view=v.DisposalRequestEdit,
        delete_view=v.DisposalRequestDelete,
    ),
    path("disposal/<int:pk>/approve/", v.DisposalDecision.as_view(decision="approve"), name="disposal_approve"),
    path("disposal/<int:pk>/reject/", v.DisposalDecision.as_view(decision="reject"), name="disposal_reject"),
    # The register is the app's front page (/records/), so its five pages are written out.
    path("", v.RecordList.as_view(), name="record_list"),
    path("new/", v.RecordEdit.as_view(), name="record_create"),
    path("<int:pk>/", v.RecordDetail.as_view(), name="record_detail"),
    path("<int:pk>/edit/", v.RecordEdit.as_view(), name="record_edit"),
    path("<int:pk>/delete/", v.RecordDelete.as_view(), name="record_delete"),
    path("<int:pk>/file/", v.RecordFile.as_view(), name="record_file"),
]
