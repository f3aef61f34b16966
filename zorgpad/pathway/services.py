"""Writes of the pathway content: the ACR/EULAR 2013 SSc criteria on a comorbidity, the pathway items of each
tumour (re-evaluated by every service that changes a fact, never on a page read), a clinician's status or
deviation of an item, and the centre's decisions."""

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.pathway.models import CentreDecision, ItemSource, PathwayItem
from zorgpad.pathways.base import Recommendation
from zorgpad.pathways.ssc import ALL_ITEMS, SscResult, classify
from zorgpad.pathways.vocabulary import DECEASED, DeviationReason, ItemStatus, Kind
from zorgpad.patients import services as patient_services
from zorgpad.patients.models import AUTOIMMUNE_KINDS, Comorbidity, Patient, Tumour

ITEM_KEYS = tuple(item.value for item in ALL_ITEMS)


def ssc_items_clean(items: Mapping[str, Any]) -> dict[str, bool]:
    """Every item as a boolean (absent = False). Unknown items or non-boolean values are refused."""
    unknown = sorted(set(items) - set(ITEM_KEYS))
    wrong = sorted(key for key, value in items.items() if key in ITEM_KEYS and not isinstance(value, bool))
    if unknown or wrong:
        errors: dict[str, Any] = {key: _("Unknown criterion.") for key in unknown}
        errors.update({key: _("Must be true or false.") for key in wrong})
        raise ValidationError(errors)
    return {key: bool(items.get(key, False)) for key in ITEM_KEYS}


def comorbidity_ssc_result(comorbidity: Comorbidity) -> SscResult | None:
    """The score of the stored items; None when no items were ever recorded."""
    stored = comorbidity.ssc_criteria or {}
    if not stored:
        return None
    return classify({key: value for key, value in stored.items() if key in ITEM_KEYS and value is True})


@transaction.atomic
def ssc_criteria_record(
    *, comorbidity: Comorbidity, user: Any, items: Mapping[str, Any], request: HttpRequest | None = None
) -> Comorbidity:
    """Store the item booleans on an autoimmune comorbidity (audit-logged by the patient service)."""
    if not (user and user.is_authenticated and user.has_perm("patients.change_comorbidity")):
        raise PermissionDenied(_("You may not change comorbidities."))
    if comorbidity.kind not in AUTOIMMUNE_KINDS:
        raise ValidationError({"kind": _("The SSc criteria are recorded on an autoimmune comorbidity only.")})
    clean = ssc_items_clean(items)
    return patient_services.comorbidity_update(comorbidity=comorbidity, user=user, request=request, ssc_criteria=clean)


# --- pathway items ------------------------------------------------------------------------------------------

def fingerprint(rec: Recommendation) -> str:
    """Of the rule's output: when it changes (another text, severity or section), the item re-opens."""
    parts = [rec.code, rec.kind.value, rec.severity.value, rec.text, rec.source]
    parts.extend(f"{k}={v}" for k, v in rec.params)  # e.g. another recorded centre decision re-opens the item
    raw = "\x1f".join(parts)
    return hashlib.sha256(raw.encode()).hexdigest()


_OPEN = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)
_ITEM_FIELDS = ("status", "reason_code", "reason", "status_source", "record_status", "fingerprint", "current")


def _reopen(item: PathwayItem, fp: str) -> None:
    item.status, item.reason_code, item.reason = ItemStatus.OPEN, "", ""
    item.status_source, item.record_status, item.fingerprint = ItemSource.RECORD, "", fp


