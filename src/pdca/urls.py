"""URL map: pages under /o/<org_slug>/, the API under /api/v1/o/<org_slug>/ (see core/views/base.py)."""

from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from pdca.core.forms import OutboxPasswordResetForm
from pdca.core.views import pages as core_pages


def healthz(request):
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    """JSON for the API (its clients parse the answer), the normal page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


handler404 = not_found


org_pages = [
    path("", include("pdca.core.urls")),
    path("", include("pdca.standards.urls")),
    path("gap/", include("pdca.gap.urls")),
    path("documents/", include("pdca.documents.urls")),
    path("records/", include("pdca.records.urls")),
    path("context/", include("pdca.context.urls")),
    path("processes/", include("pdca.processes.urls")),
    path("risks/", include("pdca.risks.urls")),
    path("objectives/", include("pdca.objectives.urls")),
    path("people/", include("pdca.people.urls")),
    path("suppliers/", include("pdca.suppliers.urls")),
    path("customers/", include("pdca.customers.urls")),
    path("equipment/", include("pdca.equipment.urls")),
]
org_api = [
    path("", include("pdca.core.api.urls")),
    path("", include("pdca.standards.api.urls")),
    path("", include("pdca.gap.api.urls")),
    path("", include("pdca.documents.api.urls")),
    path("", include("pdca.records.api.urls")),
    path("", include("pdca.context.api.urls")),
    path("", include("pdca.processes.api.urls")),
    path("", include("pdca.risks.api.urls")),
    path("", include("pdca.objectives.api.urls")),
    path("", include("pdca.people.api.urls")),
    path("", include("pdca.suppliers.api.urls")),
    path("", include("pdca.customers.api.urls")),
    path("", include("pdca.equipment.api.urls")),
]

urlpatterns = [
    path("", core_pages.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "accounts/reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/token/", core_pages.api_token, name="api_token"),
    path("i18n/", include("django.conf.urls.i18n")),
    # customers: the public survey answer page (a token link, no login, outside any organisation's pages)
    path("s/", include("pdca.customers.public_urls")),
    path("o/<slug:org_slug>/", include(org_pages)),
    path("api/v1/auth/token/", obtain_auth_token, name="api_token_obtain"),
    path("api/v1/o/<slug:org_slug>/", include(org_api)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
]
