"""Follow-up plans, their visits, reminders (letters and overdue alerts) and print runs.

Uniqueness that makes the daily scan idempotent lives in the database (unique constraints), so a second
scan, or two at the same time, can never create a reminder twice.
"""

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgpad.patients.models import Patient, Tumour
from zorgpad.text_bounds import bounded_text


class VisitItem(models.TextChoices):
    CLINICAL_EXAMINATION = "clinical_examination", _("clinical examination")
    CHEST_XRAY = "chest_xray", _("chest X-ray")
    MRI = "mri", _("MRI (locoregional)")
    CT_CHEST = "ct_chest", _("CT chest")
    CT_CHEST_ABDOMEN = "ct_chest_abdomen", _("ceCT chest-abdomen")
    NODAL_ULTRASOUND = "nodal_ultrasound", _("ultrasound of the regional lymph nodes")


def phases_valid(phases: Any, valid_items: set[str]) -> bool:
    if not isinstance(phases, list):
        return False
    previous = 0
    for phase in phases:
        if not (isinstance(phase, dict) and set(phase) == {"interval_months", "until_month", "visit_items"}):
            return False
        interval, until, items = phase["interval_months"], phase["until_month"], phase["visit_items"]
        if not (isinstance(interval, int) and isinstance(until, int) and interval > 0
                and until >= previous + interval and isinstance(items, list) and all(i in valid_items for i in items)):
            return False
        previous = until
    return True


class PlanTemplate(models.Model):
    """A versioned follow-up schedule. Editing creates a new version; plans keep the version they were built on."""

    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    interval_months = models.PositiveSmallIntegerField(_("interval (months)"))
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    visit_items = models.JSONField(_("what each visit contains"), default=list)
    baseline_items = models.JSONField(
        _("baseline items"), default=list, blank=True,
        help_text=_('List of {"item": "mri", "within_months": 3}.'),
    )
    # Phases, e.g. every 4 months up to month 24, then every 6 up to 36, then every 12 up to 60:
    # [{"interval_months": 4, "until_month": 24, "visit_items": [...]}, ...]. interval_months, duration_months and
    # visit_items then hold the first interval, the last month and the first phase's items (for lists and admins).
    phases = models.JSONField(_("phases"), default=list, blank=True)
    tolerance_days = models.PositiveSmallIntegerField(_("tolerance window (+/- days)"), default=28)
    invitation_lead_days = models.PositiveSmallIntegerField(_("invitation lead time (days)"), default=42)
    after_end = models.CharField(_("after the last visit"), max_length=200, default="on indication")
    source = bounded_text(_("source"), blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="followup_template_key_version"),
            models.UniqueConstraint(fields=["key"], condition=Q(is_current=True), name="followup_template_one_current"),
        ]
        verbose_name = _("follow-up plan template")
        verbose_name_plural = _("follow-up plan templates")

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def clean(self) -> None:
        valid = set(VisitItem.values)
        errors: dict[str, Any] = {}
        if not isinstance(self.visit_items, list) or not all(i in valid for i in self.visit_items):
            errors["visit_items"] = _("A list of items from: %s.") % ", ".join(sorted(valid))
        # A window is a number of months, or the key of the centre decision that gives it (the pathway leaves
        # the choice to the centre).
        baseline_ok = isinstance(self.baseline_items, list) and all(
            isinstance(b, dict) and b.get("item") in valid and (
                (isinstance(b.get("within_months"), int) and b["within_months"] > 0)
                or (isinstance(b.get("centre_decision"), str) and b["centre_decision"] and "within_months" not in b))
            for b in self.baseline_items
        )
        if not baseline_ok:
            errors["baseline_items"] = _(
                'A list of {"item": ..., "within_months": N} with N > 0, or {"item": ..., "centre_decision": key}.')
        if self.interval_months and self.duration_months and self.interval_months > self.duration_months:
            errors["interval_months"] = _("The interval is longer than the duration.")
        if not phases_valid(self.phases, valid):
            errors["phases"] = _('A list of {"interval_months": N, "until_month": M, "visit_items": [...]}, months '
                                 'increasing, each phase at least one interval long.')
        if errors:
            raise ValidationError(errors)


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    NO_ROUTINE = "no_routine", _("no routine follow-up")
    STOPPED = "stopped", _("stopped")


