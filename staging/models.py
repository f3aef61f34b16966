"""A stage assessment recorded on a tumour. Append-only: every assessment is kept, the latest is shown."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from staging.rules.common import Classification as RulesClassification
from staging.rules.common import StagingSystem
from zorgpad.patients.models import Tumour


class System(models.TextChoices):
    STS_TRUNK_EXTREMITIES = StagingSystem.STS_TRUNK_EXTREMITIES.value, _(
        "AJCC 8 soft tissue sarcoma, trunk and extremities"
    )
    STS_HEAD_NECK = StagingSystem.STS_HEAD_NECK.value, _("AJCC 8 soft tissue sarcoma, head and neck (T only)")
    MELANOMA = StagingSystem.MELANOMA.value, _("AJCC 8 cutaneous melanoma")


class Classification(models.TextChoices):
    CLINICAL = RulesClassification.CLINICAL.value, _("clinical")
    PATHOLOGICAL = RulesClassification.PATHOLOGICAL.value, _("pathological")


class StageAssessment(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tumour = models.ForeignKey(Tumour, on_delete=models.PROTECT, related_name="stage_assessments")
    system = models.CharField(_("staging system"), max_length=40, choices=System.choices)
    classification = models.CharField(_("classification"), max_length=12, choices=Classification.choices)
    # What the clinician entered (Decimals as strings), exactly as it was staged.
    inputs = models.JSONField(_("inputs"), default=dict)
    t = models.CharField("T", max_length=4)
    n = models.CharField("N", max_length=4, blank=True)
    m = models.CharField("M", max_length=7, blank=True)
    grade = models.CharField(_("grade"), max_length=2, blank=True)
    stage = models.CharField(_("stage group"), max_length=5, blank=True, help_text=_("Empty: unknown."))
    missing = models.JSONField(_("missing inputs"), default=list, blank=True)
    # [{"template": English source text, "params": {...}}]: translated when shown.
    explanation = models.JSONField(_("explanation"), default=list)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        indexes = [models.Index(fields=["tumour", "-assessed_at", "-id"], name="stage_tumour_latest")]
        permissions = [
            ("use_calculators", "Can use the stateless staging, criteria and pathway calculators"),
        ]
        verbose_name = _("stage assessment")
        verbose_name_plural = _("stage assessments")

    def __str__(self) -> str:
        return f"{self.tumour_id}: {self.t} {self.n} {self.m} {self.stage or '?'} ({self.classification})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Stage assessments are never changed; record a new one.")
        super().save(*args, **kwargs)
