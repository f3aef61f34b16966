"""The one way apps enqueue Celery tasks: after commit, and never failing the caller when the broker is down.

    from zorgpad.tasks_dispatch import enqueue_on_commit
    job = LetterBatch.objects.create(status=Status.QUEUED, ...)   # the job is a database row first
    enqueue_on_commit(letter_batch_render_task, job.pk)           # published once the row is committed

If Redis is unreachable the publish is logged and dropped: the web request still succeeds and the job
row stays queued. A periodic sweep (Celery beat, or a management command) re-publishes rows that are
still queued with `enqueue_now(task, pk)` once the broker is back. Tasks are therefore idempotent:
a job may be published twice (sweep + original) and must run its effect once (check the row's status
under `select_for_update`, or rely on a unique constraint).
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerOperationalError

logger = logging.getLogger(__name__)

# What a publish raises when the broker is down or unreachable (kombu wraps most; sockets may leak through).
BROKER_ERRORS: tuple[type[BaseException], ...] = (BrokerOperationalError, ConnectionError, TimeoutError, OSError)


def enqueue_now(task: Task, *args: Any, **kwargs: Any) -> bool:
    """Publish `task(*args, **kwargs)` now. True when the broker took it; False (logged) when it is down.

    Use inside sweeps; from a request or service use `enqueue_on_commit`.
    """
    try:
        # retry=False: fail fast instead of holding a web request while kombu retries the connection.
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("Broker unavailable, %s%r stays queued in the database: %s", task.name, args, exc)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Publish `task(*args, **kwargs)` when the current transaction commits (at once outside a transaction).

    Never raises because the broker is down (see the module docstring); with no broker configured
    (CELERY_TASK_ALWAYS_EAGER) the task runs inline after commit.
    """
    transaction.on_commit(lambda: enqueue_now(task, *args, **kwargs))
