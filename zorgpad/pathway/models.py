"""What the app must remember of the pathways: the items of each tumour's advice (with their status, and why a
team deviated) and the centre's recorded decisions where the pathway leaves a choice open."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgpad.pathways.vocabulary import DECEASED, DeviationReason, ItemStatus
from zorgpad.patients.models import Tumour

ITEM_STATUS_LABELS = {
    ItemStatus.OPEN: _("open"),
    ItemStatus.IN_PROGRESS: _("in progress"),
    ItemStatus.DONE: _("done"),
    ItemStatus.NOT_APPLICABLE: _("not applicable"),
    ItemStatus.DEVIATED: _("deviated"),
}
ITEM_STATUS_VALUES = [s.value for s in ItemStatus]  # the API's enum (named in the OpenAPI settings)
DEVIATION_REASON_LABELS: dict[str, Any] = {
    DeviationReason.PATIENT_CHOICE: _("patient's choice"),
    DeviationReason.CONTRAINDICATION: _("contraindication"),
    DeviationReason.NO_INDICATION: _("no indication"),
    DeviationReason.MDO_DECISION: _("MDO decision"),
    DeviationReason.OTHER: _("other"),
}
REASON_CODE_LABELS: dict[str, Any] = {**DEVIATION_REASON_LABELS, DECEASED: _("deceased")}


class ItemSource(models.TextChoices):
    """Who set the status last: the record (an MDO registration, a plan...) or a clinician."""

    RECORD = "record", _("the record")
    CLINICIAN = "clinician", _("clinician")


class PathwayItem(models.Model):
    """One recommendation of a pathway version for one tumour. A new version makes new items (the old ones keep
    the version they were made with); `current` marks the items of the tumour's advice as last evaluated."""

    tumour = models.ForeignKey(Tumour, on_delete=models.PROTECT, related_name="pathway_items")
    code = models.CharField(_("code"), max_length=80)
    pathway_id = models.CharField(_("pathway"), max_length=40)
    version = models.CharField(_("pathway version"), max_length=20)
    status = models.CharField(_("status"), max_length=16, default=ItemStatus.OPEN,
                              choices=[(s.value, ITEM_STATUS_LABELS[s]) for s in ItemStatus])
    reason_code = models.CharField(_("reason"), max_length=20, blank=True,
                                   choices=[(str(k), v) for k, v in REASON_CODE_LABELS.items()])
    reason = models.TextField(_("reason text"), blank=True)
    status_source = models.CharField(max_length=10, choices=ItemSource.choices, default=ItemSource.RECORD)
    # The status the record showed at the last evaluation ('' = the record shows nothing): a change of it
    # moves the item; a clinician's status stays until the record changes.
    record_status = models.CharField(max_length=16, blank=True)
    fingerprint = models.CharField(max_length=64)  # of the rule's output: a change re-opens the item
    current = models.BooleanField(default=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    changed_at = models.DateTimeField(_("changed at"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tumour", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tumour", "pathway_id", "version", "code"],
                                    name="pathway_item_one_per_code_version"),
        ]
        indexes = [models.Index(fields=["status", "changed_at"], name="pathway_item_status_changed")]
        verbose_name = _("pathway item")
        verbose_name_plural = _("pathway items")

    def __str__(self) -> str:
        return f"{self.code} ({self.pathway_id} {self.version}): {self.status}"


class CentreDecision(models.Model):
    """A choice the pathway leaves to the centre, as recorded. Append-only: each recording is a new row and the
    newest row of a key is the current decision; the older rows are its history."""

    key = models.CharField(_("decision"), max_length=100)
    value = models.CharField(_("value"), max_length=100)
    basis = models.TextField(_("basis"), help_text=_("The source the centre relied on."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["key", "-decided_at", "-id"]
        indexes = [models.Index(fields=["key", "-decided_at"], name="centre_decision_key_latest")]
        permissions = [("record_centre_decision", "Can record a centre decision")]
        verbose_name = _("centre decision")
        verbose_name_plural = _("centre decisions")

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
