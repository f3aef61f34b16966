"""Thin Celery tasks of interoperability: call a service; idempotent."""

from celery import shared_task
from django.utils import timezone

from interop.cds_hooks.services import cds_cards_prune


@shared_task
def cds_cards_prune_task() -> int:
    return cds_cards_prune(now=timezone.now())
