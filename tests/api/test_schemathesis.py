"""Fuzz every operation of our own OpenAPI schema with schemathesis, in-process over WSGI, for every role.

The schema is loaded from the running Django app (`/api/schema/`), so operations that later apps add are
fuzzed too. All of schemathesis' checks run on every answer (no server error; status code, content type,
headers and body as documented; schema-violating data refused, schema-valid data accepted; 405 with an
`Allow` header for undocumented methods; credentials enforced), on the schema's examples, on generated
positive and negative (schema-violating) data, and in the stateful phase (operations chained through the
links schemathesis infers, e.g. register a patient, then read it). The coverage phase (every boundary of
every field) takes minutes, so it runs in the bench command only.

Path parameters get the id of a real demo object (schemathesis cannot guess UUIDs) in one pass and
generated (unknown) ids in another. Bounded and reproducible: a fixed number of examples per operation,
derandomized. The longer run with its figures per check is `python -m bench.schemathesis_full`.

Requests are served inside the test's transaction (as Django's test client does), so nothing is left behind.
"""

import contextlib
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test
from knox.models import AuthToken
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test
from schemathesis.generation.overrides import Override

from tests.security.routes import all_routes
from zorgpad.wsgi import application

pytestmark = pytest.mark.django_db


# Examples per operation for every role (positive and negative data, with a real id in the path), plus one
# with generated (unknown) ids, and state-machine runs of up to STATEFUL_STEPS calls per role. The same
# generated requests go out for every role (derandomized): what differs is who asks.
SCALE = float(os.environ.get("ZORGPAD_FUZZ_SCALE", "1"))
KNOWN_IDS = round(12 * SCALE)
UNKNOWN_IDS = max(round(2 * SCALE), 1)
STATEFUL_RUNS = round(5 * SCALE)
STATEFUL_STEPS = 6
ROLES = ["admin", "clinician", "secretary", "mdo_coordinator"]

# Findings in other helpers' areas, reported to them: label -> why. Strict: once fixed, remove the entry.
KNOWN_GAPS: dict[str, str] = {}


def all_checks() -> list[Any]:
    load_all_checks()
    return CHECKS.get_all()


@contextmanager
def in_transaction() -> Iterator[list[str]]:
    """Serve WSGI requests inside the test's transaction (as Django's test client does); collect 500s.

    (Django's test client reconnects these signal receivers after each of its own requests: use no
    test client inside this block.)
    """
    errors: list[str] = []

    def record(sender: Any, request: Any = None, **kwargs: Any) -> None:
        import traceback

        errors.append(f"{getattr(request, 'method', '')} {getattr(request, 'path', '')}\n{traceback.format_exc()}")

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(record)
    try:
        yield errors
    finally:
        got_request_exception.disconnect(record)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _hypothesis_settings(n: int, **kwargs: Any) -> settings:
    return settings(max_examples=max(n, 1), deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck), **kwargs)


class Findings:
    def __init__(self) -> None:
        self.failures: dict[str, str] = {}  # "operation [check]" -> first report
        self.requests = 0
        self.by_check: Counter[str] = Counter()
        self.by_phase: Counter[str] = Counter()
        self.auth_confirmed: set[str] = set()
        self.business_rules: Counter[str] = Counter()

    def add(self, label: str, exc: BaseException, response: Any, case: Any) -> None:
        for failure in _failures_of(exc):
            if _named_business_rule(failure, response, case):
                self.business_rules[f"{case.operation.label}: {', '.join(sorted(response.json()))}"] += 1
                continue
            key = f"{label} [{type(failure).__name__}: {getattr(failure, 'title', '')}]"
            self.by_check[getattr(failure, "title", type(failure).__name__)] += 1
            answer = (f"{case.method} {case.formatted_path} {case.media_type} query={case.query} "
                      f"body={str(case.body)[:400]}\n[{response.status_code}] {response.text[:600]}")
            self.failures.setdefault(key, f"{str(failure)[:2500]}\n{answer}")


def _named_business_rule(failure: BaseException, response: Any, case: Any) -> bool:
    """A schema-valid request refused (400) only on fields whose business rules the operation's description
    names (`x-business-rules`, written by zorgpad.api_schema from the view's `business_rules`)."""
    if type(failure).__name__ != "RejectedPositiveData" or response.status_code != 400:
        return False
    named = set(case.operation.definition.raw.get("x-business-rules", []))
    try:
        fields = set(response.json())
    except ValueError:
        return False
    return bool(fields) and fields <= named


