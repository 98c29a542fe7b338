from django.urls import path, re_path

from pdca.core.urls import object_paths
from pdca.gap import views as v

app_name = "gap"
urlpatterns = [
    *object_paths(
        "assessments",
        "assessment",
        list_view=v.AssessmentList,
        detail_view=v.AssessmentDetail,
        edit_view=v.AssessmentEdit,
        delete_view=v.AssessmentDelete,
    ),
    path("assessments/<int:pk>/score/", v.ScoringView.as_view(), name="assessment_score"),
    path("assessments/<int:pk>/transition/", v.AssessmentTransition.as_view(), name="assessment_transition"),
    re_path(
        r"^assessments/(?P<pk>[0-9]+)/download/(?P<fmt>pdf|docx|xlsx)/$",
        v.AssessmentDownload.as_view(),
        name="assessment_download",
    ),
    path("assessments/<int:pk>/import/", v.ChecklistImport.as_view(), name="assessment_import"),
    path("assessments/compare/", v.CompareView.as_view(), name="compare"),
    path("settings/", v.GapSettings.as_view(), name="settings"),
    path("responses/<int:pk>/", v.ResponseUpdate.as_view(), name="response_update"),
    path("responses/<int:pk>/action/", v.RaiseAction.as_view(), name="response_action"),
    *object_paths(
        "applicability",
        "applicability",
        list_view=v.ApplicabilityList,
        detail_view=v.ApplicabilityDetail,
        edit_view=v.ApplicabilityEdit,
        delete_view=v.ApplicabilityDelete,
    ),
]
