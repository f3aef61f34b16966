"""MDO (multidisciplinary meeting) planning: types, sessions, cases, attendance, decisions and letters.

State changes go through mdo/services.py; the models only validate what a single row can know.
"""

import datetime as dt
import hashlib
import uuid
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mdo.rules.quorum import Specialty as RuleSpecialty
from mdo.rules.recurrence import Weekday as RuleWeekday
from zorgpad.pathways.readiness import Imaging as RuleImaging
from zorgpad.patients.models import Patient, Tumour
from zorgpad.text_bounds import QUESTION_MAX_LENGTH, bounded_text


class Specialty(models.TextChoices):
    SURGICAL_ONCOLOGY = RuleSpecialty.SURGICAL_ONCOLOGY.value, _("oncological surgeon")
    MEDICAL_ONCOLOGY = RuleSpecialty.MEDICAL_ONCOLOGY.value, _("medical oncologist")
    RADIATION_ONCOLOGY = RuleSpecialty.RADIATION_ONCOLOGY.value, _("radiation oncologist")
    RADIOLOGY = RuleSpecialty.RADIOLOGY.value, _("radiologist")
    NUCLEAR_MEDICINE = RuleSpecialty.NUCLEAR_MEDICINE.value, _("nuclear-medicine physician")
    PATHOLOGY = RuleSpecialty.PATHOLOGY.value, _("pathologist")
    DERMATOLOGY = RuleSpecialty.DERMATOLOGY.value, _("dermatologist")
    PLASTIC_SURGERY = RuleSpecialty.PLASTIC_SURGERY.value, _("plastic surgeon")
    HEAD_AND_NECK_SURGERY = RuleSpecialty.HEAD_AND_NECK_SURGERY.value, _("head and neck surgeon")
    RHEUMATOLOGY = RuleSpecialty.RHEUMATOLOGY.value, _("rheumatologist")
    CLINICAL_GENETICS = RuleSpecialty.CLINICAL_GENETICS.value, _("clinical geneticist")
    NURSE_SPECIALIST = RuleSpecialty.NURSE_SPECIALIST.value, _("nurse specialist")
    OTHER = RuleSpecialty.OTHER.value, _("other specialist")


class Weekday(models.IntegerChoices):
    MONDAY = RuleWeekday.MONDAY.value, _("Monday")
    TUESDAY = RuleWeekday.TUESDAY.value, _("Tuesday")
    WEDNESDAY = RuleWeekday.WEDNESDAY.value, _("Wednesday")
    THURSDAY = RuleWeekday.THURSDAY.value, _("Thursday")
    FRIDAY = RuleWeekday.FRIDAY.value, _("Friday")
    SATURDAY = RuleWeekday.SATURDAY.value, _("Saturday")
    SUNDAY = RuleWeekday.SUNDAY.value, _("Sunday")