class StopReason(models.TextChoices):
    DECEASED = "deceased", _("patient deceased")
    RECURRENCE = "recurrence", _("recurrence or metastasis recorded")


class FollowUpPlan(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="followup_plans")
    tumour = models.ForeignKey(Tumour, on_delete=models.PROTECT, related_name="followup_plans")
    template = models.ForeignKey(PlanTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="plans")
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    reason = bounded_text(_("reason"), blank=True)
    explicit_template = models.BooleanField(_("template chosen explicitly"), default=False)
    # The pathway: patients at high risk of skin malignancies have further checks at the dermatologist.
    dermatologist_checks = models.BooleanField(_("further checks at the dermatologist (high risk)"), default=False)
    anchor_date = models.DateField(_("anchor (date of surgery)"), null=True, blank=True)
    ends_on = models.DateField(_("routine follow-up ends"), null=True, blank=True)
    # The pathway version the plan was made with, and the baseline windows it used (a centre decision cited with
    # its date; within_months null = still to be decided by the centre, not scheduled).
    pathway_id = models.CharField(_("pathway"), max_length=40, blank=True)
    pathway_version = models.CharField(_("pathway version"), max_length=20, blank=True)
    baseline_windows = models.JSONField(_("baseline windows"), default=list, blank=True)
    # %-parameters of `reason` (e.g. the date of a centre decision), filled in after translation.
    reason_params = models.JSONField(_("reason parameters"), default=dict, blank=True)
    responsible_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="followup_plans",
        verbose_name=_("responsible clinician"),
    )
    stop_reason = models.CharField(_("stop reason"), max_length=12, choices=StopReason.choices, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live plan (or "no routine follow-up" record) per tumour; stopped plans are kept beside it.
            models.UniqueConstraint(fields=["tumour"], condition=~Q(status="stopped"), name="followup_plan_one_live"),
        ]
        indexes = [models.Index(fields=["status", "patient"], name="followup_plan_status_patient")]
        permissions = [
            ("view_patient_summary", "Can download the patient summary PDF"),
        ]
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")

    def __str__(self) -> str:
        return f"{self.patient} — {self.get_status_display()}"

    def reason_text(self) -> str:
        """The reason in the active language, its parameters filled in."""
        from django.utils.translation import gettext

        if not self.reason:
            return ""
        text = gettext(self.reason)
        return text % self.reason_params if self.reason_params else text


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    INVITED = "invited", _("invited")
    BOOKED = "booked", _("booked")
    DONE = "done", _("done")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


OPEN_VISIT_STATUSES = (VisitStatus.PLANNED, VisitStatus.INVITED, VisitStatus.BOOKED)


class VisitKind(models.TextChoices):
    BASELINE = "baseline", _("baseline")
    ROUTINE = "routine", _("routine visit")
    EXTRA = "extra", _("extra visit")


class Visit(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(FollowUpPlan, on_delete=models.PROTECT, related_name="visits")
    sequence = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=VisitKind.choices)
    items = models.JSONField(_("what will be done"), default=list)
    due_date = models.DateField(_("due"))
    window_start = models.DateField(_("window from"))
    window_end = models.DateField(_("window to"))
    invite_from = models.DateField(_("invite from"))
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    outcome_note = bounded_text(_("outcome"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "sequence", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "sequence"], name="followup_visit_plan_sequence"),
            models.CheckConstraint(condition=Q(window_start__lte=models.F("due_date"))
                                   & Q(due_date__lte=models.F("window_end")), name="followup_visit_window"),
        ]
        indexes = [
            # The daily scan reads only open visits: small partial indexes, whatever the history holds.
            models.Index(fields=["invite_from"], condition=Q(status="planned"), name="followup_visit_to_invite"),
            models.Index(fields=["window_end"], condition=Q(status__in=["planned", "invited", "booked"]),
                         name="followup_visit_open_end"),
        ]
        permissions = [
            ("book_visit", "Can mark a visit invited or booked"),
            ("record_visit_outcome", "Can record a visit outcome (done, missed, cancelled)"),
        ]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_VISIT_STATUSES


class AdjustmentAction(models.TextChoices):
    ADD = "add", _("visit added")
    MOVE = "move", _("visit moved")
    CANCEL = "cancel", _("visit cancelled")
    STOP = "stop", _("plan stopped")


