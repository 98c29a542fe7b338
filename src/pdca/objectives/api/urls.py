from rest_framework.routers import SimpleRouter

from pdca.objectives.api import views

# The sub-resources first: "objectives/<pk>/" would otherwise catch "objectives/kpis/".
router = SimpleRouter()
router.register("objectives/commitments", views.PolicyCommitmentViewSet, basename="policycommitment")
router.register("objectives/kpis", views.KPIViewSet, basename="kpi")
router.register("objectives/measurements", views.MeasurementViewSet, basename="measurement")
router.register("objectives", views.QualityObjectiveViewSet, basename="qualityobjective")
urlpatterns = router.urls
