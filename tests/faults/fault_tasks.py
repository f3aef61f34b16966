"""A trivial job for the fault tests: a row in table fault_job that a Celery task marks done, once."""

from celery import shared_task
from django.db import connection, transaction

TABLE = "fault_job"


def create_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id serial PRIMARY KEY, status text NOT NULL, "
                       "runs integer NOT NULL DEFAULT 0)")


def drop_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def create_job() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (status) VALUES ('queued') RETURNING id")  # noqa: S608
        return int(cursor.fetchone()[0])


def job(job_id: int) -> tuple[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, runs FROM {TABLE} WHERE id = %s", [job_id])  # noqa: S608
        status, runs = cursor.fetchone()
        return status, runs


def queued_ids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {TABLE} WHERE status = 'queued' ORDER BY id")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@shared_task(name="tests.faults.fault_tasks.run_fault_job")
def run_fault_job(job_id: int) -> None:
    """Idempotent: only a queued row is run; a second delivery finds it done and does nothing."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT status FROM {TABLE} WHERE id = %s FOR UPDATE", [job_id])  # noqa: S608
        row = cursor.fetchone()
        if row is None or row[0] != "queued":
            return
        cursor.execute(f"UPDATE {TABLE} SET status = 'done', runs = runs + 1 WHERE id = %s", [job_id])  # noqa: S608
