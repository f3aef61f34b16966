"""Thin Celery tasks: take ids, call a service. Each is idempotent (see the services)."""

from typing import Any

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from followup import letter_services, reminder_services


@shared_task(name="followup_reminder_scan")
def followup_reminder_scan_task() -> dict[str, Any]:
    result = reminder_services.reminder_scan(today=timezone.localdate())
    return result.__dict__


# Stopped by the soft time limit past its budget (the service marks the run failed with a clear reason).
@shared_task(name="followup_print_job_render", acks_late=True, soft_time_limit=settings.PDF_TASK_SOFT_TIME_LIMIT,
             time_limit=settings.PDF_TASK_SOFT_TIME_LIMIT + 60)
def followup_print_job_render_task(job_id: int) -> bool:
    return letter_services.print_job_render(job_id=job_id)


@shared_task(name="followup_print_job_sweep")
def followup_print_job_sweep_task() -> int:
    return letter_services.print_job_sweep()
