from rest_framework.routers import SimpleRouter

from pdca.documents.api import views

# The sub-resources first: "documents/<pk>/" would otherwise catch "documents/revisions/".
router = SimpleRouter()
router.register("documents/revisions", views.RevisionViewSet, basename="revision")
router.register("documents/signatures", views.SignatureViewSet, basename="signature")
router.register("documents/acknowledgements", views.AcknowledgementViewSet, basename="acknowledgement")
router.register("documents", views.DocumentViewSet, basename="document")
urlpatterns = router.urls
