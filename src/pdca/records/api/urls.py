from rest_framework.routers import SimpleRouter

from pdca.records.api import views

# The sub-resources first: "records/<pk>/" would otherwise catch "records/types/".
router = SimpleRouter()
router.register("records/types", views.RecordTypeViewSet, basename="recordtype")
router.register("records/disposals", views.DisposalRequestViewSet, basename="disposalrequest")
router.register("records", views.RecordViewSet, basename="record")
urlpatterns = router.urls
