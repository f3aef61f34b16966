"""Referrals (verwijzingen), their status history and triage overrides; the first-visit checklist of a patient.

Statuses change only through `referrals.services.referral_transition`; the allowed moves are the table in
`referrals/rules/states.py`.
"""

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from referrals.validators import validate_agb_code, validate_pdf_letter
from zorgpad.patients.models import Patient
from zorgpad.patients.validators import validate_not_in_future
from zorgpad.text_bounds import bounded_text


class ReferrerKind(models.TextChoices):
    GP = "gp", _("general practitioner (huisarts)")
    DERMATOLOGIST = "dermatologist", _("dermatologist elsewhere")
    HOSPITAL = "hospital", _("other hospital (tertiary referral)")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("routine")
    URGENT = "urgent", _("urgent")


# Values equal those of referrals.rules (tests/referrals/test_models.py checks it).
class Phase(models.TextChoices):
    SUSPICIOUS_LESION = "suspicious_lesion", _("suspicious skin lesion")
    SARCOMA = "sarcoma", _("(suspected) sarcoma")
    TERTIARY = "tertiary", _("tertiary referral")


class TertiaryRoute(models.TextChoices):
    DIRECT_SURGERY = "direct_surgery", _("direct surgical treatment (usually Mohs surgery)")
    DERMATOLOGY_TAKEOVER = "dermatology_takeover", _("take-over of diagnostics and treatment by dermatology")
    MEDICAL_ONCOLOGY_TAKEOVER = "medical_oncology_takeover", _(
        "take-over of diagnostics and treatment by medical oncology")
    SURGICAL_ONCOLOGY_TAKEOVER = "surgical_oncology_takeover", _(
        "take-over of diagnostics and treatment by surgical oncology")


class Destination(models.TextChoices):
    DERMATOLOGY_CLINIC = "dermatology_clinic", _("dermatology outpatient clinic")
    SURGICAL_ONCOLOGY_CLINIC = "surgical_oncology_clinic", _("surgical oncology outpatient clinic")
    DERMATO_ONCOLOGIST_MOHS = "dermato_oncologist_mohs", _(
        "assessment by a dermato-oncologist, where possible planned directly for Mohs surgery")
    DERMATO_ONCOLOGY_CONSULTATION = "dermato_oncology_consultation", _(
        "dermato-oncology consultation (if desired jointly with the oncological, plastic or head-and-neck surgeon)")
    MEDICAL_ONCOLOGY_CLINIC = "medical_oncology_clinic", _("medical oncology outpatient clinic")


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    TRIAGED = "triaged", _("triaged")
    APPOINTMENT_PLANNED = "appointment_planned", _("appointment planned")
    SEEN = "seen", _("seen")
    CLOSED = "closed", _("closed")
    REJECTED = "rejected", _("rejected")
    REDIRECTED = "redirected", _("redirected")


def letter_upload_to(instance: "Referral", filename: str) -> str:
    # Never the sender's file name in the path: it often holds the patient's name.
    return f"referrals/letters/{instance.external_id}.pdf"


class Referral(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("patient"))

    referrer_kind = models.CharField(_("referrer"), max_length=16, choices=ReferrerKind.choices)
    referrer_name = models.CharField(_("referrer's name"), max_length=200)
    referrer_organisation = models.CharField(_("referrer's organisation"), max_length=200, blank=True)
    referrer_agb = models.CharField(_("referrer's AGB code"), max_length=8, blank=True,
                                    validators=[validate_agb_code], help_text=_("8 digits; optional."))

    received_on = models.DateField(_("date received"), validators=[validate_not_in_future])
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    reason = bounded_text(_("reason for referral"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    tertiary_route = models.CharField(_("requested route (tertiary referral)"), max_length=30,
                                      choices=TertiaryRoute.choices, blank=True)
    # None = not known yet: the advice then asks for it (a biopsy from elsewhere must be revised).
    external_biopsy = models.BooleanField(_("biopsy taken elsewhere (request for revision)"), null=True,
                                          blank=True)
    letter = models.FileField(_("referral letter (PDF)"), upload_to=letter_upload_to, blank=True,
                              validators=[validate_pdf_letter])
    letter_name = models.CharField(_("letter file name"), max_length=200, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices,
                              default=ReferralStatus.RECEIVED)
    triage_due_on = models.DateField(_("triage due"))
    destination = models.CharField(_("destination"), max_length=40, choices=Destination.choices, blank=True)
    destination_overridden = models.BooleanField(_("advice overridden"), default=False)
    appointment_on = models.DateField(_("appointment"), null=True, blank=True)
    # The day the first visit took place (not only planned): the waiting-time milestone "first visit".
    first_visit_on = models.DateField(_("first visit took place on"), null=True, blank=True,
                                      validators=[validate_not_in_future])

    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registered by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["status", "triage_due_on"])]
        permissions = [("triage_referral", "Can triage referrals and override the triage advice")]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.get_phase_display()} — {self.received_on}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.phase == Phase.TERTIARY and not self.tertiary_route:
            errors["tertiary_route"] = _("Choose the requested route for a tertiary referral.")
        if self.phase != Phase.TERTIARY and self.tertiary_route:
            errors["tertiary_route"] = _("A requested route applies to tertiary referrals only.")
        if self.received_on and self.patient_id and self.received_on < self.patient.date_of_birth:
            errors["received_on"] = _("The date received lies before the patient's date of birth.")
        if self.appointment_on and self.received_on and self.appointment_on < self.received_on:
            errors["appointment_on"] = _("The appointment lies before the date the referral was received.")
        if self.first_visit_on and self.received_on and self.first_visit_on < self.received_on:
            errors["first_visit_on"] = _("The first visit lies before the date the referral was received.")
        if errors:
            raise ValidationError(errors)


