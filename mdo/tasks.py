"""Thin Celery tasks: take ids, call a service; each is idempotent."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from mdo import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def mdo_letter_render_task(letter_id: int) -> str:
    return services.mdo_letter_render(letter_id=letter_id).status


@shared_task
def mdo_sessions_generate_task() -> int:
    until = timezone.localdate() + timedelta(weeks=settings.MDO_GENERATE_WEEKS_AHEAD)
    return services.mdo_sessions_generate(until=until).created


@shared_task
def mdo_letters_requeue_stale_task() -> int:
    return services.mdo_letters_requeue_stale()
