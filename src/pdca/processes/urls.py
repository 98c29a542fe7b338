from django.urls import path

from pdca.core.urls import object_paths
from pdca.processes import views as v

app_name = "processes"
urlpatterns = [
    *object_paths(
        "interactions",
        "processinteraction",
        list_view=v.ProcessInteractionList,
        detail_view=v.ProcessInteractionDetail,
        edit_view=v.ProcessInteractionEdit,
        delete_view=v.ProcessInteractionDelete,
    ),
    path("map/", v.ProcessMap.as_view(), name="map"),
    path("map/pdf/", v.ProcessMapPdf.as_view(), name="map_pdf"),
    path("import/", v.ProcessImport.as_view(), name="import"),
    # The register is the app's front page (/processes/), so its pages are written out.
    path("", v.ProcessList.as_view(), name="process_list"),
    path("new/", v.ProcessEdit.as_view(), name="process_create"),
    path("<int:pk>/", v.ProcessDetail.as_view(), name="process_detail"),
    path("<int:pk>/edit/", v.ProcessEdit.as_view(), name="process_edit"),
    path("<int:pk>/delete/", v.ProcessDelete.as_view(), name="process_delete"),
    path("<int:pk>/transition/", v.ProcessTransition.as_view(), name="process_transition"),
]
