"""PostgreSQL drops the web process's connection between two requests: the next request recovers.

A real gunicorn process with production settings keeps its connection open (CONN_MAX_AGE=600); another
connection kills that backend with pg_terminate_backend. With CONN_HEALTH_CHECKS (our setting) the next
request notices and reconnects; without it the same request fails with a 500, which shows the test
can fail and what the setting protects against.
"""

import uuid

import pytest
import requests
from django.db import connection
from knox.models import AuthToken

from tests.faults.processes import database_url, gunicorn, production_env

pytestmark = pytest.mark.django_db(transaction=True)


def _terminate(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
                       [application_name])
        return int(cursor.fetchone()[0])


@pytest.mark.parametrize(("health_checks", "after_drop"), [
    pytest.param(True, 200, id="CONN_HEALTH_CHECKS on: the next request reconnects"),
    pytest.param(False, 500, id="CONN_HEALTH_CHECKS off: the next request fails"),
])
def test_next_request_after_a_dropped_connection(clinician, tmp_path, health_checks: bool, after_drop: int) -> None:
    _instance, token = AuthToken.objects.create(user=clinician)
    name = f"zorgpad-fault-{uuid.uuid4().hex[:12]}"
    url = database_url(connection.settings_dict, application_name=name)
    env = production_env(database_url=url, DB_CONN_MAX_AGE="600", DB_CONN_HEALTH_CHECKS=str(health_checks).lower())
    with gunicorn(env, log=tmp_path / "gunicorn.log") as base, requests.Session() as http:
        http.headers["Authorization"] = f"Token {token}"

        def get() -> int:
            return http.get(f"{base}/api/v1/patients/", timeout=30).status_code

        assert get() == 200
        assert _terminate(name) == 1  # the one persistent connection of the one worker
        assert get() == after_drop
        assert get() == 200  # a failed connection is never reused
