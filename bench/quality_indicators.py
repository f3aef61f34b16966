"""Benchmark: the quality indicators page and API for a year over the load data set (10,000 patients, 25,000
tumours, 100,000 follow-up visits, a year of MDO sessions, a referral per patient; bench/load_seed.py).

    python -m bench.quality_indicators [--repeat 15] [--reuse]

Creates (or with --reuse keeps) its own PostgreSQL database (BENCH_QUALITY_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/bench_zp_quality), seeds it set-based, then requests in-process (Django test
client, one user, no network) the indicators page (with its charts), the API, the waiting-time worklist and, as
the floor measured in the same run, GET /api/v1/pathways/ (login, middleware and rendering without indicator
queries). Prints median and p95 per request (query counts stay constant as data grows: tests/quality).
"""

import argparse
import os
import statistics
import time

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_zp_quality"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("BENCH_QUALITY_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "zorgpad.settings.test"
    import django

    django.setup()
    from zorgpad.startup import freeze_startup_objects

    freeze_startup_objects()  # as a web worker does (zorgpad/wsgi.py)
    from bench.load_seed import Scale
    from bench.load_zorgpad import prepare_database

    prepare_database(url, Scale(), reuse=args.reuse)
    run(args.repeat)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def run(repeat: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    user, _ = User.objects.get_or_create(username="bench-quality")
    user.groups.add(Group.objects.get(name="clinician"))
    client = Client()
    client.force_login(user)
    today = timezone.localdate()
    year = f"from={today.replace(year=today.year - 1):%Y-%m-%d}&to={today:%Y-%m-%d}&pathway=lms"
    # The seeded diagnoses lie mostly in 2020-2024: 2023 is a year full of rows (the last year holds few).
    full = "from=2023-01-01&to=2023-12-31&pathway=lms"
    targets = [
        ("floor: GET /api/v1/pathways/", "/api/v1/pathways/"),
        ("indicators API (last year)", f"/api/v1/indicators/?{year}"),
        ("indicators API (2023)", f"/api/v1/indicators/?{full}"),
        ("indicators page (last year, charts)", f"/quality/indicators/?period=range&{year.replace('from=', 'from_=')}"),
        ("indicators page (2023, charts)", f"/quality/indicators/?period=range&{full.replace('from=', 'from_=')}"),
        ("waiting-time worklist page", "/quality/waiting/"),
    ]
    print(f"{'request':<40} {'median ms':>10} {'p95 ms':>8}")
    for name, path in targets:
        response = client.get(path, HTTP_HOST="localhost")  # warm-up (and a check)
        assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path, HTTP_HOST="localhost")
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name:<40} {statistics.median(times):>10.1f} {_p95(times):>8.1f}")
    figures = client.get(f"/api/v1/indicators/?{full}", HTTP_HOST="localhost").json()
    for row in figures:
        print(f"    {row['code']}: {row['numerator']}/{row['denominator']} value={row['value']}")


if __name__ == "__main__":
    main()