def pathway_items_sync(*, tumour: Tumour, today: date | None = None, user: Any = None) -> list[PathwayItem]:
    """Re-evaluate the tumour's advice and bring its stored items in line (call inside the writing transaction).

    An item appears when its rule starts to apply; it re-opens when its rule's output changes or when it applies
    again; the record moves it (an MDO registration, a finalised decision, a plan, a revision, R0); a clinician's
    status stays until the record changes; on a patient's death every open item becomes not applicable. A new
    pathway version makes new items and carries each code's status over. Returns the items written."""
    from zorgpad.pathway import selectors

    today = today or timezone.localdate()
    tumour = Tumour.objects.select_related("patient").get(pk=tumour.pk)
    decision = selectors.tumour_decision(tumour=tumour, today=today)
    existing = list(PathwayItem.objects.filter(tumour=tumour).order_by("changed_at", "id"))
    by_key = {(i.pathway_id, i.version, i.code): i for i in existing}
    latest_by_code = {i.code: i for i in existing}  # the newest of each code (any version)
    record = selectors.record_item_statuses(tumour)
    death = tumour.patient.date_of_death
    deceased = death is not None and death <= today
    now = timezone.now()
    written: list[PathwayItem] = []
    wanted: set[int] = set()

    def save(item: PathwayItem, before: tuple[Any, ...]) -> None:
        if item.pk is None or before != tuple(getattr(item, f) for f in _ITEM_FIELDS):
            item.changed_at, item.changed_by = now, user if getattr(user, "is_authenticated", False) else None
            item.save()
            written.append(item)
        wanted.add(item.pk)

    if decision.pathway is not None:
        pathway = decision.pathway
        for rec in decision.recommendations:
            if rec.kind is not Kind.RECOMMENDATION:
                continue
            fp = fingerprint(rec)
            item = by_key.get((pathway.id, pathway.version, rec.code))
            before: tuple[Any, ...] = ()
            if item is None:
                item = PathwayItem(tumour=tumour, code=rec.code, pathway_id=pathway.id, version=pathway.version,
                                   fingerprint=fp, changed_at=now)
                previous = latest_by_code.get(rec.code)
                if previous is not None and previous.current and previous.pathway_id == pathway.id:
                    # A newer version with the same code: the status carries over.
                    for field in ("status", "reason_code", "reason", "status_source", "record_status"):
                        setattr(item, field, getattr(previous, field))
            else:
                before = tuple(getattr(item, f) for f in _ITEM_FIELDS)
                if not item.current or item.fingerprint != fp:
                    _reopen(item, fp)
            item.current = True
            shown = record.get(rec.code, "")
            if shown != item.record_status:
                if shown == ItemStatus.DEVIATED:
                    # The record says why (adjuvant therapy not given: the tumour's reason code and text).
                    item.status, item.status_source = shown, ItemSource.RECORD
                    item.reason_code, item.reason = tumour.adjuvant_reason_code, tumour.adjuvant_reason
                elif shown:
                    item.status, item.status_source, item.reason_code, item.reason = shown, ItemSource.RECORD, "", ""
                elif item.status_source == ItemSource.RECORD:
                    item.status = ItemStatus.OPEN
                item.record_status = shown
            if deceased and item.status in _OPEN:
                item.status, item.status_source = ItemStatus.NOT_APPLICABLE, ItemSource.RECORD
                item.reason_code, item.reason = DECEASED, ""
            save(item, before)
    gone_done = selectors.done_when_gone(tumour)
    for item in existing:
        if item.current and item.pk not in wanted:
            before = tuple(getattr(item, f) for f in _ITEM_FIELDS)
            item.current = False
            if item.code in gone_done and item.status in _OPEN:
                item.status, item.status_source, item.record_status = ItemStatus.DONE, ItemSource.RECORD, "done"
            save(item, before)
    return written


def pathway_items_sync_patient(*, patient: Patient, today: date | None = None, user: Any = None) -> None:
    for tumour in Tumour.objects.filter(patient=patient).order_by("id"):
        pathway_items_sync(tumour=tumour, today=today, user=user)


def pathway_items_sync_tumours(*, tumours: Iterable[Tumour], today: date | None = None, user: Any = None) -> None:
    for tumour in tumours:
        pathway_items_sync(tumour=tumour, today=today, user=user)


def on_record_changed(*, patient: Patient, tumour: Tumour | None = None, user: Any = None) -> None:
    """Hook of the patient services: a fact changed, re-evaluate (one tumour, or all of the patient's)."""
    if tumour is not None:
        pathway_items_sync(tumour=tumour, user=user)
    else:
        pathway_items_sync_patient(patient=patient, user=user)


SETTABLE_STATUSES = (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE, ItemStatus.DEVIATED, ItemStatus.OPEN)
REASON_MAX_LENGTH = 2000
WRITE_PERMISSION = "patients.change_tumour"  # who may write clinical data