class ReferralTransition(models.Model):
    """Append-only history of every status change: who, when, from, to and why."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ReferralStatus.choices)
    reason = bounded_text(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} ({self.at:%Y-%m-%d %H:%M})"


class TriageOverride(models.Model):
    """A clinician's deviation from the pathway's triage advice, with the reason. Kept, never changed."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="overrides")
    advised_destination = models.CharField(_("advised destination"), max_length=40, choices=Destination.choices,
                                           blank=True)
    destination = models.CharField(_("chosen destination"), max_length=40, choices=Destination.choices)
    reason = bounded_text(_("reason for overriding the advice"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("triage override")
        verbose_name_plural = _("triage overrides")

    def __str__(self) -> str:
        return f"{self.advised_destination or '?'} → {self.destination}"


class FirstVisitChecklist(models.Model):
    """The pathway's first outpatient visit ("Verwijzing en triage"), one per referral episode: the biopsy and
    result dates belong to the episode. A checklist without a referral is one from before episodes were kept
    (the patient had no referral); the patient's checklist is that of the latest referral.

    A taken diagnostic biopsy starts the deadline for the result conversation (REFERRALS_BIOPSY_RESULT_WORKING_DAYS).
    """

    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="first_visit_checklists")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="first_visit_checklist", verbose_name=_("referral"))
    risk_profile_taken = models.BooleanField(_("risk profile taken in the anamnesis"), default=False)
    total_body_skin_examination = models.BooleanField(_("total body skin examination done"), default=False)
    photos_stored = models.BooleanField(_("photos of all suspicious lesions stored in the EPD"), default=False)
    lymph_nodes_palpated = models.BooleanField(_("locoregional lymph nodes palpated"), default=False)
    # None = not decided yet.
    biopsy_needed = models.BooleanField(_("diagnostic skin biopsy needed"), null=True, blank=True)
    biopsy_taken_on = models.DateField(_("diagnostic biopsy taken on"), null=True, blank=True,
                                       validators=[validate_not_in_future])
    result_due_on = models.DateField(_("result conversation due"), null=True, blank=True)
    result_discussed_on = models.DateField(_("result discussed with the patient on"), null=True, blank=True,
                                           validators=[validate_not_in_future])
    # None = not assessed yet.
    high_risk = models.BooleanField(_("high risk of skin malignancies (further checks with the dermatologist)"),
                                    null=True, blank=True)
    notes = bounded_text(_("notes"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("last changed by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["result_discussed_on", "result_due_on"])]
        constraints = [
            # At most one checklist without an episode per patient (the one from before episodes were kept).
            models.UniqueConstraint(fields=["patient"], condition=models.Q(referral__isnull=True),
                                    name="first_visit_checklist_one_without_referral"),
        ]
        verbose_name = _("first-visit checklist")
        verbose_name_plural = _("first-visit checklists")

    def __str__(self) -> str:
        return f"first visit {self.patient_id}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.biopsy_taken_on and self.biopsy_needed is False:
            errors["biopsy_taken_on"] = _("A biopsy date was entered, but the biopsy is marked as not needed.")
        if self.result_discussed_on and not self.biopsy_taken_on:
            errors["result_discussed_on"] = _("Enter the date the biopsy was taken first.")
        elif self.result_discussed_on and self.biopsy_taken_on and self.result_discussed_on < self.biopsy_taken_on:
            errors["result_discussed_on"] = _("The result cannot be discussed before the biopsy was taken.")
        if self.referral is not None and self.patient_id and self.referral.patient_id != self.patient_id:
            errors["referral"] = _("The referral belongs to another patient.")
        if self.biopsy_taken_on and self.patient_id and self.biopsy_taken_on < self.patient.date_of_birth:
            errors["biopsy_taken_on"] = _("The biopsy date lies before the patient's date of birth.")
        if errors:
            raise ValidationError(errors)
