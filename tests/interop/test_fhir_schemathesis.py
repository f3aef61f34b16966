"""Schemathesis over the FHIR endpoints of the OpenAPI schema, as tests/api/test_schemathesis.py does for the rest
of the API (its helpers, its checks: no server error, status codes, content type and body as documented,
schema-violating input refused, credentials enforced), for every role; kept small (a few examples per operation).

One check is left out for `POST /fhir/Bundle` only: positive-data acceptance. The schema can only say "a JSON
object"; a generated object is not a referral bundle and is refused with 400 (an OperationOutcome).
Accepting real bundles is what tests/interop/test_referral_bundle.py checks.
"""

from typing import Any

import pytest
import schemathesis
from knox.models import AuthToken

from tests.api import test_schemathesis as api_fuzz
from tests.security.conftest import world  # noqa: F401 - the demo-data world, shared with the security tests
from tests.security.routes import all_routes
from zorgpad.wsgi import application

pytestmark = pytest.mark.django_db
EXAMPLES = 4


@pytest.mark.timeout(600)
def test_fhir_fuzzing_with_all_checks_for_every_role_finds_nothing(world, monkeypatch) -> None:  # noqa: F811 - the fixture
    tokens = {role: AuthToken.objects.create(user=world.users[role])[1] for role in api_fuzz.ROLES}
    routes = {r.openapi_path: r for r in all_routes() if r.pattern.startswith("fhir/")}
    for route in routes.values():
        world.object_for(route)
    monkeypatch.setattr(api_fuzz, "KNOWN_IDS", EXAMPLES)
    monkeypatch.setattr(api_fuzz, "UNKNOWN_IDS", 1)
    original_checks = api_fuzz.all_checks

    def checks_for(operation_label: str) -> list[Any]:
        checks = original_checks()
        if operation_label == "POST /fhir/Bundle":
            checks = [c for c in checks if getattr(c, "__name__", "") != "positive_data_acceptance"]
        return checks

    original_validate = api_fuzz._validate

    def validate(case: Any, response: Any, **kwargs: Any) -> None:
        monkeypatch.setattr(api_fuzz, "all_checks", lambda: checks_for(case.operation.label))
        original_validate(case, response, **kwargs)

    monkeypatch.setattr(api_fuzz, "_validate", validate)
    who: dict[str, Any] = {}
    results: dict[str, api_fuzz.Findings] = {}
    with api_fuzz.in_transaction() as server_errors:
        admin = {"Authorization": f"Token {tokens['admin']}"}
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=admin)
        schema = schema.include(path_regex="^/fhir/")
        schema.config.generation.update(modes=["positive", "negative"], with_security_parameters=False,
                                        allow_x00=False)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 9
        tests = []
        for operation in operations:
            route = routes[operation.path]
            uuid_params = [name for conv, name in route.params if conv == "uuid"]
            fixed = None
            if uuid_params:
                obj = world.object_for(route)
                assert obj is not None, f"no demo object for {operation.label}"
                fixed = dict.fromkeys(uuid_params, str(obj.external_id))
            tests.append(api_fuzz._operation_tests(operation, who=who, path_parameters=fixed))
        for role in api_fuzz.ROLES:
            who["auth"] = {"Authorization": f"Token {tokens[role]}"}
            who["findings"] = results[role] = api_fuzz.Findings()
            for known, unknown in tests:
                api_fuzz._run(known)
                if unknown is not None and role == "admin":
                    api_fuzz._run(unknown)
    failures = {f"{role}: {k}": v for role, findings in results.items() for k, v in findings.failures.items()}
    assert sum(f.requests for f in results.values()) > 9 * len(api_fuzz.ROLES)
    assert list(failures) == [], "\n\n".join(failures.values())
    assert server_errors == []
