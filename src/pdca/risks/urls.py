from django.urls import path

from pdca.core.urls import object_paths
from pdca.risks import views as v

app_name = "risks"
urlpatterns = [
    path("heat-map/", v.HeatMapView.as_view(), name="heat_map"),
    path("import/", v.RiskImport.as_view(), name="import"),
    path("register.pdf", v.RiskRegisterPdf.as_view(), name="register_pdf"),
    *object_paths(
        "evaluations",
        "riskevaluation",
        list_view=v.RiskEvaluationList,
        detail_view=v.RiskEvaluationDetail,
        edit_view=v.RiskEvaluationEdit,
        delete_view=v.RiskEvaluationDelete,
    ),
    # The register is the app's front page (/risks/), so its five pages are written out.
    path("", v.RiskList.as_view(), name="risk_list"),
    path("new/", v.RiskEdit.as_view(), name="risk_create"),
    path("<int:pk>/", v.RiskDetail.as_view(), name="risk_detail"),
    path("<int:pk>/edit/", v.RiskEdit.as_view(), name="risk_edit"),
    path("<int:pk>/delete/", v.RiskDelete.as_view(), name="risk_delete"),
    path("<int:pk>/status/", v.RiskTransition.as_view(), name="risk_transition"),
    path("<int:pk>/actions/new/", v.RiskActionRaise.as_view(), name="risk_action_raise"),
]
