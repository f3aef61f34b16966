"""Thin Celery tasks: take ids, call a service; each is idempotent."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from mdo import decision_services, session_services


# A render that runs too long is stopped by the soft time limit (the service marks the letter failed with a
# clear reason); the hard limit a minute later only if even that does not end it.
@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5,
             soft_time_limit=settings.PDF_TASK_SOFT_TIME_LIMIT, time_limit=settings.PDF_TASK_SOFT_TIME_LIMIT + 60)
def mdo_letter_render_task(letter_id: int) -> str:
    return decision_services.mdo_letter_render(letter_id=letter_id).status


@shared_task
def mdo_sessions_generate_task() -> int:
    until = timezone.localdate() + timedelta(weeks=settings.MDO_GENERATE_WEEKS_AHEAD)
    return session_services.mdo_sessions_generate(until=until).created


@shared_task
def mdo_letters_requeue_stale_task() -> int:
    return decision_services.mdo_letters_requeue_stale()


@shared_task
def mdo_sessions_close_task() -> int:
    from mdo.session_services import mdo_sessions_close

    return mdo_sessions_close(today=timezone.localdate())
