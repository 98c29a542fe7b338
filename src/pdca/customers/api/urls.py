from rest_framework.routers import SimpleRouter

from pdca.customers.api import views

# Sub-resources first: "customers/<pk>/" would otherwise catch "customers/feedback/".
router = SimpleRouter()
router.register("customers/feedback", views.FeedbackViewSet, basename="feedback")
router.register("customers/surveys/questions", views.SurveyQuestionViewSet, basename="surveyquestion")
router.register("customers/surveys/rounds", views.SurveyRoundViewSet, basename="surveyround")
router.register("customers/surveys", views.SurveyViewSet, basename="survey")
router.register("customers/kpi-feeds", views.KpiFeedViewSet, basename="kpifeed")
router.register("customers", views.CustomerViewSet, basename="customer")
urlpatterns = router.urls
