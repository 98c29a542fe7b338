"""External providers, their certificates, evaluations and corrective action requests (8.4)."""

from django.urls import path

from pdca.core.urls import object_paths
from pdca.suppliers import views as v

app_name = "suppliers"
urlpatterns = [
    path("import/", v.SupplierImport.as_view(), name="import"),
    path("settings/", v.SupplierSettings.as_view(), name="settings"),
    path("criteria/weights/", v.CriteriaWeights.as_view(), name="weights"),
    *object_paths(
        "certificates",
        "suppliercertificate",
        list_view=v.CertificateList,
        detail_view=v.CertificateDetail,
        edit_view=v.CertificateEdit,
        delete_view=v.CertificateDelete,
    ),
    *object_paths(
        "criteria",
        "evaluationcriterion",
        list_view=v.CriterionList,
        detail_view=v.CriterionDetail,
        edit_view=v.CriterionEdit,
        delete_view=v.CriterionDelete,
    ),
    *object_paths(
        "evaluations",
        "supplierevaluation",
        list_view=v.EvaluationList,
        detail_view=v.EvaluationDetail,
        edit_view=v.EvaluationEdit,
        delete_view=v.EvaluationDelete,
    ),
    *object_paths(
        "scars", "scar", list_view=v.ScarList, detail_view=v.ScarDetail, edit_view=v.ScarEdit, delete_view=v.ScarDelete
    ),
    path("scars/<int:pk>/status/", v.ScarTransition.as_view(), name="scar_transition"),
    # The supplier list is the app's front page (/suppliers/), so its pages are written out.
    path("", v.SupplierList.as_view(), name="supplier_list"),
    path("new/", v.SupplierEdit.as_view(), name="supplier_create"),
    path("<int:pk>/", v.SupplierDetail.as_view(), name="supplier_detail"),
    path("<int:pk>/edit/", v.SupplierEdit.as_view(), name="supplier_edit"),
    path("<int:pk>/delete/", v.SupplierDelete.as_view(), name="supplier_delete"),
    path("<int:pk>/status/", v.SupplierTransition.as_view(), name="supplier_transition"),
]
