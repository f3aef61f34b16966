"""The core aggregate: a patient with tumours (several), comorbidities/risk factors and tumour markers.

Validation lives on the models (field validators + clean()) so that forms, the API and services all
give the same clear message; services call full_clean() inside a transaction.
"""

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgpad.pathways.vocabulary import (
    M_CATEGORIES,
    N_CATEGORIES,
    BodySiteRegion,
    Depth,
    Diagnosis,
    Margin,
    MarkerUnit,
    marker_unit_parse,
)
from zorgpad.patients import names
from zorgpad.patients.melanoma import (
    ADJUVANT_CHOICES,
    ADJUVANT_REASON_CHOICES,
    MUTATION_CHOICES,
    SENTINEL_NODE_CHOICES,
    melanoma_clean,
)
from zorgpad.patients.validators import (
    validate_bsn,
    validate_date_of_birth,
    validate_hospital_number,
    validate_not_in_future,
    validate_phone_number,
    validate_postal_code,
)
from zorgpad.text_bounds import bounded_text

POSITIVE = MinValueValidator(Decimal("0.01"), message=_("Must be greater than zero."))


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")
    OTHER = "X", _("other")
    UNKNOWN = "U", _("unknown")


class NameUsage(models.TextChoices):
    """How the patient uses the family name (zib NameInformation "Naamgebruik", HL7 name-assembly-order)."""

    OWN = names.OWN, _("own name")
    PARTNER = names.PARTNER, _("partner's name")
    PARTNER_OWN = names.PARTNER_OWN, _("partner's name followed by own name")
    OWN_PARTNER = names.OWN_PARTNER, _("own name followed by partner's name")


