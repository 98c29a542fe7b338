from django.urls import path
from rest_framework.routers import SimpleRouter

from pdca.context.api import views

router = SimpleRouter()
router.register("context/issues", views.ContextIssueViewSet, basename="contextissue")
router.register("context/climate", views.ClimateDeterminationViewSet, basename="climatedetermination")
router.register("context/parties", views.InterestedPartyViewSet, basename="interestedparty")
router.register("context/party-requirements", views.PartyRequirementViewSet, basename="partyrequirement")
router.register("context/legal-checks", views.ComplianceCheckViewSet, basename="compliancecheck")
router.register("context/legal", views.LegalRequirementViewSet, basename="legalrequirement")
urlpatterns = [
    *router.urls,
    path("context/scope/", views.ScopeApi.as_view(), name="scope-api"),
    path("context/scope/publish/", views.ScopePublishApi.as_view(), name="scope-publish-api"),
]
