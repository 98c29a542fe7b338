"""The public survey answer page, /s/<token>/: no login, no organisation in the address (src/pdca/urls.py)."""

from django.urls import path

from pdca.customers.views import SurveyAnswerView

urlpatterns = [path("<str:token>/", SurveyAnswerView.as_view(), name="survey_answer")]
