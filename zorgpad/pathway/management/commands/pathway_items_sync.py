"""Re-evaluate the pathway items of every tumour (after a deployment that adds items or a pathway version; the
services keep them current afterwards). Idempotent."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from zorgpad.pathway.services import pathway_items_sync
from zorgpad.patients.models import Tumour


class Command(BaseCommand):
    help = "Re-evaluate every tumour's pathway items (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        written = 0
        for tumour in Tumour.objects.order_by("id").iterator():
            with transaction.atomic():
                written += len(pathway_items_sync(tumour=tumour))
        self.stdout.write(f"pathway items written: {written}")