def _failures_of(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [f for e in exc.exceptions for f in _failures_of(e)]
    return [exc]


def _validate(case: Any, response: Any, *, auth: dict[str, str], findings: Findings, label: str) -> None:
    """All checks; the credentials probe (`ignored_auth`, two more requests) once per operation, as the CLI does."""
    findings.requests += 1
    checks = all_checks()
    if case.operation.label in findings.auth_confirmed:
        checks = [c for c in checks if getattr(c, "__name__", "") != "ignored_auth"]
    elif 200 <= response.status_code < 300:
        findings.auth_confirmed.add(case.operation.label)
    findings.by_phase[case.meta.phase.name.value if case.meta else "stateful"] += 1
    try:
        case.validate_response(response, checks=checks, headers=auth)
    except (Exception, BaseExceptionGroup) as exc:
        findings.add(label, exc, response, case)


def _operation_tests(operation: Any, *, who: dict[str, Any], path_parameters: dict[str, str] | None) -> Any:
    """Build the operation's hypothesis tests once (the strategies are the costly part); run them per role."""

    def test(case: Any) -> None:
        _validate(case, case.call(headers=who["auth"]), auth=who["auth"], findings=who["findings"],
                  label=operation.label)

    def build(n: int, params: dict[str, str] | None, modes: list[HypothesisTestMode]) -> Any:
        config = HypothesisTestConfig(project=operation.schema.config, modes=modes,
                                      override=Override(path_parameters=params or {}),
                                      settings=_hypothesis_settings(n, phases=[Phase.explicit, Phase.generate]))
        return create_test(operation=operation, test_func=test, config=config)

    known = build(KNOWN_IDS, path_parameters, [HypothesisTestMode.EXAMPLES, HypothesisTestMode.FUZZING])
    unknown = build(UNKNOWN_IDS, None, [HypothesisTestMode.FUZZING]) if path_parameters else None
    return known, unknown


def _run(test: Any) -> None:
    # Unsatisfiable: nothing of this operation can be generated in a mode (e.g. only a fixed path parameter)
    with contextlib.suppress(Unsatisfiable):
        test()


def _state_machine(schema: Any, who: dict[str, Any]) -> Any:
    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": who["auth"]}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            _validate(case, response, auth=who["auth"], findings=who["findings"],
                      label=f"stateful {case.operation.label}")

    return Machine


# About 45 s of CPU (measured 2026-11-30); on the shared machine under a load of 10 it took over 300 s of
# wall-clock time, pytest-timeout's default for one test.
@pytest.mark.timeout(900)
def test_api_fuzzing_with_all_checks_for_every_role_finds_nothing(world) -> None:
    tokens = {role: AuthToken.objects.create(user=world.users[role])[1] for role in ROLES}  # (row, token)
    routes = {r.openapi_path: r for r in all_routes() if r.is_api}
    for route in routes.values():
        world.object_for(route)  # resolve the demo objects first (this uses Django's test client)
    who: dict[str, Any] = {}
    results: dict[str, Findings] = {}
    with in_transaction() as server_errors:
        admin = {"Authorization": f"Token {tokens['admin']}"}
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=admin)
        # The FHIR endpoints (also in the schema) are fuzzed by tests/interop/test_fhir_schemathesis.py.
        schema = schema.include(path_regex="^/api/")
        # Our credentials are the token; generated session cookies would only be "invalid auth" noise.
        # NUL bytes: refused with a 400 by the input hygiene of issue 14 item 5 (helper h2-tokens), which a
        # schema cannot state for every string; left out here until that lands, then its own tests hold it.
        schema.config.generation.update(modes=["positive", "negative"], with_security_parameters=False,
                                        allow_x00=False)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 12  # the core alone documents 12 operations
        tests = []
        for operation in operations:
            route = routes[operation.path]
            uuid_params = [name for conv, name in route.params if conv == "uuid"]
            fixed = None
            if uuid_params:
                obj = world.object_for(route)
                assert obj is not None, f"no demo object for {operation.label}"
                fixed = dict.fromkeys(uuid_params, str(obj.external_id))
            tests.append(_operation_tests(operation, who=who, path_parameters=fixed))
        machine = _state_machine(schema, who)
        for role in ROLES:
            who["auth"] = {"Authorization": f"Token {tokens[role]}"}
            who["findings"] = results[role] = Findings()
            for known, unknown in tests:
                _run(known)
                if unknown is not None and role == "admin":
                    _run(unknown)
            run_state_machine_as_test(machine, settings=_hypothesis_settings(STATEFUL_RUNS,
                                                                             stateful_step_count=STATEFUL_STEPS))
    failures: dict[str, str] = {}
    for role, findings in results.items():
        print(f"{role}: {findings.requests} requests {dict(findings.by_phase)}; failures by check: "
              f"{dict(findings.by_check)}; refused by a named business rule: {dict(findings.business_rules)}")
        failures |= {f"{role}: {k}": v for k, v in findings.failures.items()
                     if not any(k.startswith(gap) for gap in KNOWN_GAPS)}
    if report := os.environ.get("ZORGPAD_FUZZ_REPORT"):  # for a person reading the findings
        with open(report, "w") as out:
            out.write("\n\n".join(f"== {k}\n{v}" for k, v in failures.items()) + "\n" + "\n".join(server_errors))
    assert list(failures) == [], "\n\n".join(failures.values())
    assert server_errors == []
