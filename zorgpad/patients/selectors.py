"""Reads of the patient record. Reads of one patient's record are audit-logged here, once per read."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.patients import names
from zorgpad.patients.models import Comorbidity, Patient, Tumour, TumourMarker


def patient_list(*, query: str = "") -> QuerySet[Patient]:
    """Search on name, hospital number, BSN or date of birth; sorted on the family name without its prefix.

    A name may be typed as "Dam", "van Dam", "Dam van", "Dam, G" or "Dam, G. van" (names.parse_query); a
    date of birth as dd-mm-jjjj. Raises names.InvalidDate for a date-shaped text that is no date. Each branch
    of the search has an index on PostgreSQL (migrations 0003 and 0005). Annotation-free so the list stays one
    query per page.
    """
    qs = Patient.objects.all()
    parsed = names.parse_query(query)
    if parsed.date_of_birth is not None:
        qs = qs.filter(date_of_birth=parsed.date_of_birth)
    elif parsed.text:
        text = parsed.text
        compact = text.replace(" ", "")
        condition = (
            Q(family_name__icontains=text)
            | Q(partner_family_name__icontains=text)
            | Q(given_names__icontains=text)
            | Q(hospital_number__iexact=compact.upper())
            | Q(bsn=compact)
        )
        if parsed.structured:
            condition |= _name_parts(parsed, "family_name", "family_name_prefix")
            condition |= _name_parts(parsed, "partner_family_name", "partner_family_name_prefix")
        qs = qs.filter(condition)
    return qs.only(
        "external_id", "hospital_number", "bsn", "family_name_prefix", "family_name", "given_names", "initials",
        "date_of_birth", "sex", "city", "date_of_death",
    )


def _name_parts(parsed: names.NameQuery, family_field: str, prefix_field: str) -> Q:
    """The family name (which has a trigram index) and then the prefix and the initials or given names."""
    condition = Q(**{f"{family_field}__icontains": parsed.family})
    if parsed.prefix:
        condition &= Q(**{f"{prefix_field}__iexact": parsed.prefix})
    if parsed.given:
        given = Q(given_names__istartswith=parsed.given)
        initials = names.initials_prefix(parsed.given)
        if initials:
            given |= Q(initials__istartswith=initials)
        condition &= given
    return condition


def patient_get(*, external_id: Any, user: Any, request: HttpRequest | None = None,
                detail: str = "") -> Patient:
    """One patient with the whole record prefetched; records the read in the audit log."""
    patient = get_object_or_404(
        Patient.objects.prefetch_related(
            Prefetch("tumours", queryset=Tumour.objects.order_by("date_of_diagnosis", "id")),
            Prefetch("comorbidities", queryset=Comorbidity.objects.order_by("onset_date", "id")),
            Prefetch("markers", queryset=TumourMarker.objects.order_by("marker", "measured_on")),
        ),
        external_id=external_id,
    )
    # A marker's tumour is one of the patient's, fetched just above: linked here rather than joined again.
    tumours = {tumour.pk: tumour for tumour in patient.tumours.all()}
    for marker in patient.markers.all():
        if marker.tumour_id in tumours:
            marker.tumour = tumours[marker.tumour_id]
    audit_record(user=user, action=AuditAction.VIEW, patient=patient, obj=patient, detail=detail, request=request)
    return patient


def tumour_get(*, external_id: Any, user: Any, request: HttpRequest | None = None, detail: str = "") -> Tumour:
    tumour = get_object_or_404(Tumour.objects.select_related("patient"), external_id=external_id)
    audit_record(user=user, action=AuditAction.VIEW, patient=tumour.patient, obj=tumour, detail=detail,
                 request=request)
    return tumour


def comorbidity_get(*, external_id: Any, user: Any, request: HttpRequest | None = None) -> Comorbidity:
    comorbidity = get_object_or_404(Comorbidity.objects.select_related("patient"), external_id=external_id)
    audit_record(user=user, action=AuditAction.VIEW, patient=comorbidity.patient, obj=comorbidity, request=request)
    return comorbidity


@dataclass(frozen=True)
class TimelineEvent:
    day: date
    kind: str
    label: str


def patient_timeline(*, patient: Patient) -> list[TimelineEvent]:
    """Built from the prefetched record: no extra queries."""
    events = [TimelineEvent(patient.date_of_birth, "birth", _("Born"))]
    for tumour in patient.tumours.all():
        events.append(TimelineEvent(tumour.date_of_diagnosis, "diagnosis", _("Diagnosis: %s") % tumour.diagnosis_label))
        if tumour.date_of_surgery:
            events.append(TimelineEvent(tumour.date_of_surgery, "surgery", _("Surgery: %s") % tumour.body_site))
    for comorbidity in patient.comorbidities.all():
        if comorbidity.onset_date:
            events.append(TimelineEvent(comorbidity.onset_date, "comorbidity", _("Onset: %s") % comorbidity))
    for marker in patient.markers.all():
        events.append(TimelineEvent(marker.measured_on, "marker", str(marker)))
    if patient.date_of_death:
        events.append(TimelineEvent(patient.date_of_death, "death", _("Died")))
    return sorted(events, key=lambda e: e.day)
