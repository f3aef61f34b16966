"""The follow-up app's daily reminder scan, set-based and idempotent: it stops the plans of patients who died
or whose tumour recurred (however that was recorded), queues an invitation letter for each visit entering its
invitation window, raises an overdue alert for each open visit past its window, and resolves the alerts whose
visit was closed or moved."""

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from followup.models import (
    OPEN_VISIT_STATUSES,
    AlertStatus,
    FollowUpPlan,
    OverdueAlert,
    PlanStatus,
    StopReason,
)
from followup.services import STOPPING_TUMOUR_STATUSES
from followup.stop_services import plans_stop

# --- the daily reminder scan -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScanResult:
    stopped_deceased: int
    stopped_recurrence: int
    invitations: int
    alerts: int
    alerts_resolved: int


def _uuid_sql() -> str:
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    # Django keeps UUIDs on SQLite as 32 hex characters.
    return "lower(hex(randomblob(16)))"


def _invitation_sql() -> str:
    # Only the vendor's fixed UUID expression is interpolated; every value is a query parameter.
    return f"""
        INSERT INTO followup_letter (external_id, kind, patient_id, plan_id, visit_id, due_date, status, created_at)
        SELECT {_uuid_sql()}, 'invitation', p.patient_id, v.plan_id, v.id, v.due_date, 'queued', %s
        FROM followup_visit v JOIN followup_followupplan p ON p.id = v.plan_id
        WHERE v.status = 'planned' AND v.invite_from <= %s AND v.window_end >= %s AND p.status = 'active'
        ON CONFLICT DO NOTHING
    """  # noqa: S608


OVERDUE_SQL = """
    INSERT INTO followup_overduealert (visit_id, plan_id, clinician_id, window_end, status, created_at)
    SELECT v.id, v.plan_id, p.responsible_clinician_id, v.window_end, 'open', %s
    FROM followup_visit v JOIN followup_followupplan p ON p.id = v.plan_id
    WHERE v.status IN ('planned', 'invited', 'booked') AND v.window_end < %s AND p.status = 'active'
    ON CONFLICT DO NOTHING
"""


def reminder_scan(*, today: date) -> ScanResult:
    """Daily, idempotent, set-based: a fixed handful of statements whatever the number of plans.

    1. sweep: stop plans of deceased patients / tumours with a recurrence however the change was made;
    2. queue an invitation letter for each planned visit that entered its invitation window;
    3. raise an overdue alert for each open visit past its window;
    4. resolve alerts whose visit was closed or moved.
    An overdue visit is not marked "missed" automatically: it may have happened without being recorded, so the
    responsible clinician decides (conservative). A plan built late (surgery long ago) therefore shows its past,
    unrecorded visits as overdue at once: nobody is silently skipped.
    Uniqueness is enforced by the database (unique constraints + ON CONFLICT DO NOTHING), so running the scan
    twice, or twice at the same time, creates every reminder once. (No NOT EXISTS pre-filter: on a freshly
    emptied or unanalysed table PostgreSQL plans it as a nested loop that re-reads the rows the same statement
    is inserting, quadratic; the unique index answers each candidate with one lookup instead.)
    """
    live = (PlanStatus.ACTIVE, PlanStatus.NO_ROUTINE)
    deceased = plans_stop(plans=FollowUpPlan.objects.filter(status__in=live, patient__date_of_death__isnull=False),
                          reason=StopReason.DECEASED)
    recurrence = plans_stop(
        plans=FollowUpPlan.objects.filter(status__in=live, tumour__status__in=STOPPING_TUMOUR_STATUSES),
        reason=StopReason.RECURRENCE)
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    day = ops.adapt_datefield_value(today)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_invitation_sql(), [now, day, day])
        invitations = max(cursor.rowcount, 0)
        cursor.execute(OVERDUE_SQL, [now, day])
        alerts = max(cursor.rowcount, 0)
    resolved = (
        OverdueAlert.objects.filter(status=AlertStatus.OPEN)
        .filter(~Q(visit__status__in=OPEN_VISIT_STATUSES) | ~Q(visit__window_end=F("window_end")))
        .update(status=AlertStatus.RESOLVED, resolved_at=timezone.now())
    )
    return ScanResult(deceased, recurrence, invitations, alerts, resolved)
