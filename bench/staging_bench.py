"""Staging benchmark: stage computations per second in-process, and the stateless API's latency.

    python -m bench.staging_bench [--rules-seconds 2] [--requests 500]

1. The pure rules (staging.rules.sts / .melanoma) on one core: a fixed mix of realistic inputs, computed in a
   loop for a few seconds; target >= 100,000 stage computations per second.
2. POST /api/v1/staging/ (and /api/v1/pathway/evaluate/) through Django's test client with a logged-in
   clinician (session, permission check, JSON parsing, validation, translation, rendering): median and p95
   latency over a bounded number of requests. Uses a throw-away test database (PostgreSQL with the test
   settings; TEST_DATABASE_NAME, default test_zorgpad_bench).
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any


def _rules_mix() -> list[tuple[str, Callable[[Any], Any], Any]]:
    from staging.rules import melanoma, sts
    from staging.rules.common import Classification

    c, p = Classification.CLINICAL, Classification.PATHOLOGICAL
    return [
        ("sts", sts.stage, sts.StsInputs(Decimal("7"), sts.Grade.G2, sts.N.N0, sts.M.M0)),
        ("sts", sts.stage, sts.StsInputs(Decimal("3.2"), sts.Grade.GX, None, sts.M.M0)),
        ("sts", sts.stage, sts.StsInputs(Decimal("16"), sts.Grade.G3, sts.N.N1, None)),
        ("sts", sts.stage, sts.StsInputs(None, None, sts.N.N0, sts.M.M0)),
        ("melanoma", melanoma.stage, melanoma.MelanomaInputs(p, Decimal("2.6"), False, "N2b", "M0")),
        ("melanoma", melanoma.stage, melanoma.MelanomaInputs(c, Decimal("0.75"), None, "N0", "M0")),
        ("melanoma", melanoma.stage, melanoma.MelanomaInputs(p, Decimal("4.05"), True, "N3", "M0")),
        ("melanoma", melanoma.stage, melanoma.MelanomaInputs(p, Decimal("1.5"), None, "NX", "M1a(1)")),
    ]


def bench_rules(seconds: float) -> list[tuple[str, float, int]]:
    mix = _rules_mix()
    rows = []
    for name in ("sts", "melanoma", "mix"):
        cases = [(f, x) for kind, f, x in mix if name in (kind, "mix")]
        count, started = 0, time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            for _ in range(500):
                for function, inputs in cases:
                    function(inputs)
            count += 500 * len(cases)
        elapsed = time.perf_counter() - started
        rows.append((name, count / elapsed, count))
    return rows


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def bench_api(requests: int) -> list[tuple[str, float, float, int]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgpad.settings.test")
    os.environ.setdefault("TEST_DATABASE_NAME", "test_zorgpad_bench")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.factories import UserFactory
    from zorgpad.accounts.roles import Role

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        client = Client()
        client.force_login(UserFactory(role=Role.CLINICIAN))
        bodies = {
            "POST /api/v1/staging/ (sts)": ("/api/v1/staging/", {
                "system": "ajcc8-sts-trunk-extremities", "size_cm": 7.0, "grade": "G2", "n": "N0", "m": "M0"}),
            "POST /api/v1/staging/ (melanoma)": ("/api/v1/staging/", {
                "system": "ajcc8-melanoma", "classification": "pathological", "breslow_mm": 2.6,
                "ulceration": False, "n": "N2b", "m": "M0"}),
            "POST /api/v1/pathway/evaluate/": ("/api/v1/pathway/evaluate/", {
                "today": "2026-11-23",
                "patient": {"systemic_sclerosis": True, "anti_rna_polymerase_iii": True,
                            "s100b": [{"date": "2026-08-01", "value": 0.19}, {"date": "2026-11-01", "value": 0.31}]},
                "tumour": {"diagnosis": "subcutaneous_leiomyosarcoma", "depth": "subcutis", "size_cm": 7,
                           "grade": "G2", "n": "N0", "m": "M0", "margin": "R1", "operable": True}}),
        }
        import json

        rows = []
        for label, (url, body) in bodies.items():
            payload = json.dumps(body)
            for _ in range(min(50, requests)):  # warm-up
                assert client.post(url, payload, content_type="application/json").status_code == 200
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.post(url, payload, content_type="application/json")
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.content
            rows.append((label, statistics.median(timings), _percentile(timings, 0.95), requests))
        return rows
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules-seconds", type=float, default=2.0, help="seconds per rules measurement")
    parser.add_argument("--requests", type=int, default=500, help="timed requests per API endpoint")
    parser.add_argument("--skip-api", action="store_true", help="only the in-process rules")
    args = parser.parse_args()

    print("Stage computations in-process (one core)")
    print(f"{'inputs':<12} {'per second':>14} {'computations':>14}")
    for name, rate, count in bench_rules(args.rules_seconds):
        print(f"{name:<12} {rate:>14,.0f} {count:>14,}")
    print("target: >= 100,000 per second")
    if args.skip_api:
        return
    print()
    print("Stateless API latency (Django test client, session login, JSON in/out)")
    print(f"{'endpoint':<36} {'median ms':>10} {'p95 ms':>10} {'requests':>9}")
    for label, median, p95, count in bench_api(args.requests):
        print(f"{label:<36} {median:>10.2f} {p95:>10.2f} {count:>9}")


if __name__ == "__main__":
    main()
