from django.urls import path

from pdca.standards import views

app_name = "standards"
urlpatterns = [
    path("catalogue/", views.CatalogueView.as_view(), name="catalogue"),
    path("catalogue/import/", views.CatalogueImportView.as_view(), name="catalogue_import"),
    path("catalogue/<slug:slug>/", views.CatalogueView.as_view(), name="catalogue_of"),
    path("catalogue/<slug:slug>/<str:key>/", views.RequirementView.as_view(), name="requirement"),
]
