from django.urls import path

from pdca.core.urls import object_paths
from pdca.objectives import views as v

app_name = "objectives"
urlpatterns = [
    path("policy/", v.PolicyView.as_view(), name="policy"),
    *object_paths(
        "policy/commitments",
        "policycommitment",
        list_view=v.PolicyCommitmentList,
        detail_view=v.PolicyCommitmentDetail,
        edit_view=v.PolicyCommitmentEdit,
        delete_view=v.PolicyCommitmentDelete,
    ),
    path("kpis/<int:pk>/chart.svg", v.KPIChart.as_view(), name="kpi_chart"),
    *object_paths(
        "kpis", "kpi", list_view=v.KPIList, detail_view=v.KPIDetail, edit_view=v.KPIEdit, delete_view=v.KPIDelete
    ),
    path("measurements/import/", v.MeasurementImport.as_view(), name="measurement_import"),
    *object_paths(
        "measurements",
        "measurement",
        list_view=v.MeasurementList,
        detail_view=v.MeasurementDetail,
        edit_view=v.MeasurementEdit,
        delete_view=v.MeasurementDelete,
    ),
    path("import/", v.ObjectiveImport.as_view(), name="objective_import"),
    path("report.pdf", v.ObjectivesReport.as_view(), name="report"),
    # The register is the app's front page (/objectives/), so its five pages are written out.
    path("", v.QualityObjectiveList.as_view(), name="qualityobjective_list"),
    path("new/", v.QualityObjectiveEdit.as_view(), name="qualityobjective_create"),
    path("<int:pk>/", v.QualityObjectiveDetail.as_view(), name="qualityobjective_detail"),
    path("<int:pk>/edit/", v.QualityObjectiveEdit.as_view(), name="qualityobjective_edit"),
    path("<int:pk>/delete/", v.QualityObjectiveDelete.as_view(), name="qualityobjective_delete"),
    path("<int:pk>/transition/", v.ObjectiveTransition.as_view(), name="qualityobjective_transition"),
    path("<int:pk>/actions/", v.ObjectivePlanAction.as_view(), name="qualityobjective_action"),
]
