from rest_framework.routers import SimpleRouter

from pdca.processes.api import views

# The sub-resource first: "processes/<pk>/" would otherwise catch "processes/interactions/".
router = SimpleRouter()
router.register("processes/interactions", views.ProcessInteractionViewSet, basename="processinteraction")
router.register("processes", views.ProcessViewSet, basename="process")
urlpatterns = router.urls
