"""The long schemathesis run: every check, every phase (examples, coverage, fuzzing, stateful), every role.

    python -m bench.schemathesis_full                  (PostgreSQL from DATABASE_URL; a throw-away database)
    python -m bench.schemathesis_full -n 50 --roles admin,clinician   (examples per operation, roles)

The suite runs a bounded version in-process (tests/api/test_schemathesis.py); this one serves the app over
real HTTP (a threaded WSGI server in this process, on the throw-away database with the demo data) and runs
schemathesis' own command line against it, once per role with that role's API token, continuing after
failures so that every failing case is counted. Prints per role: generated test cases, failures per check,
and the operations that failed; the JSON reports are kept in --report-dir.
"""

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgpad.settings.test")
os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "bench_zp_schemathesis")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROLES = {"admin": "beheer", "clinician": "arts", "secretary": "secretaresse", "mdo_coordinator": "coordinator"}


def _serve() -> tuple[object, int]:
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from zorgpad.wsgi import application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = make_server("127.0.0.1", 0, application, server_class=Server, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_port


def _token(port: int, username: str) -> str:
    import requests

    from zorgpad.demo_data import DEMO_PASSWORD

    for _ in range(30):  # the token endpoint is throttled: wait for the next minute if need be
        response = requests.post(f"http://127.0.0.1:{port}/api/v1/auth/token/",
                                 json={"username": username, "password": DEMO_PASSWORD}, timeout=30)
        if response.status_code == 200:
            return str(response.json()["token"])
        time.sleep(5)
    raise SystemExit(f"no token for {username}: {response.status_code} {response.text[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", "--max-examples", type=int, default=30)
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--seed", default="20261130")
    parser.add_argument("--report-dir", default="bench/results/schemathesis")
    args, _ = parser.parse_known_args()
    warnings.filterwarnings("ignore", message="No directory at")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    report_dir = Path(args.report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    st = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    results = {}
    try:
        from zorgpad.demo_data import load_demo_data

        load_demo_data(stdout=io.StringIO())
        connection.close()
        server, port = _serve()
        # All tokens first: the runs try wrong passwords on the token endpoint, and the lockout (django-axes)
        # would refuse the next role's login from this address.
        tokens = {role: _token(port, ROLES[role]) for role in args.roles.split(",")}
        for role, token in tokens.items():
            report = report_dir / f"{role}.json"
            command = [
                st, "run", f"http://127.0.0.1:{port}/api/schema/?format=json", "--url", f"http://127.0.0.1:{port}/",
                "-H", f"Authorization: Token {token}", "--checks", "all", "--mode", "all",
                "--phases", "examples,coverage,fuzzing,stateful", "-n", str(args.max_examples),
                "--seed", args.seed, "--continue-on-failure", "--no-shrink", "-w", "1",
                # our credentials are the token: generated session cookies are no test of them
                "--generation-with-security-parameters", "false",
                "--report", "json", "--report-json-path", str(report), "--no-color",
            ]
            start = time.perf_counter()
            run = subprocess.run(command, capture_output=True, text=True, check=False)
            (report_dir / f"{role}.txt").write_text(run.stdout + run.stderr)
            seconds = time.perf_counter() - start
            if not report.exists():
                print(run.stdout[-3000:], run.stderr[-3000:])
                raise SystemExit(f"schemathesis wrote no report for {role}")
            results[role] = (json.loads(report.read_text()), seconds)
        server.shutdown()  # type: ignore[attr-defined]
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"schemathesis full run: all checks, all phases, -n {args.max_examples}, seed {args.seed} "
          f"({os.cpu_count()} CPUs); reports in {report_dir}/")
    for role, (data, seconds) in results.items():
        cases = data["test_cases"]
        print(f"\n{role}: {cases['generated']} test cases in {seconds:.0f} s, {cases['with_failures']} with failures, "
              f"{cases['unique_failures']} unique failures, errors {len(data['errors'])}")
        for failure in data["failures"]:
            print(f"  {failure['code']} {failure['title']:<42} {failure['count']:>5}   "
                  f"{', '.join(failure['operations'])}")
        if not data["failures"]:
            print("  no failures")


if __name__ == "__main__":
    main()