def validate_specialty_list(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Give a list of specialties."))
    unknown = sorted(set(value) - set(Specialty.values))
    if unknown:
        raise ValidationError(_("Unknown specialty: %(codes)s"), params={"codes": ", ".join(unknown)})
    if len(set(value)) != len(value):
        raise ValidationError(_("A specialty is listed twice."))


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Unknown time zone %(tz)s."), params={"tz": value}) from exc


def specialty_label(code: str) -> str:
    try:
        return str(Specialty(code).label)
    except ValueError:
        return code


class MdoType(models.Model):
    """A recurring MDO series (sarcoma, regional melanoma, ...). Data, editable by admins."""

    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    location = models.CharField(_("location"), max_length=200, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    interval_weeks = models.PositiveSmallIntegerField(
        _("every n weeks"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    anchor_date = models.DateField(
        _("first meeting"), null=True, blank=True,
        help_text=_("A date on which the series meets; required when it does not meet every week."),
    )
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    timezone = models.CharField(_("time zone"), max_length=60, default="Europe/Amsterdam",
                                validators=[validate_timezone])
    capacity_minutes = models.PositiveIntegerField(_("capacity (minutes)"), validators=[MinValueValidator(1)])
    default_minutes_per_case = models.PositiveSmallIntegerField(
        _("default minutes per case"), default=10, validators=[MinValueValidator(1)]
    )
    deadline_days_before = models.PositiveSmallIntegerField(
        _("registration closes (days before)"), default=2, validators=[MaxValueValidator(28)]
    )
    deadline_time = models.TimeField(_("registration closes at"), default=dt.time(16, 0))
    optional_specialties = models.JSONField(
        _("optional specialties"), default=list, blank=True, validators=[validate_specialty_list]
    )
    active = models.BooleanField(_("active"), default=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("MDO type")
        verbose_name_plural = _("MDO types")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The meeting must end after it starts.")
        if self.interval_weeks and self.interval_weeks > 1 and not self.anchor_date:
            errors["anchor_date"] = _("Give the first meeting date of a series that does not meet every week.")
        if self.anchor_date and self.weekday is not None and self.anchor_date.weekday() != self.weekday:
            errors["anchor_date"] = _("The first meeting must fall on the meeting weekday.")
        if self.capacity_minutes and self.default_minutes_per_case and (
            self.default_minutes_per_case > self.capacity_minutes
        ):
            errors["default_minutes_per_case"] = _("A case cannot take longer than the whole meeting.")
        if errors:
            raise ValidationError(errors)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class MdoRequiredSlot(models.Model):
    """One specialist who must be present; any of `specialties` fills it (radiologist OR nuclear medicine)."""

    mdo_type = models.ForeignKey(MdoType, on_delete=models.CASCADE, related_name="required_slots")
    specialties = models.JSONField(_("specialties"), validators=[validate_specialty_list])
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("required specialty slot")
        verbose_name_plural = _("required specialty slots")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return str(_(" or ")).join(specialty_label(code) for code in self.specialties)

    def clean(self) -> None:
        if not self.specialties:
            raise ValidationError({"specialties": _("Choose at least one specialty.")})


class MdoRosterMember(models.Model):
    """A person expected at every meeting of an MDO type, by specialty: attendance is ticked from this roster."""

    mdo_type = models.ForeignKey(MdoType, on_delete=models.CASCADE, related_name="roster_members")
    name = models.CharField(_("name"), max_length=150)
    specialty = models.CharField(_("specialty"), max_length=30, choices=Specialty.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mdo_type", "name", "specialty"], name="mdo_roster_member_once",
                                    violation_error_message=_("This person is already on the roster.")),
        ]
        verbose_name = _("roster member")
        verbose_name_plural = _("roster of expected members")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_specialty_display()})"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CANCELLED = "cancelled", _("cancelled")
    HELD = "held", _("held")


class MdoSession(models.Model):
    """One meeting of a series. `original_date` is the date the recurrence produced and never changes, so
    generation stays idempotent when a session is moved (`date`) or cancelled."""

    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mdo_type = models.ForeignKey(MdoType, on_delete=models.PROTECT, related_name="sessions")
    original_date = models.DateField(_("date in the series"))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    capacity_minutes = models.PositiveIntegerField(_("capacity (minutes)"), validators=[MinValueValidator(1)])
    registration_deadline = models.DateTimeField(_("registration closes"))
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices,
                              default=SessionStatus.PLANNED)
    # The holiday's name for a holiday cancellation, otherwise the coordinator's reason.
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_holiday = models.BooleanField(_("falls on a holiday"), default=False)
    move_reason = models.CharField(_("reason for moving"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mdo_type", "original_date"], name="mdo_session_unique_original_date"),
        ]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["mdo_type", "date"])]
        permissions = [
            ("manage_mdosession", "Can plan, cancel and move MDO sessions and order the agenda"),
            ("print_mdoagenda", "Can print the MDO agenda"),
        ]
        verbose_name = _("MDO session")
        verbose_name_plural = _("MDO sessions")

    def __str__(self) -> str:
        return f"{self.mdo_type} {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The meeting must end after it starts.")})

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start_time, tzinfo=self.mdo_type.tz)

    @property
    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.end_time, tzinfo=self.mdo_type.tz)

    @property
    def is_moved(self) -> bool:
        return self.date != self.original_date


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    DISCUSSED = "discussed", _("discussed")
    WITHDRAWN = "withdrawn", _("withdrawn")


ACTIVE_CASE_STATUSES = (CaseStatus.REGISTERED, CaseStatus.DISCUSSED)