class PlanAdjustment(models.Model):
    """Why a plan differs from its template: every clinician change is kept with its reason."""

    plan = models.ForeignKey(FollowUpPlan, on_delete=models.PROTECT, related_name="adjustments")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="adjustments")
    action = models.CharField(_("action"), max_length=10, choices=AdjustmentAction.choices)
    old_due_date = models.DateField(null=True, blank=True)
    new_due_date = models.DateField(null=True, blank=True)
    reason = bounded_text(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("plan adjustment")
        verbose_name_plural = _("plan adjustments")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.reason[:40]}"


class LetterKind(models.TextChoices):
    INVITATION = "invitation", _("invitation to the patient")
    GP_PLAN_SUMMARY = "gp_plan_summary", _("plan summary to the GP")
    PATIENT_EXPLANATION = "explanation", _("one-time explanation to the patient")


class LetterStatus(models.TextChoices):
    QUEUED = "queued", _("to print")
    PRINTED = "printed", _("printed")
    CANCELLED = "cancelled", _("cancelled")


class Letter(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="followup_letters")
    plan = models.ForeignKey(FollowUpPlan, on_delete=models.PROTECT, related_name="letters")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="letters")
    # The due date the letter announces: a moved visit gets a new invitation, the old one is cancelled.
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.QUEUED)
    created_at = models.DateTimeField(_("queued at"))
    printed_at = models.DateTimeField(_("printed at"), null=True, blank=True)
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "due_date"], condition=Q(kind="invitation"),
                                    name="followup_letter_invitation_once"),
            models.UniqueConstraint(fields=["plan"], condition=Q(kind="gp_plan_summary"),
                                    name="followup_letter_gp_summary_once"),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="followup_letter_status_due")]
        permissions = [("print_letters", "Can print letters and mark them printed")]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.patient}"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("resolved")


class OverdueAlert(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="alerts")
    plan = models.ForeignKey(FollowUpPlan, on_delete=models.PROTECT, related_name="alerts")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="followup_alerts")
    window_end = models.DateField(_("window closed"))
    status = models.CharField(_("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    created_at = models.DateTimeField(_("raised at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["window_end", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "window_end"], name="followup_alert_once"),
        ]
        indexes = [models.Index(fields=["status", "clinician"], name="followup_alert_status_clin")]
        verbose_name = _("overdue alert")
        verbose_name_plural = _("overdue alerts")

    def __str__(self) -> str:
        return f"overdue visit {self.visit_id} (window closed {self.window_end})"


class DocumentKind(models.TextChoices):
    LETTER = "letter", _("letter")
    PRINT_RUN = "print_run", _("print run")
    PATIENT_SUMMARY = "patient_summary", _("patient summary")


class GeneratedDocument(models.Model):
    """Every PDF we generate is kept, with its SHA-256, so it can be reprinted exactly."""

    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="followup/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    pages = models.PositiveIntegerField(_("pages"), default=0)
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("generated PDF")
        verbose_name_plural = _("generated PDFs")

    def __str__(self) -> str:
        return f"{self.kind} {self.sha256[:12]}"


class PrintJobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class PrintJob(models.Model):
    """A print run is a database row first; the Celery task only fills it in."""

    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=PrintJobStatus.choices,
                              default=PrintJobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total = models.PositiveIntegerField(_("letters"), default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    result = models.ForeignKey(GeneratedDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    letters: models.ManyToManyField = models.ManyToManyField(Letter, through="PrintJobLetter",
                                                              related_name="print_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Refreshed by the render after every chunk of letters: a run is stale (its worker died) only when this
    # stops moving, however long a large run takes.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    printed_at = models.DateTimeField(_("printed at"), null=True, blank=True)
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="followup_printjob_status")]
        verbose_name = _("print run")
        verbose_name_plural = _("print runs")

    def __str__(self) -> str:
        return f"print run {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class PrintJobLetter(models.Model):
    job = models.ForeignKey(PrintJob, on_delete=models.CASCADE, related_name="entries")
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="print_entries")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "letter"], name="followup_printjob_letter_once"),
            models.UniqueConstraint(fields=["job", "position"], name="followup_printjob_position"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}#{self.position}"
