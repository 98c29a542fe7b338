from rest_framework.routers import SimpleRouter

from pdca.suppliers.api import views

# The sub-resources first: "suppliers/<pk>/" would otherwise catch "suppliers/evaluations/".
router = SimpleRouter()
router.register("suppliers/certificates", views.CertificateViewSet, basename="suppliercertificate")
router.register("suppliers/criteria", views.CriterionViewSet, basename="evaluationcriterion")
router.register("suppliers/evaluations", views.EvaluationViewSet, basename="supplierevaluation")
router.register("suppliers/scars", views.ScarViewSet, basename="scar")
router.register("suppliers", views.SupplierViewSet, basename="supplier")
urlpatterns = router.urls
