from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from zorgpad import views
from zorgpad.audit import views as audit_views

urlpatterns = [
    path("", views.home_view, name="home"),
    path("healthz", views.health_view, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("audit/", audit_views.audit_log_view, name="audit-log"),
    path("audit/patients/<uuid:external_id>/overview.pdf", audit_views.patient_overview_pdf_view,
         name="audit-patient-overview"),
    path("admin/", admin.site.urls),
    path("", include("zorgpad.patients.urls")),
    path("", include("zorgpad.pathway.urls")),
    path("", include("staging.urls")),
    path("", include("referrals.urls")),
    path("", include("mdo.urls")),
    path("", include("followup.urls")),
    path("", include("today.urls")),
    path("", include("quality.urls")),
    path("api/v1/", include("zorgpad.api_urls")),
    path("fhir/", include("interop.fhir.urls")),
    path("", include("interop.cds_hooks.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its init script as a separate file: no inline script (Content-Security-Policy).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]
handler404 = "zorgpad.views.not_found_view"
