"""What the waiting times need that the record did not hold: the start of treatment (surgery, radiotherapy or
systemic therapy, with its date), the referral episode a tumour belongs to, and a team's reason when a milestone
deliberately misses its norm (accounted for, not a miss). The permissions of the worklist and the indicators."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from referrals.models import Referral
from zorgpad.pathway.models import DEVIATION_REASON_LABELS
from zorgpad.patients.models import Tumour
from zorgpad.patients.validators import validate_not_in_future
from zorgpad.text_bounds import bounded_text


class TreatmentKind(models.TextChoices):
    SURGERY = "surgery", _("surgery")
    RADIOTHERAPY = "radiotherapy", _("radiotherapy")
    SYSTEMIC = "systemic", _("systemic therapy")


class TreatmentStart(models.Model):
    """The start of one treatment of a tumour. The start of treatment (the milestone) is the earliest of these and
    the tumour's date of surgery."""

    tumour = models.ForeignKey(Tumour, on_delete=models.PROTECT, related_name="treatment_starts")
    kind = models.CharField(_("treatment"), max_length=14, choices=TreatmentKind.choices)
    started_on = models.DateField(_("started on"), validators=[validate_not_in_future])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["tumour", "started_on"])]
        verbose_name = _("start of treatment")
        verbose_name_plural = _("starts of treatment")

    def __str__(self) -> str:
        return f"{self.kind} {self.started_on}"


class TumourEpisode(models.Model):
    """The referral episode a tumour belongs to (one referral, several tumours possible)."""

    tumour = models.OneToOneField(Tumour, on_delete=models.PROTECT, related_name="episode")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="tumour_episodes",
                                 verbose_name=_("referral"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral episode of a tumour")
        verbose_name_plural = _("referral episodes of tumours")

    def __str__(self) -> str:
        return f"{self.tumour_id} <- {self.referral_id}"

    def clean(self) -> None:
        if self.tumour_id and self.referral_id and self.tumour.patient_id != self.referral.patient_id:
            raise ValidationError({"referral": _("The referral belongs to another patient.")})


class Milestone(models.TextChoices):
    REFERRAL = "referral", _("referral received")
    FIRST_VISIT = "first_visit", _("first visit")
    DIAGNOSIS = "diagnosis", _("diagnosis (histology result)")
    MDO = "mdo", _("MDO discussion")
    TREATMENT = "treatment", _("start of treatment")
    FOLLOWUP = "followup", _("follow-up")


class MilestoneDeviation(models.Model):
    """A team's reason why a milestone of a referral episode misses its norm. Append-only; the newest counts."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="milestone_deviations")
    milestone = models.CharField(_("milestone"), max_length=12, choices=Milestone.choices)
    reason_code = models.CharField(_("reason"), max_length=20,
                                   choices=[(str(k), v) for k, v in DEVIATION_REASON_LABELS.items()])
    reason = bounded_text(_("reason text"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["referral", "milestone"])]
        verbose_name = _("deviation from a waiting-time norm")
        verbose_name_plural = _("deviations from waiting-time norms")

    def __str__(self) -> str:
        return f"{self.milestone}: {self.reason_code}"


class QualityAccess(models.Model):
    """No rows: carries the permissions of the waiting-time worklist and the indicators."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_waiting_worklist", "Can see the waiting-time worklist"),
            ("view_indicators", "Can see the quality indicators and the patients behind them"),
        ]

    def __str__(self) -> str:
        return "quality access"
