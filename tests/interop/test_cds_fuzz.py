"""Generated CDS Hooks requests (any JSON, and requests shaped like patient-view with arbitrary prefetch): the
service answers 200, 400 or 412 with a JSON body, never a server error. Bounded and derandomized."""

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.interop.conftest import Ehr

pytestmark = pytest.mark.django_db
SERVICE = "/cds-services/zorgpad-patient-view"

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12)
CODES = st.sampled_from(["21889-1", "33732-9", "21906-3", "21907-1", "21905-5", "x"])
OBSERVATION = st.fixed_dictionaries({
    "resourceType": st.just("Observation"),
    "code": st.fixed_dictionaries({"coding": st.lists(st.fixed_dictionaries(
        {"system": st.just("http://loinc.org"), "code": CODES}), max_size=2), "text": st.text(max_size=20)}),
}, optional={"valueQuantity": JSON, "valueCodeableConcept": JSON, "valueString": JSON, "effectiveDateTime": JSON,
             "referenceRange": JSON})
CONDITION = st.fixed_dictionaries({"resourceType": st.just("Condition")},
                                  optional={"code": JSON, "bodySite": JSON})
PATIENT = st.fixed_dictionaries({"resourceType": st.just("Patient")},
                                optional={"birthDate": JSON, "identifier": JSON})
REQUEST = st.fixed_dictionaries({
    "hook": st.just("patient-view"),
    "context": st.fixed_dictionaries({"patientId": st.text(max_size=8)}, optional={"userId": JSON}),
    "prefetch": st.fixed_dictionaries({}, optional={
        "patient": PATIENT | JSON,
        "conditions": st.builds(lambda rs: {"resourceType": "Bundle", "entry": [{"resource": r} for r in rs]},
                                st.lists(CONDITION, max_size=3)) | JSON,
        "observations": st.builds(lambda rs: {"resourceType": "Bundle", "entry": [{"resource": r} for r in rs]},
                                  st.lists(OBSERVATION, max_size=4)) | JSON}),
})


def _post(client: Client, ehr: Ehr, path: str, body: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json", **ehr.headers(path))


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(body=REQUEST | JSON)
def test_patient_view_never_fails_on_generated_input(client: Client, ehr: Ehr, body: Any) -> None:
    response = _post(client, ehr, SERVICE, body)
    assert response.status_code in (200, 400, 412), (body, response.content)
    assert isinstance(response.json(), dict)


@settings(max_examples=20, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(body=JSON | st.fixed_dictionaries({"feedback": st.lists(JSON, max_size=3)}))
def test_feedback_never_fails_on_generated_input(client: Client, ehr: Ehr, body: Any) -> None:
    response = _post(client, ehr, f"{SERVICE}/feedback", body)
    assert response.status_code in (200, 400), (body, response.content)
