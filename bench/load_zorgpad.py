"""Load benchmark: gunicorn (production settings) + PostgreSQL with a realistic amount of data, 8 users.

    python -m bench.load_zorgpad                 # seed zorgpad_load afresh, run, print the table
    python -m bench.load_zorgpad --reuse         # keep the seeded database from the last run
    python -m bench.load_zorgpad --requests 300  # requests per endpoint (default 400)
    python -m bench.load_zorgpad --reuse --only agenda   # only the endpoints whose name contains "agenda"

Creates its own database (LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zorgpad_load),
fills it with set-based SQL (bench/load_seed.py), starts gunicorn on a free loopback port with
DEBUG off, logs 8 users in through the real login form (session cookie, CSRF) and lets them request,
without think time: first each endpoint on its own (8 users on that endpoint), then all endpoints mixed.
Bounded in requests and time; prints median and p95 per endpoint and phase, the CPU the gunicorn workers
spent per request (the server's own cost, apart from the queueing of 8 users on 2 cores that the latencies
include) and the errors (any answer other than 200, or none at all); exits 1 on any error.
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import environ
import psycopg
import requests
from psycopg import sql

from bench.load_seed import FAMILY_NAMES, Scale, seed
from tests.faults.processes import gunicorn, production_env

ROOT = Path(__file__).resolve().parent.parent
USERS = 8
PASSWORD = "load-test-password-1"  # synthetic users in a throwaway database
HTTPS = {"X-Forwarded-Proto": "https"}  # as behind the TLS-terminating proxy of production
TARGET_P95_MS = 150  # issue 7: patient list and patient page


@dataclass
class Endpoint:
    name: str
    path: Callable[[random.Random, "Data"], str]
    # A POST with this JSON body (the counter n alternates bodies); None: a GET.
    body: Callable[[int], dict[str, object]] | None = None


@dataclass
class Data:
    patients: list[str]
    names: list[str]
    agenda_session: str


STAGING_BODIES: list[dict[str, object]] = [
    {"system": "ajcc8-sts-trunk-extremities", "size_cm": 7, "grade": "G2", "n": "N0", "m": "M0"},
    {"system": "ajcc8-melanoma", "classification": "pathological", "breslow_mm": 2.6, "ulceration": False,
     "n": "N2b", "m": "M0"},
]

ENDPOINTS: list[Endpoint] = [
    Endpoint("patient list", lambda rng, d: f"/patients/?page={rng.randint(1, 200)}"),
    Endpoint("patient list, search", lambda rng, d: f"/patients/?q={rng.choice(d.names)}"),
    Endpoint("patient page", lambda rng, d: f"/patients/{rng.choice(d.patients)}/"),
    Endpoint("patient API, list", lambda rng, d: f"/api/v1/patients/?page={rng.randint(1, 100)}"),
    Endpoint("patient API, detail", lambda rng, d: f"/api/v1/patients/{rng.choice(d.patients)}/"),
    Endpoint("MDO agenda (40 cases)", lambda rng, d: f"/mdo/sessions/{d.agenda_session}/"),
    Endpoint("staging API (POST)", lambda rng, d: "/api/v1/staging/", body=lambda n: STAGING_BODIES[n % 2]),
]


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    server_cpu_ms: dict[str, float] = field(default_factory=dict)  # gunicorn workers' CPU per request
    database_cpu_ms: dict[str, float] = field(default_factory=dict)  # their PostgreSQL backends' CPU per request
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.setdefault(name, []).append(seconds * 1000)
            if not ok:
                self.errors[name] = self.errors.get(name, 0) + 1


def _connect(url: str, *, dbname: str | None = None, autocommit: bool = False) -> psycopg.Connection:
    """A connection to the database of `url` (or to `dbname` on the same server)."""
    cfg = environ.Env.db_url_config(url)
    return psycopg.connect(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"] or "postgres",
                           password=cfg["PASSWORD"] or None, dbname=dbname or cfg["NAME"], autocommit=autocommit)


def prepare_database(url: str, scale: Scale, *, reuse: bool) -> None:
    name = environ.Env.db_url_config(url)["NAME"]
    with _connect(url, dbname="postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            print(f"==> reusing database {name} (migrating it)")
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT,
                           env=production_env(database_url=url), check=True, stdout=subprocess.DEVNULL)
            _analyze(url)
            return
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = production_env(database_url=url)
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    with _connect(url) as conn:
        for line in seed(conn, scale):
            print(f"    {line}")
        _create_users(conn)
    _analyze(url)
    print(f"==> database {name} ready in {time.monotonic() - started:.0f} s")


def _analyze(url: str) -> None:
    """The database as autovacuum keeps a live one: planner statistics of the data as it now stands (the users
    are created after the seed's own ANALYZE: with auth_user counted empty, the agenda's case query took a
    nested loop over the users, 8 ms instead of 1), and GIN indexes with their pending lists merged (the
    seed fills the search's trigram indexes after they were created: unmerged, a search read them in 5 ms
    instead of 0.2 ms and the planner preferred a full scan)."""
    with _connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _create_users(conn: psycopg.Connection) -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"])
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hashed = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    with conn.cursor() as cursor:
        for n in range(USERS):
            cursor.execute(
                "INSERT INTO auth_user (username, password, is_superuser, first_name, last_name, email, is_staff, "
                "is_active, date_joined) VALUES (%s, %s, false, 'Load', %s, '', false, true, now()) RETURNING id",
                [f"load{n}", hashed, str(n)],
            )
            user_id = cursor.fetchone()[0]  # type: ignore[index]
            # Most users are clinicians; one secretary and one MDO coordinator, as on a real day.
            role = {0: "secretary", 1: "mdo_coordinator"}.get(n, "clinician")
            cursor.execute("INSERT INTO auth_user_groups (user_id, group_id) SELECT %s, id FROM auth_group "
                           "WHERE name = %s", [user_id, role])
    conn.commit()


def _data(url: str) -> Data:
    with _connect(url) as conn:
        ids = [str(r[0]) for r in conn.execute("SELECT external_id FROM patients_patient ORDER BY random() LIMIT 2000")]
        agenda = conn.execute("SELECT s.external_id FROM mdo_mdosession s JOIN mdo_mdocase c ON c.session_id = s.id "
                              "WHERE s.date >= current_date GROUP BY s.id ORDER BY count(*) DESC, s.date "
                              "LIMIT 1").fetchone()
    if agenda is None:
        raise RuntimeError("no upcoming MDO session with cases: reseed (without --reuse)")
    names = sorted({n.split()[-1][:5].lower() for n in FAMILY_NAMES})
    return Data(patients=ids, names=names, agenda_session=str(agenda[0]))


def login(base: str, username: str) -> requests.Session:
    """The real login form: GET for the CSRF cookie, POST the credentials, keep the session cookie.

    Cookies are Secure in production; over loopback HTTP they are sent by hand (as the proxy would).
    """
    http = requests.Session()
    http.headers.update(HTTPS)
    page = http.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    csrf = http.cookies["csrftoken"]
    referer = base.replace("http://", "https://") + "/accounts/login/"  # Django checks it on HTTPS
    response = http.post(f"{base}/accounts/login/", data={"username": username, "password": PASSWORD,
                                                          "csrfmiddlewaretoken": token},
                         headers={"Cookie": f"csrftoken={csrf}", "Referer": referer},
                         allow_redirects=False, timeout=30)
    if response.status_code != 302:
        raise RuntimeError(f"login of {username} failed: {response.status_code}")
    # Logging in rotates the CSRF token: API writes send the new one in the header (session auth + CSRF).
    csrf = response.cookies.get("csrftoken", csrf)
    http.headers["Cookie"] = f"sessionid={http.cookies['sessionid']}; csrftoken={csrf}"
    http.headers["X-CSRFToken"] = csrf
    http.headers["Referer"] = base.replace("http://", "https://") + "/"
    return http


def request(http: requests.Session, base: str, endpoint: Endpoint, path: str, n: int) -> bool:
    if endpoint.body is None:
        return http.get(base + path, timeout=30, allow_redirects=False).status_code == 200
    return http.post(base + path, json=endpoint.body(n), timeout=30, allow_redirects=False).status_code == 200


def run(base: str, sessions: list[requests.Session], data: Data, plan: list[Endpoint], *,
        max_seconds: float) -> Result:
    """The 8 users share out the plan (requests in a fixed shuffled order) and go as fast as they can:
    no think time, so there are always 8 requests in the system."""
    result = Result()
    deadline = time.monotonic() + max_seconds
    plan = list(plan)
    random.Random(7).shuffle(plan)
    chunks = [plan[i::USERS] for i in range(USERS)]

    def user(n: int) -> None:
        rng = random.Random(n)
        for i, endpoint in enumerate(chunks[n]):
            if time.monotonic() > deadline:
                return
            path = endpoint.path(rng, data)
            started = time.perf_counter()
            try:
                ok = request(sessions[n], base, endpoint, path, i)
            except requests.RequestException:
                ok = False
            result.add(endpoint.name, time.perf_counter() - started, ok)

    with ThreadPoolExecutor(USERS) as pool:
        list(pool.map(user, range(USERS)))
    return result


def warm_up(base: str, sessions: list[requests.Session], data: Data) -> None:
    """Every worker process compiles its templates and opens its database connection first (not measured)."""
    for http in sessions:
        for i, endpoint in enumerate(ENDPOINTS):
            if not request(http, base, endpoint, endpoint.path(random.Random(0), data), i):
                raise RuntimeError(f"warm-up request to {endpoint.name} failed")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def table(result: Result, title: str) -> str:
    lines = [f"| {title} | requests | median ms | p95 ms | CPU ms/request: gunicorn | PostgreSQL | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for endpoint in ENDPOINTS:
        values = result.latencies.get(endpoint.name, [])
        if not values:
            continue
        cpu, db = result.server_cpu_ms.get(endpoint.name), result.database_cpu_ms.get(endpoint.name)
        lines.append(f"| {endpoint.name} | {len(values)} | {statistics.median(values):.1f} | {_p95(values):.1f} | "
                     f"{'' if cpu is None else f'{cpu:.1f}'} | {'' if db is None else f'{db:.1f}'} | "
                     f"{result.errors.get(endpoint.name, 0)} |")
    return "\n".join(lines)


def _cpu_seconds(matches: Callable[[bytes], bool]) -> float:
    """User + system CPU of the processes whose command line matches (read from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if not matches((proc / "cmdline").read_bytes()):
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def server_cpu_seconds(base: str) -> float:
    """CPU of the gunicorn processes serving `base` (found by their bind address)."""
    bind = base.removeprefix("http://").encode()
    return _cpu_seconds(lambda cmdline: bind in cmdline)


def database_cpu_seconds(dbname: str) -> float:
    """CPU of the PostgreSQL backends connected to `dbname` (the gunicorn workers' connections)."""
    marker = f" {dbname} ".encode()
    return _cpu_seconds(lambda cmdline: cmdline.startswith(b"postgres:") and marker in cmdline)


def cpu_probe() -> float:
    """Milliseconds of CPU for a fixed piece of pure Python: this shared machine's speed varies between runs
    (by a third within an hour), and the latencies follow it; printed so runs can be compared."""
    started = time.process_time()
    table: dict[int, str] = {}
    for i in range(1_000_000):
        table[i % 1000] = f"{i}x"
    return (time.process_time() - started) * 1000


def _collectstatic(env: dict[str, str]) -> None:
    """Production serves hashed static files from staticfiles/: collect them when a source is newer."""
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    sources = [f for d in ROOT.glob("**/static") if ".venv" not in d.parts for f in d.rglob("*") if f.is_file()]
    if manifest.exists() and all(f.stat().st_mtime <= manifest.stat().st_mtime for f in sources):
        return
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="reuse the seeded database of a previous run")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    parser.add_argument("--max-seconds", type=float, default=300, help="stop measuring after this long")
    # One sync worker per core measured best on 2 cores: more processes than cores cost more CPU per
    # request (8 x 1: page 38 ms of CPU against 20 ms with 2 x 1) and so longer queues (README, Load).
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread if > 1)")
    parser.add_argument("--only", default="", help="only the endpoints whose name contains this text")
    args = parser.parse_args()
    endpoints = [e for e in ENDPOINTS if args.only.lower() in e.name.lower()]
    url = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zorgpad_load")
    prepare_database(url, Scale(), reuse=args.reuse)
    data = _data(url)
    # Its own STATIC_ROOT: a collected staticfiles/ in the checkout would slow every test client (WhiteNoise).
    env = production_env(database_url=url, STATIC_ROOT=str(ROOT / "bench" / "results" / "staticfiles"))
    _collectstatic(env)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    with gunicorn(env, workers=args.workers, threads=args.threads, log=results_dir / "gunicorn.log") as base:
        sessions = [login(base, f"load{n}") for n in range(USERS)]
        warm_up(base, sessions, data)
        print(f"\ngunicorn {args.workers} workers x {args.threads} threads, {os.cpu_count()} CPUs, {USERS} users "
              f"without think time, {args.requests} requests per endpoint and phase; CPU probe {cpu_probe():.0f} ms")
        # Phase 1: each endpoint on its own, 8 users asking for it at once.
        alone = Result()
        dbname = environ.Env.db_url_config(url)["NAME"]
        for endpoint in endpoints:
            cpu_before, db_before = server_cpu_seconds(base), database_cpu_seconds(dbname)
            one = run(base, sessions, data, [endpoint] * args.requests, max_seconds=args.max_seconds)
            alone.latencies.update(one.latencies)
            alone.errors.update(one.errors)
            served = len(one.latencies.get(endpoint.name, [])) or 1
            alone.server_cpu_ms[endpoint.name] = (server_cpu_seconds(base) - cpu_before) * 1000 / served
            alone.database_cpu_ms[endpoint.name] = (database_cpu_seconds(dbname) - db_before) * 1000 / served
        # Phase 2: a working day's mix, every endpoint interleaved (the MDO agenda is the heaviest page).
        started = time.monotonic()
        mixed = run(base, sessions, data, [e for e in endpoints for _ in range(args.requests)],
                    max_seconds=args.max_seconds)
        elapsed = time.monotonic() - started
    total = sum(len(v) for v in mixed.latencies.values())
    print(f"\n{table(alone, f'one endpoint at a time ({USERS} concurrent users)')}")
    print(f"\n{table(mixed, f'all endpoints mixed ({USERS} concurrent users)')}")
    print(f"\nmixed phase: {total} requests in {elapsed:.0f} s ({total / elapsed:.0f}/s); CPU probe after: "
          f"{cpu_probe():.0f} ms")
    for name in ("patient list", "patient page"):
        if name not in alone.latencies:
            continue
        print(f"{name}: p95 {_p95(alone.latencies[name]):.1f} ms alone, {_p95(mixed.latencies[name]):.1f} ms mixed "
              f"(target < {TARGET_P95_MS} ms)")
    errors = sum(alone.errors.values()) + sum(mixed.errors.values())
    print(f"errors: {errors}")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
