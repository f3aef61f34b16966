"""Reads of the audit log for people: search by patient, filter by user, action and period, Dutch labels, and
the per-patient overview of who viewed or changed the record (NEN 7513). Reading the log about patients is
itself audited (one entry per patient shown)."""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.audit.services import audit_record_shown
from zorgpad.patients.models import Patient
from zorgpad.patients.selectors import patient_list

PAGE_SIZE = 50
#: The overview PDF lists at most this many entries (newest first); the page says when there are more.
OVERVIEW_MAX_ROWS = 2000


@dataclass(frozen=True)
class AuditFilters:
    query: str = ""  # patient: name (Dutch name rules), hospital number or BSN
    username: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    patient_external_id: uuid.UUID | None = None


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    patient: Patient | None
    record_type: str  # the record's name in the user's language ("" when it is no record, e.g. a list)

    @property
    def action_label(self) -> str:
        try:
            return str(AuditAction(self.event.action).label)
        except ValueError:
            return self.event.action


def record_type_label(object_type: str) -> str:
    """'mdo.mdocase' -> the model's translated name ('MDO-casus'); never the internal label."""
    if not object_type:
        return ""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return ""


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events(*, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The entries matching the filters, newest first. The patient search is the patient list's own."""
    events = AuditEvent.objects.all()
    if filters.query:
        events = events.filter(patient_external_id__in=patient_list(query=filters.query).values("external_id"))
    if filters.patient_external_id is not None:
        events = events.filter(patient_external_id=filters.patient_external_id)
    if filters.username:
        events = events.filter(username=filters.username)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.since is not None:
        events = events.filter(at__gte=_day_start(filters.since))
    if filters.until is not None:
        events = events.filter(at__lt=_day_start(filters.until + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")


def audit_rows(events: Iterable[AuditEvent]) -> list[AuditRow]:
    """Rows with the patient (one query for the whole page) and the record type's label."""
    events = list(events)
    ids = {e.patient_external_id for e in events if e.patient_external_id is not None}
    patients = {p.external_id: p for p in Patient.objects.filter(external_id__in=ids)} if ids else {}
    return [AuditRow(event=e, patient=patients.get(e.patient_external_id) if e.patient_external_id else None,
                     record_type=record_type_label(e.object_type)) for e in events]


def _audit_reading(*, user: Any, rows: list[AuditRow], request: HttpRequest | None, detail: str,
                   action: str = AuditAction.LIST) -> None:
    audit_record_shown(user=user, action=action, detail=detail, request=request, object_type="audit.auditevent",
                       patient_ids=[r.event.patient_external_id for r in rows])


def audit_log_page(*, filters: AuditFilters, page_number: Any, user: Any,
                   request: HttpRequest | None = None) -> tuple[Page, list[AuditRow]]:
    """One page of the log (constant queries: count, page, patients, the audit INSERT)."""
    page = Paginator(audit_events(filters=filters), PAGE_SIZE).get_page(page_number)
    rows = audit_rows(page.object_list)
    _audit_reading(user=user, rows=rows, request=request, detail="audit log",
                   action=AuditAction.SEARCH if filters.query else AuditAction.LIST)
    return page, rows


def audit_patient(*, external_id: uuid.UUID) -> Patient | None:
    return Patient.objects.filter(external_id=external_id).first()


@dataclass(frozen=True)
class PatientOverview:
    patient: Patient | None
    external_id: uuid.UUID
    rows: list[AuditRow]
    total: int
    printed_at: dt.datetime

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def patient_audit_overview(*, external_id: uuid.UUID, user: Any, request: HttpRequest | None = None,
                           printed: bool = False) -> PatientOverview:
    """Who viewed or changed the patient's record, newest first (for the patient's NEN 7513 request)."""
    events = audit_events(filters=AuditFilters(patient_external_id=external_id))
    rows = audit_rows(events.select_related("user")[:OVERVIEW_MAX_ROWS])
    total = events.count() if len(rows) == OVERVIEW_MAX_ROWS else len(rows)
    audit_record_shown(user=user, action=AuditAction.PRINT if printed else AuditAction.VIEW,
                       patient_ids=[external_id], request=request, object_type="audit.auditevent",
                       detail="audit overview of the patient (NEN 7513)" + (" PDF" if printed else ""))
    return PatientOverview(patient=audit_patient(external_id=external_id), external_id=external_id, rows=rows,
                           total=total, printed_at=timezone.localtime())