def pathway_item_clean(*, status: Any, reason_code: Any, reason: Any) -> tuple[ItemStatus, str, str]:
    """The clinician's input, or ValidationError with field errors: a deviation needs a reason code from the one
    list and a reason text."""
    errors: dict[str, str] = {}
    reason_code = (reason_code or "").strip() if isinstance(reason_code, str) else reason_code
    reason = (reason or "").strip() if isinstance(reason, str) else reason
    if status not in [s.value for s in SETTABLE_STATUSES]:
        errors["status"] = _("Choose done, not applicable, deviated or open.")
    if reason_code and reason_code not in [r.value for r in DeviationReason]:
        errors["reason_code"] = _("Choose a reason from the list.")
    if not isinstance(reason, str):
        errors["reason"] = _("Give the reason as text.")
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = _("A reason has at most %(limit)d characters.") % {"limit": REASON_MAX_LENGTH}
    if status == ItemStatus.DEVIATED:
        if not reason_code:
            errors["reason_code"] = _("A deviation needs a reason: choose one from the list.")
        if not reason:
            errors["reason"] = _("A deviation needs a reason text.")
    if errors:
        raise ValidationError(errors)
    if status == ItemStatus.OPEN:
        return ItemStatus.OPEN, "", ""
    return ItemStatus(status), reason_code or "", reason


@transaction.atomic
def pathway_item_set(*, tumour: Tumour, code: str, user: Any, status: Any, reason_code: Any = "", reason: Any = "",
                     request: HttpRequest | None = None) -> PathwayItem:
    """A clinician marks an item done or not applicable, records a deviation (reason code and text), or re-opens
    it. Audit-logged. Raises PermissionDenied, PathwayItem.DoesNotExist (no current item of that code) or
    ValidationError with field errors (nothing is written then)."""
    if not (user and user.is_authenticated and user.has_perm(WRITE_PERMISSION)):
        raise PermissionDenied(_("You may not change the pathway items."))
    clean_status, clean_code, clean_reason = pathway_item_clean(status=status, reason_code=reason_code,
                                                                reason=reason)
    item = PathwayItem.objects.select_for_update().select_related("tumour__patient").get(
        tumour=tumour, code=code, current=True)
    item.status, item.reason_code, item.reason = clean_status, clean_code, clean_reason
    item.status_source = ItemSource.CLINICIAN
    item.changed_by, item.changed_at = user, timezone.now()
    item.full_clean()
    item.save()
    detail = f"pathway item {item.code} ({item.pathway_id} {item.version}): {item.status}"
    if clean_code:
        detail += f"; reason: {clean_code}"
    if clean_reason:
        detail += f": {clean_reason}"
    audit_record(user=user, action=AuditAction.UPDATE, patient=item.tumour.patient, obj=item, detail=detail,
                 request=request)
    return item


# --- centre decisions ---------------------------------------------------------------------------------------

@transaction.atomic
def centre_decision_record(*, key: str, value: Any, basis: Any, user: Any,
                           request: HttpRequest | None = None) -> CentreDecision:
    """Record (or change) a choice the pathway leaves to the centre: a new row, the older ones stay as history.
    Needs the permission record_centre_decision; the value must be one the pathway offers; the basis (the source
    the centre relied on) is required."""
    from zorgpad.pathway import selectors

    if not (user and user.is_authenticated and user.has_perm("pathway.record_centre_decision")):
        raise PermissionDenied(_("You may not record centre decisions."))
    specs = selectors.centre_decision_specs()
    errors: dict[str, str] = {}
    spec = specs.get(key)
    value = value.strip() if isinstance(value, str) else value
    basis = basis.strip() if isinstance(basis, str) else ""
    if spec is None:
        errors["key"] = _("No pathway leaves this choice to the centre.")
    elif value not in spec[1].choices:
        errors["value"] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(spec[1].choices)}
    if not basis:
        errors["basis"] = _("Give the basis: the source the centre relied on.")
    if errors:
        raise ValidationError(errors)
    row = CentreDecision(key=key, value=value, basis=basis, decided_by=user, decided_at=timezone.now())
    row.full_clean()
    row.save()
    audit_record(user=user, action=AuditAction.CREATE, obj=row, detail=f"centre decision {key} = {value}",
                 request=request)
    return row