class Imaging(models.TextChoices):
    PENDING = RuleImaging.PENDING.value, _("not yet available")
    AVAILABLE = RuleImaging.AVAILABLE.value, _("available")
    NOT_NEEDED = RuleImaging.NOT_NEEDED.value, _("not needed")


class MdoCase(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(MdoSession, on_delete=models.PROTECT, related_name="cases")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="mdo_cases")
    tumour = models.ForeignKey(Tumour, on_delete=models.PROTECT, related_name="mdo_cases")
    question = bounded_text(_("question for the MDO"), max_length=QUESTION_MAX_LENGTH,
                                error_messages={"blank": _("State the question for the MDO.")})
    presenting_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="presented_mdo_cases",
        verbose_name=_("presenting clinician"),
    )
    referrer_name = models.CharField(_("referring physician"), max_length=200, blank=True)
    referrer_organisation = models.CharField(_("referrer's hospital or practice"), max_length=200, blank=True)
    minutes_needed = models.PositiveSmallIntegerField(_("minutes needed"), validators=[MinValueValidator(1)])
    imaging = models.CharField(_("imaging"), max_length=12, choices=Imaging.choices, default=Imaging.PENDING)
    position = models.PositiveIntegerField(_("order on the agenda"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    override_reason = models.CharField(
        _("reason for registering after the deadline or beyond capacity"), max_length=300, blank=True
    )
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "tumour"], condition=~Q(status="withdrawn"), name="mdo_case_once_per_session",
                violation_error_message=_("This tumour is already on the agenda of this session."),
            ),
        ]
        permissions = [
            ("override_mdocase_registration", "Can register an MDO case after the deadline or beyond capacity"),
        ]
        verbose_name = _("MDO case")
        verbose_name_plural = _("MDO cases")

    def __str__(self) -> str:
        return f"{self.patient.display_name} — {self.session}"

    def clean(self) -> None:
        if self.tumour_id and self.patient_id and self.tumour.patient_id != self.patient_id:
            raise ValidationError({"tumour": _("This tumour belongs to another patient.")})
        if self.tumour_id and self.session_id and self.status != CaseStatus.WITHDRAWN and (
            MdoCase.objects.filter(session_id=self.session_id, tumour_id=self.tumour_id)
            .exclude(status=CaseStatus.WITHDRAWN).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"tumour": _("This tumour is already on the agenda of this session.")})

    def validate_constraints(self, exclude: Any = None) -> None:
        # Checked in clean() so that the message names the field; the constraint still guards the database.
        super().validate_constraints(exclude={*(exclude or ()), "tumour"})


class MdoAttendance(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(MdoSession, on_delete=models.CASCADE, related_name="attendances")
    name = models.CharField(_("name"), max_length=150)
    specialty = models.CharField(_("specialty"), max_length=30, choices=Specialty.choices)
    # Ticked from the roster; empty for a guest added by name.
    roster_member = models.ForeignKey(MdoRosterMember, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("roster member"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "name", "specialty"], name="mdo_attendance_once",
                violation_error_message=_("This person is already recorded as present."),
            ),
        ]
        verbose_name = _("MDO attendance")
        verbose_name_plural = _("MDO attendance")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_specialty_display()})"


class Intent(models.TextChoices):
    CURATIVE = "curative", _("curative")
    PALLIATIVE = "palliative", _("palliative")
    # Not in the brief's list: a case sent for further diagnostics often has no intent yet, and Zorgpad
    # never makes a clinician guess. Chosen explicitly, never a default.
    UNDETERMINED = "undetermined", _("not yet determined")


class NextStep(models.TextChoices):
    SURGERY = "surgery", _("surgery")
    RE_EXCISION = "re_excision", _("re-excision")
    RADIOTHERAPY = "radiotherapy", _("radiotherapy")
    SYSTEMIC_THERAPY = "systemic_therapy", _("systemic therapy")
    FURTHER_DIAGNOSTICS = "further_diagnostics", _("further diagnostics")
    FOLLOW_UP = "follow_up", _("follow-up")
    OTHER = "other", _("other")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FINAL = "final", _("final")