class Patient(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hospital_number = models.CharField(
        _("hospital number"), max_length=20, unique=True, validators=[validate_hospital_number]
    )
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    family_name_prefix = models.CharField(
        _("prefix"), max_length=20, blank=True, help_text=_("Tussenvoegsel, e.g. van, van der, de.")
    )
    # The family name without its prefix: "Dam" for van Dam. Lists sort on it.
    family_name = models.CharField(_("family name"), max_length=100)
    partner_family_name_prefix = models.CharField(_("partner's prefix"), max_length=20, blank=True)
    partner_family_name = models.CharField(_("partner's family name"), max_length=100, blank=True)
    name_usage = models.CharField(_("name usage"), max_length=3, choices=NameUsage.choices, default=NameUsage.OWN)
    given_names = models.CharField(_("given names"), max_length=100, blank=True)
    initials = models.CharField(_("initials"), max_length=20, blank=True)
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_date_of_birth])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)

    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=7, blank=True, validators=[validate_postal_code]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True, validators=[validate_phone_number])
    phone_other = models.CharField(
        _("other phone number"), max_length=20, blank=True, validators=[validate_phone_number]
    )
    email = models.EmailField(_("e-mail address"), blank=True)

    gp_name = models.CharField(_("general practitioner"), max_length=200, blank=True)
    gp_practice = models.CharField(_("GP practice"), max_length=200, blank=True)
    gp_street = models.CharField(_("GP street and number"), max_length=200, blank=True)
    gp_postal_code = models.CharField(
        _("GP postal code"), max_length=7, blank=True, validators=[validate_postal_code]
    )
    gp_city = models.CharField(_("GP city"), max_length=100, blank=True)

    date_of_death = models.DateField(
        _("date of death"), null=True, blank=True, validators=[validate_not_in_future]
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_names", "id"]
        constraints = [
            # A BSN identifies one person: unique when present, blank allowed many times.
            models.UniqueConstraint(fields=["bsn"], condition=~Q(bsn=""), name="patient_bsn_unique"),
        ]
        indexes = [
            # The patient list's ordering: an index scan instead of sorting every patient for each page.
            models.Index(fields=["family_name", "given_names", "id"], name="patient_list_order_idx"),
            # Search by date of birth (selectors.patient_list).
            models.Index(fields=["date_of_birth"], name="patient_date_of_birth_idx"),
        ]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.hospital_number})"

    @property
    def display_name(self) -> str:
        """The name in lists, banners and headers: "Dam, G. van" (own family name first, as lists sort)."""
        return names.list_name(prefix=self.family_name_prefix, family_name=self.family_name,
                               initials=self.initials, given_names=self.given_names)

    @property
    def name_in_use(self) -> str:
        """The family name as the patient uses it, with prefixes: "van Dam-de Jong"."""
        return names.family_name_in_use(
            prefix=self.family_name_prefix, family_name=self.family_name,
            partner_prefix=self.partner_family_name_prefix, partner_family_name=self.partner_family_name,
            usage=self.name_usage,
        )

    @property
    def formal_name(self) -> str:
        """The name on letters and envelopes, per name usage: "G. van Dam-de Jong"."""
        return names.formal_name(initials=self.initials, given_names=self.given_names, name_in_use=self.name_in_use)

    def clean(self) -> None:
        if self.bsn:
            self.bsn = self.bsn.strip()
        self.family_name = " ".join(self.family_name.split())
        self.family_name_prefix = " ".join(self.family_name_prefix.split())
        self.partner_family_name = " ".join(self.partner_family_name.split())
        self.partner_family_name_prefix = " ".join(self.partner_family_name_prefix.split())
        self._clean_names()
        if self.postal_code:
            self.postal_code = _normalise_postal_code(self.postal_code)
        if self.gp_postal_code:
            self.gp_postal_code = _normalise_postal_code(self.gp_postal_code)
        if self.date_of_death and self.date_of_birth and self.date_of_death < self.date_of_birth:
            raise ValidationError({"date_of_death": _("The date of death lies before the date of birth.")})
        if self.bsn and Patient.objects.filter(bsn=self.bsn).exclude(pk=self.pk).exists():
            raise ValidationError({"bsn": _("Another patient already has this BSN.")}, code="duplicate_bsn")

    def _clean_names(self) -> None:
        errors: dict[str, Any] = {}
        for prefix_field, name_field in (("family_name_prefix", "family_name"),
                                         ("partner_family_name_prefix", "partner_family_name")):
            split = names.split_family_name(getattr(self, name_field))
            if split and not getattr(self, prefix_field):
                errors[name_field] = _(
                    "Enter the prefix “%(prefix)s” in its own field, and “%(name)s” as the family name."
                ) % {"prefix": split[0], "name": split[1]}
        if self.partner_family_name_prefix and not self.partner_family_name:
            errors["partner_family_name"] = _("Enter the partner's family name that goes with the prefix.")
        if self.name_usage in names.USES_PARTNER_NAME and not self.partner_family_name:
            errors["partner_family_name"] = _("The name usage “%(usage)s” needs the partner's family name.") % {
                "usage": NameUsage(self.name_usage).label
            }
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude: Any = None) -> None:
        # BSN uniqueness is checked in clean() so that the message names the field.
        super().validate_constraints(exclude={*(exclude or ()), "bsn"})

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _normalise_postal_code(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value.upper()


# The clinical vocabulary is defined once (zorgpad.pathways.vocabulary); here only its translated labels.
DIAGNOSIS_LABELS = {
    Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM: _(
        "Atypical intradermal smooth muscle neoplasm (cutaneous leiomyosarcoma, ORPHA 64720)"),
    Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA: _("Subcutaneous leiomyosarcoma"),
    Diagnosis.CUTANEOUS_MELANOMA: _("Cutaneous melanoma"),
    Diagnosis.OTHER: _("Other"),
}
DEPTH_LABELS = {
    Depth.DERMIS: _("dermis only"),
    Depth.SUBCUTIS: _("subcutis involved"),
    Depth.DEEP: _("deeper (fascia or below)"),
}
MARGIN_LABELS = {
    Margin.R0: _("R0 (radical)"),
    Margin.R1: _("R1 (microscopically irradical)"),
    Margin.R2: _("R2 (macroscopically irradical)"),
    Margin.NOT_RESECTED: _("not resected"),
}
BODY_SITE_REGION_LABELS = {
    BodySiteRegion.HEAD_NECK: _("head and neck"),
    BodySiteRegion.TRUNK: _("trunk"),
    BodySiteRegion.UPPER_EXTREMITY: _("upper extremity"),
    BodySiteRegion.LOWER_EXTREMITY: _("lower extremity"),
    BodySiteRegion.OTHER: _("other (e.g. visceral, retroperitoneal)"),
}
MARKER_UNIT_LABELS = {
    MarkerUnit.UG_L: "µg/L",
    MarkerUnit.NG_L: "ng/L",
    MarkerUnit.NG_ML: "ng/mL",
    MarkerUnit.U_L: "U/L",
}


def _choices(labels: dict[Any, Any]) -> list[tuple[str, Any]]:
    return [(str(value), label) for value, label in labels.items()]


# The fields' choices (also named in the OpenAPI schema: settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
DIAGNOSIS_CHOICES = _choices(DIAGNOSIS_LABELS)
DEPTH_CHOICES = _choices(DEPTH_LABELS)
MARGIN_CHOICES = _choices(MARGIN_LABELS)
BODY_SITE_REGION_CHOICES = _choices(BODY_SITE_REGION_LABELS)


class Laterality(models.TextChoices):
    LEFT = "left", _("left")
    RIGHT = "right", _("right")
    MIDLINE = "midline", _("midline")
    BILATERAL = "bilateral", _("bilateral")
    NOT_APPLICABLE = "na", _("not applicable")


class Grade(models.TextChoices):
    """FNCLCC grade. GX = the pathologist could not assess it; blank = not entered (different!)."""

    G1 = "G1", _("G1 (FNCLCC 1)")
    G2 = "G2", _("G2 (FNCLCC 2)")
    G3 = "G3", _("G3 (FNCLCC 3)")
    GX = "GX", _("GX (cannot be assessed)")


class PathologySource(models.TextChoices):
    OWN = "own", _("own pathology department")
    EXTERNAL = "external", _("external (biopsy taken elsewhere)")


class RevisionStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("no revision needed")
    TO_REQUEST = "to_request", _("revision still to be requested")
    REQUESTED = "requested", _("revision requested")
    DONE = "done", _("revision done")


class TumourStatus(models.TextChoices):
    SUSPECTED = "suspected", _("suspected")
    DIAGNOSED = "diagnosed", _("diagnosed")
    IN_TREATMENT = "in_treatment", _("in treatment")
    FOLLOW_UP = "follow_up", _("in follow-up")
    RECURRENCE = "recurrence", _("recurrence")
    METASTATIC = "metastatic", _("metastatic")
    CLOSED = "closed", _("closed")




class Tumour(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="tumours")
    diagnosis = models.CharField(_("diagnosis"), max_length=60, choices=DIAGNOSIS_CHOICES)
    diagnosis_other = models.CharField(_("diagnosis (other)"), max_length=200, blank=True)
    body_site = models.CharField(_("body site"), max_length=120)
    # The coded region picks the AJCC chapter; never derived from the free-text site (blank = not recorded).
    body_site_region = models.CharField(
        _("body-site region"), max_length=16, blank=True, choices=BODY_SITE_REGION_CHOICES
    )
    invasion_adjoining_structures = models.BooleanField(
        _("invasion of adjoining structures"), null=True, blank=True,
        help_text=_("AJCC 8 head and neck sarcoma: invasion gives T4 whatever the size."),
    )
    laterality = models.CharField(_("laterality"), max_length=10, choices=Laterality.choices)
    depth = models.CharField(_("depth"), max_length=10, choices=DEPTH_CHOICES, blank=True)
    largest_diameter_cm = models.DecimalField(
        _("largest diameter (cm)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=[POSITIVE]
    )
    grade = models.CharField(_("histological grade"), max_length=2, choices=Grade.choices, blank=True)
    breslow_mm = models.DecimalField(
        _("Breslow thickness (mm)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=[POSITIVE]
    )
    ulceration = models.BooleanField(_("ulceration"), null=True, blank=True)
    n_category = models.CharField(
        _("N category"), max_length=4, blank=True, choices=[(c, c) for c in N_CATEGORIES]
    )
    m_category = models.CharField(
        _("M category"), max_length=7, blank=True, choices=[(c, c) for c in M_CATEGORIES]
    )
    date_of_diagnosis = models.DateField(_("date of diagnosis"), validators=[validate_not_in_future])
    date_of_surgery = models.DateField(
        _("date of surgery"), null=True, blank=True, validators=[validate_not_in_future]
    )
    pathology_source = models.CharField(
        _("histopathology source"), max_length=10, choices=PathologySource.choices, default=PathologySource.OWN
    )
    revision_status = models.CharField(
        _("pathology revision"), max_length=12, choices=RevisionStatus.choices, default=RevisionStatus.NOT_NEEDED
    )
    margin = models.CharField(_("resection margin"), max_length=12, choices=MARGIN_CHOICES, blank=True)
    operable = models.BooleanField(_("operable"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=TumourStatus.choices, default=TumourStatus.DIAGNOSED
    )
    notes = bounded_text(_("notes"), blank=True)

    # Melanoma facts (blank/null = not recorded); validated in clean() (melanoma_clean).
    sentinel_node = models.CharField(_("sentinel-node biopsy"), max_length=10, blank=True,
                                     choices=SENTINEL_NODE_CHOICES)
    sentinel_deposit_mm = models.DecimalField(
        _("largest sentinel-node deposit (mm)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[POSITIVE])
    braf_v600 = models.CharField(_("BRAF V600"), max_length=10, blank=True, choices=MUTATION_CHOICES)
    kit = models.CharField(_("KIT"), max_length=10, blank=True, choices=MUTATION_CHOICES)
    # [{"kind": in_transit|satellite|regional_node|distant, "date": "YYYY-MM-DD", "at_diagnosis": bool}]
    melanoma_events = models.JSONField(
        _("in-transit, satellite and other metastases (dated)"), default=list, blank=True,
        help_text=_("One per line: date (yyyy-mm-dd), kind (in_transit, satellite, regional_node, distant) and "
                    "'at diagnosis' when present at diagnosis (part of the N category); later events are "
                    "recurrences."))
    adjuvant = models.CharField(_("adjuvant systemic therapy"), max_length=10, blank=True, choices=ADJUVANT_CHOICES)
    adjuvant_start = models.DateField(_("adjuvant therapy start"), null=True, blank=True)
    adjuvant_end = models.DateField(_("adjuvant therapy end"), null=True, blank=True)
    adjuvant_reason_code = models.CharField(_("reason adjuvant therapy not given"), max_length=20, blank=True,
                                            choices=ADJUVANT_REASON_CHOICES)
    adjuvant_reason = models.CharField(_("reason text"), max_length=500, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date_of_diagnosis", "id"]
        verbose_name = _("tumour")
        verbose_name_plural = _("tumours")

    def __str__(self) -> str:
        return f"{self.diagnosis_label} — {self.body_site} ({self.date_of_diagnosis})"

    @property
    def diagnosis_label(self) -> str:
        if self.diagnosis == Diagnosis.OTHER and self.diagnosis_other:
            return self.diagnosis_other
        return str(self.get_diagnosis_display())

    @property
    def is_melanoma(self) -> bool:
        return self.diagnosis == Diagnosis.CUTANEOUS_MELANOMA

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.diagnosis == Diagnosis.OTHER and not self.diagnosis_other.strip():
            errors["diagnosis_other"] = _("Describe the diagnosis when you choose 'other'.")
        if self.diagnosis != Diagnosis.OTHER and self.diagnosis_other:
            errors["diagnosis_other"] = _("Only fill this in when the diagnosis is 'other'.")
        if not self.is_melanoma:
            if self.breslow_mm is not None:
                errors["breslow_mm"] = _("Breslow thickness applies to melanoma only.")
            if self.ulceration is not None:
                errors["ulceration"] = _("Ulceration is recorded for melanoma only.")
        patient = self.patient if self.patient_id else None
        errors.update(melanoma_clean(self))
        if patient and self.date_of_diagnosis and self.date_of_diagnosis < patient.date_of_birth:
            errors["date_of_diagnosis"] = _("The date of diagnosis lies before the patient's date of birth.")
        if self.date_of_surgery and patient and self.date_of_surgery < patient.date_of_birth:
            errors["date_of_surgery"] = _("The date of surgery lies before the patient's date of birth.")
        if self.pathology_source == PathologySource.OWN and self.revision_status in (
            RevisionStatus.TO_REQUEST,
            RevisionStatus.REQUESTED,
        ):
            errors["revision_status"] = _("Revision is only requested for pathology from elsewhere.")
        if errors:
            raise ValidationError(errors)

    @property
    def external_biopsy_unrevised(self) -> bool:
        return self.pathology_source == PathologySource.EXTERNAL and self.revision_status != RevisionStatus.DONE


class ComorbidityKind(models.TextChoices):
    SYSTEMIC_SCLEROSIS = "systemic_sclerosis", _("systemic sclerosis (autoimmune)")
    OTHER_AUTOIMMUNE = "autoimmune", _("other autoimmune disease")
    IMMUNOSUPPRESSION = "immunosuppression", _("immunosuppression")
    MULTIPLE_LEIOMYOMAS = "multiple_leiomyomas", _("multiple leiomyomas")
    EARLIER_MALIGNANCY = "earlier_malignancy", _("earlier malignancy")
    OTHER = "other", _("other comorbidity or risk factor")


AUTOIMMUNE_KINDS = (ComorbidityKind.SYSTEMIC_SCLEROSIS, ComorbidityKind.OTHER_AUTOIMMUNE)


class Comorbidity(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="comorbidities")
    kind = models.CharField(_("kind"), max_length=24, choices=ComorbidityKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    onset_date = models.DateField(_("onset"), null=True, blank=True, validators=[validate_not_in_future])
    anti_rna_polymerase_iii = models.BooleanField(_("anti-RNA polymerase III positive"), null=True, blank=True)
    # ACR/EULAR 2013 criteria inputs for systemic sclerosis (item -> bool); scored by pathway rules.
    ssc_criteria = models.JSONField(_("SSc classification criteria"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = bounded_text(_("notes"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["onset_date", "id"]
        verbose_name = _("comorbidity or risk factor")
        verbose_name_plural = _("comorbidities and risk factors")

    def __str__(self) -> str:
        return self.description or str(self.get_kind_display())

    def clean(self) -> None:
        if self.kind == ComorbidityKind.OTHER and not self.description.strip():
            raise ValidationError({"description": _("Describe the comorbidity when you choose 'other'.")})
        patient = self.patient if self.patient_id else None
        if patient and self.onset_date and self.onset_date < patient.date_of_birth:
            raise ValidationError({"onset_date": _("The onset lies before the patient's date of birth.")})


class MarkerKind(models.TextChoices):
    S100B = "S100B", "S-100B"
    LDH = "LDH", "LDH"
    OTHER = "other", _("other")


class TumourMarker(models.Model):
    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="markers")
    tumour = models.ForeignKey(Tumour, on_delete=models.PROTECT, related_name="markers", null=True, blank=True)
    marker = models.CharField(_("marker"), max_length=10, choices=MarkerKind.choices)
    marker_other = models.CharField(_("marker (other)"), max_length=60, blank=True)
    measured_on = models.DateField(_("measured on"), validators=[validate_not_in_future])
    value = models.DecimalField(
        _("value"), max_digits=10, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )
    # UCUM code (MarkerUnit); a value stored before units were coded may hold other text: listed for review.
    unit = models.CharField(_("unit"), max_length=20)
    upper_limit = models.DecimalField(
        _("upper reference limit"), max_digits=10, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))], help_text=_("As the lab gives it, in the same unit."),
    )

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["marker", "measured_on", "id"]
        indexes = [models.Index(fields=["patient", "marker", "measured_on"])]
        verbose_name = _("tumour marker")
        verbose_name_plural = _("tumour markers")

    def __str__(self) -> str:
        return f"{self.get_marker_display()} {self.value} {self.unit_label} ({self.measured_on})"

    @property
    def unit_label(self) -> str:
        """The unit as people write it (µg/L for the stored UCUM ug/L); an unknown unit as it was entered."""
        unit = marker_unit_parse(self.unit)
        return MARKER_UNIT_LABELS[unit] if unit is not None else self.unit

    def clean(self) -> None:
        patient = self.patient if self.patient_id else None
        if self.tumour is not None and patient and self.tumour.patient_id != patient.pk:
            raise ValidationError({"tumour": _("This tumour belongs to another patient.")})
        unit = marker_unit_parse(self.unit)
        if unit is None:
            raise ValidationError({"unit": _("Choose a known unit: %(units)s.") % {
                "units": ", ".join(MARKER_UNIT_LABELS.values())}})
        self.unit = unit.value
        if self.marker == MarkerKind.OTHER and not self.marker_other.strip():
            raise ValidationError({"marker_other": _("Name the marker when you choose 'other'.")})
        if patient and self.measured_on and self.measured_on < patient.date_of_birth:
            raise ValidationError({"measured_on": _("The date lies before the patient's date of birth.")})
