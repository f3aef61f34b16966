"""Whatever JSON arrives, the stateless endpoints answer 200 or 400 with field errors, never 500."""

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.factories import UserFactory
from zorgpad.accounts.roles import Role

pytestmark = pytest.mark.django_db

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
    st.sampled_from(["G1", "GX", "N2b", "NX", "M1a(1)", "Tis", "R1", "dermis", "2026-01-01", "2026-02-30",
                     "pathological", "cutaneous_melanoma", "subcutaneous_leiomyosarcoma", "ajcc8-melanoma",
                     "ajcc8-sts-trunk-extremities"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                            max_size=3), max_leaves=6)
STAGING_KEYS = ["system", "classification", "size_cm", "grade", "n", "m", "breslow_mm", "ulceration", "t", "x"]
SSC_KEYS = ["sclerodactyly", "puffy_fingers", "anti_rna_polymerase_iii", "skin_thickening_sparing_fingers", "x"]
TUMOUR_KEYS = ["diagnosis", "depth", "size_cm", "grade", "n", "m", "margin", "operable", "external_biopsy_unrevised",
               "classification", "breslow_mm", "ulceration", "t", "x"]
PATIENT_KEYS = ["birth_date", "immunosuppressed", "other_malignancies", "systemic_sclerosis", "s100b", "x"]


def body(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys), values, max_size=len(keys))


evaluate_bodies = st.fixed_dictionaries({}, optional={
    "today": values, "patient": st.one_of(values, body(PATIENT_KEYS)), "tumour": st.one_of(values, body(TUMOUR_KEYS)),
})


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.CLINICIAN))
    return client


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.one_of(body(STAGING_KEYS), values))
def test_staging_never_500(api: APIClient, data: Any) -> None:
    response = api.post("/api/v1/staging/", data, format="json")
    assert response.status_code in (200, 400), response.content


@FUZZ
@given(data=st.one_of(body(SSC_KEYS), values))
def test_ssc_never_500(api: APIClient, data: Any) -> None:
    response = api.post("/api/v1/ssc-criteria/", data, format="json")
    assert response.status_code in (200, 400), response.content


@FUZZ
@given(data=evaluate_bodies)
def test_evaluate_never_500(api: APIClient, data: Any) -> None:
    response = api.post("/api/v1/pathway/evaluate/", data, format="json")
    assert response.status_code in (200, 400), response.content
