"""Error pages (403, 404, 500) in the UI's language, with the navigation; the 500 page needs no request or DB."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_404_is_the_dutch_product_page_with_the_navigation(clinician_client) -> None:
    response = clinician_client.get("/patients/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina niet gevonden" in page and "Naar de startpagina" in page
    assert 'class="mainnav' in page and "Uitloggen" in page


def test_403_is_the_dutch_product_page_with_the_navigation(coordinator_client) -> None:
    patient = PatientFactory()
    response = coordinator_client.get(f"/patients/{patient.external_id}/edit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Geen toegang" in page and 'class="mainnav' in page
    assert "403 Forbidden" not in page


def test_error_pages_speak_english_when_english_is_chosen(clinician_client) -> None:
    clinician_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    try:
        response = clinician_client.get("/bestaat-niet/")
    finally:
        translation.activate("nl")  # the request left English active in this thread; later tests expect Dutch
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_500_renders_without_a_request_context_or_database(django_assert_num_queries) -> None:
    request = RequestFactory().get("/")
    with translation.override("nl"), django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis" in page and 'class="brand"' in page
    with translation.override("en"):
        assert "Something went wrong" in defaults.server_error(request).content.decode()