def validate_next_steps(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Give a list of next steps."))
    unknown = sorted(set(value) - set(NextStep.values))
    if unknown:
        raise ValidationError(_("Unknown next step: %(codes)s"), params={"codes": ", ".join(unknown)})
    if len(set(value)) != len(value):
        raise ValidationError(_("A next step is listed twice."))


class _AdviceFields(models.Model):
    intent = models.CharField(_("intent"), max_length=14, choices=Intent.choices, blank=True)
    # One or more next steps (e.g. re-excision and radiotherapy), in the order chosen.
    next_steps = models.JSONField(_("next steps"), default=list, blank=True, validators=[validate_next_steps])
    next_step_other = models.CharField(_("next step (other)"), max_length=200, blank=True)
    text = bounded_text(_("advice"), blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        steps = self.next_steps if isinstance(self.next_steps, list) else []
        if NextStep.OTHER in steps and not self.next_step_other.strip():
            errors["next_step_other"] = _("Describe the next step when you choose 'other'.")
        if NextStep.OTHER not in steps and self.next_step_other:
            errors["next_step_other"] = _("Only fill this in when the next step is 'other'.")
        if errors:
            raise ValidationError(errors)

    @property
    def next_step_labels(self) -> list[str]:
        labels = []
        for code in self.next_steps or []:
            if code == NextStep.OTHER and self.next_step_other:
                labels.append(self.next_step_other)
            else:
                try:
                    labels.append(str(NextStep(code).label))
                except ValueError:
                    labels.append(code)
        return labels

    @property
    def next_step_label(self) -> str:
        return "; ".join(self.next_step_labels)


class MdoDecision(_AdviceFields):
    """The MDO's advice for one case. Final = locked; corrections are amendments that keep the original."""

    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(MdoCase, on_delete=models.PROTECT, related_name="decision")
    status = models.CharField(_("status"), max_length=6, choices=DecisionStatus.choices,
                              default=DecisionStatus.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("finalised by"))
    # Snapshot at finalisation: [{"name": ..., "specialty": ...}], so later attendance edits change nothing.
    attendees = models.JSONField(_("present"), default=list, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    quorum_missing = models.JSONField(_("missing specialties"), default=list, blank=True)
    quorum_override_reason = models.CharField(_("reason for deciding without quorum"), max_length=300,
                                              blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        permissions = [
            ("finalise_mdodecision", "Can finalise and amend an MDO decision"),
            ("override_mdoquorum", "Can finalise an MDO decision without quorum (with a reason)"),
        ]
        verbose_name = _("MDO decision")
        verbose_name_plural = _("MDO decisions")

    def __str__(self) -> str:
        return f"{self.case} — {self.get_status_display()}"

    @property
    def is_final(self) -> bool:
        return self.status == DecisionStatus.FINAL


class MdoDecisionAmendment(_AdviceFields):
    decision = models.ForeignKey(MdoDecision, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("amendment number"))
    reason = models.CharField(_("reason for the amendment"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="mdo_amendment_number_unique"),
        ]
        verbose_name = _("amendment of an MDO decision")
        verbose_name_plural = _("amendments of MDO decisions")

    def __str__(self) -> str:
        return f"{self.decision} — {self.number}"


class LetterStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class MdoLetter(models.Model):
    """The decision letter to the referrer and GP. A row first (queued), the worker fills in the PDF.

    version 0 = the original decision, n = the decision as amended by amendment n.
    """

    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(MdoDecision, on_delete=models.PROTECT, related_name="letters")
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    status = models.CharField(_("status"), max_length=6, choices=LetterStatus.choices, default=LetterStatus.QUEUED)
    file = models.FileField(_("file"), upload_to="mdo/letters/%Y/%m/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    class Meta:
        ordering = ["decision", "version"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "version"], name="mdo_letter_once_per_version"),
        ]
        verbose_name = _("MDO decision letter")
        verbose_name_plural = _("MDO decision letters")

    def __str__(self) -> str:
        return f"{self.decision} v{self.version}"


class MdoFeedToken(models.Model):
    """A secret in the calendar subscription URL: grants the (patient-free) iCalendar feed only.

    Only the SHA-256 digest of the secret is stored; the secret itself is shown once, when it is made
    (mdo_feed_token_create). It does not expire (a calendar app subscribes for months); the user revokes it
    or makes a new one, and a deactivated user's token is refused.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mdo_feed_token")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("MDO calendar token")
        verbose_name_plural = _("MDO calendar tokens")

    def __str__(self) -> str:
        return f"{self.user} calendar token"

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()
