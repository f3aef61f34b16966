"""Everything under /api/v1/. Each capability app owns its own api_urls module."""

from django.urls import include, path

from zorgpad.accounts.apis import TokenLogoutApi, TokenObtainApi

urlpatterns = [
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    path("auth/logout/", TokenLogoutApi.as_view(), name="api-token-logout"),
    path("", include("zorgpad.patients.api_urls")),
    path("", include("zorgpad.pathway.api_urls")),
    path("", include("staging.api_urls")),
    path("", include("referrals.api_urls")),
    path("", include("mdo.api_urls")),
    path("", include("followup.api_urls")),
    path("", include("quality.api_urls")),
]
