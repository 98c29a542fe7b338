from django.urls import path
from rest_framework.routers import SimpleRouter

from pdca.core.api import views
from pdca.core.api.search import SearchApi

router = SimpleRouter()
router.register("sites", views.SiteViewSet, basename="site")
router.register("people", views.PersonViewSet, basename="person")
router.register("actions", views.ActionViewSet, basename="action")
router.register("trail", views.TrailViewSet, basename="trail")
urlpatterns = [*router.urls, path("search/", SearchApi.as_view(), name="search-api")]
