from rest_framework.routers import SimpleRouter

from pdca.risks.api import views

# The sub-resource first: "risks/<pk>/" would otherwise catch "risks/evaluations/".
router = SimpleRouter()
router.register("risks/evaluations", views.RiskEvaluationViewSet, basename="riskevaluation")
router.register("risks", views.RiskViewSet, basename="risk")
urlpatterns = router.urls
