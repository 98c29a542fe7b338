from rest_framework.routers import SimpleRouter

from pdca.standards.api import views

router = SimpleRouter()
router.register("standards", views.StandardViewSet, basename="standard")
router.register("clauses", views.ClauseViewSet, basename="clause")
router.register("requirements", views.RequirementViewSet, basename="requirement")
urlpatterns = router.urls
