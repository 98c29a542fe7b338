from rest_framework.routers import SimpleRouter

from pdca.gap.api import views

router = SimpleRouter()
router.register("gap/assessments", views.AssessmentViewSet, basename="assessment")
router.register("gap/responses", views.ResponseViewSet, basename="response")
router.register("gap/applicability", views.ApplicabilityViewSet, basename="applicability")
urlpatterns = router.urls
