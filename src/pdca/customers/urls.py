from django.urls import path

from pdca.core.urls import object_paths
from pdca.customers import views as v

app_name = "customers"
urlpatterns = [
    path("import/", v.CustomerImport.as_view(), name="import"),
    path("settings/", v.SettingsView.as_view(), name="settings"),
    *object_paths(
        "feedback",
        "feedback",
        list_view=v.FeedbackList,
        detail_view=v.FeedbackDetail,
        edit_view=v.FeedbackEdit,
        delete_view=v.FeedbackDelete,
    ),
    path("feedback/<int:pk>/status/", v.FeedbackTransition.as_view(), name="feedback_transition"),
    *object_paths(
        "surveys/questions",
        "surveyquestion",
        list_view=v.SurveyQuestionList,
        detail_view=v.SurveyQuestionDetail,
        edit_view=v.SurveyQuestionEdit,
        delete_view=v.SurveyQuestionDelete,
    ),
    *object_paths(
        "surveys/rounds",
        "surveyround",
        list_view=v.SurveyRoundList,
        detail_view=v.SurveyRoundDetail,
        edit_view=v.SurveyRoundEdit,
        delete_view=v.SurveyRoundDelete,
    ),
    path("surveys/rounds/<int:pk>/invite/", v.SurveyRoundInvite.as_view(), name="surveyround_invite"),
    *object_paths(
        "kpi-feeds",
        "kpifeed",
        list_view=v.KpiFeedList,
        detail_view=v.KpiFeedDetail,
        edit_view=v.KpiFeedEdit,
        delete_view=v.KpiFeedDelete,
    ),
    *object_paths(
        "surveys",
        "survey",
        list_view=v.SurveyList,
        detail_view=v.SurveyDetail,
        edit_view=v.SurveyEdit,
        delete_view=v.SurveyDelete,
    ),
    path("surveys/<int:pk>/status/", v.SurveyTransition.as_view(), name="survey_transition"),
    path("surveys/<int:pk>/results/", v.SurveyResults.as_view(), name="survey_results"),
    # The customer list is the app's front page (/customers/).
    path("", v.CustomerList.as_view(), name="customer_list"),
    path("new/", v.CustomerEdit.as_view(), name="customer_create"),
    path("<int:pk>/", v.CustomerDetail.as_view(), name="customer_detail"),
    path("<int:pk>/edit/", v.CustomerEdit.as_view(), name="customer_edit"),
    path("<int:pk>/delete/", v.CustomerDelete.as_view(), name="customer_delete"),
]
