"""The patient-view service and its feedback, called by the views after the client's JWT was verified."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from interop.cds_hooks import cards as card_builders
from interop.cds_hooks import prefetch
from interop.cds_hooks.auth import CdsCaller
from interop.fhir.builders import hospital_number_system
from interop.fhir.codes import BSN_SYSTEM
from interop.fhir.referral import code_system
from interop.models import CdsCard
from staging import calculators
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown
from zorgpad.pathway import selectors as pathway_selectors
from zorgpad.pathway.models import PathwayItem
from zorgpad.pathway.presentation import translated
from zorgpad.pathway.services import REASON_MAX_LENGTH, pathway_item_set
from zorgpad.pathways.facts import PatientFacts, TumourFacts
from zorgpad.pathways.vocabulary import DeviationReason, ItemStatus
from zorgpad.patients import selectors as patient_selectors
from zorgpad.patients.models import Patient

PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}",
}


class PreconditionFailed(Exception):
    """The prefetch the service needs is absent (412: the service does not fetch from the EHR)."""


class BadRequest(ValueError):
    """A malformed request (400)."""


def _who(caller: CdsCaller, user_id: str) -> str:
    return f"CDS Hooks client {caller.client.name}, EHR user {user_id or '?'}"


def known_patient(patient_resource: dict[str, Any]) -> Patient | None:
    """The Zorgpad patient the EHR's Patient is: same BSN or hospital number (each with its system) and the same
    date of birth. Anything less is not a match (the stateless engine answers instead)."""
    birth = str(patient_resource.get("birthDate") or "")
    if len(birth) != 10:
        return None
    try:
        born = date.fromisoformat(birth)
    except ValueError:
        return None
    for identifier in patient_resource.get("identifier") or []:
        if not isinstance(identifier, dict) or not isinstance(identifier.get("value"), str):
            continue
        value = identifier["value"].strip()
        if identifier.get("system") == BSN_SYSTEM and value:
            match = Patient.objects.filter(bsn=value, date_of_birth=born).first()
        elif identifier.get("system") == hospital_number_system() and value:
            match = Patient.objects.filter(hospital_number=value.upper(), date_of_birth=born).first()
        else:
            continue
        if match is not None:
            return match
    return None


@dataclass
class PatientView:
    cards: list[card_builders.Card]
    patient: Patient | None


def patient_view(*, caller: CdsCaller, body: dict[str, Any], request: Any) -> PatientView:
    context = body.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("patientId"), str):
        raise BadRequest("context.patientId is required.")
    raw_user = context.get("userId")
    user_id: str = raw_user if isinstance(raw_user, str) else ""
    fetched = body.get("prefetch")
    fetched = fetched if isinstance(fetched, dict) else {}
    if not isinstance(fetched.get("patient"), dict):
        raise PreconditionFailed("The prefetch 'patient' is required.")
    patients = prefetch.resources_of(fetched["patient"], "Patient")
    if not patients:
        raise PreconditionFailed("The prefetch 'patient' holds no Patient.")
    known = known_patient(patients[0])
    today = timezone.localdate()
    who = _who(caller, user_id)
    if known is not None:
        patient = patient_selectors.patient_get(external_id=known.external_id, user=caller.client.service_user,
                                                request=request, detail=f"patient-view: {who}")
        result = PatientView(_stored_cards(patient, today), patient)
    else:
        if fetched.get("conditions") is None or fetched.get("observations") is None:
            raise PreconditionFailed("For a patient unknown to Zorgpad the prefetch 'conditions' and "
                                     "'observations' are required.")
        read = prefetch.read(prefetch.resources_of(fetched["conditions"], "Condition"),
                             prefetch.resources_of(fetched["observations"], "Observation"))
        audit_record_shown(user=caller.client.service_user, action=AuditAction.VIEW, patient_ids=[],
                           request=request, detail=f"patient-view, patient unknown to Zorgpad: {who}")
        result = PatientView(_stateless_cards(read, patients[0], today), None)
    CdsCard.objects.bulk_create([
        CdsCard(uuid=c.uuid, client=caller.client, ehr_user=user_id[:255], code=c.code[:120], pathway_item=c.item,
                patient_external_id=result.patient.external_id if result.patient else None) for c in result.cards])
    return result


def _stored_cards(patient: Patient, today: date) -> list[card_builders.Card]:
    """The alerts and the open items of the stored record (the same the patient page leads with)."""
    page = pathway_selectors.patient_pathway_page(patient=patient, today=today)
    link = card_builders.patient_link(patient.external_id)
    out = [card_builders.from_recommendation(translated(alert), link) for alert in page.alerts]
    for row in page.open_items:
        out.append(card_builders.Card(code=row.item.code, text=gettext(row.text), severity=row.severity,
                                      source=row.source, item=row.item,
                                      link=card_builders.tumour_link(row.tumour.external_id)))
    return out


def _stateless_cards(read: prefetch.Read, patient_resource: dict[str, Any], today: date) -> list[card_builders.Card]:
    link = f"{settings.ZORGPAD_PUBLIC_URL}/"
    out = []
    if read.missing:
        out.append(card_builders.missing_input(read.missing, link))
    if read.diagnosis is None:
        return out
    birth = str(patient_resource.get("birthDate") or "")
    evaluation = calculators.pathway_evaluate(
        patient=PatientFacts(birth_date=date.fromisoformat(birth) if len(birth) == 10 else None,
                             systemic_sclerosis=read.systemic_sclerosis, s100b=tuple(read.s100b)),
        tumour=TumourFacts(diagnosis=read.diagnosis, depth=read.depth, size_cm=read.size_cm, grade=read.grade,
                           n=read.n, m=read.m, body_site_region=read.region),
        today=today, centre=pathway_selectors.centre_facts())
    out.extend(card_builders.from_recommendation(rec, link) for rec in evaluation.recommendations)
    return out


# --- feedback -------------------------------------------------------------------------------------------

def _override_reason(entry: dict[str, Any]) -> tuple[str, str]:
    """(our reason code, the EHR's words) from overrideReason {reason: Coding, userComment}."""
    raw_override = entry.get("overrideReason")
    override: dict[str, Any] = raw_override if isinstance(raw_override, dict) else {}
    raw_reason = override.get("reason")
    reason: dict[str, Any] = raw_reason if isinstance(raw_reason, dict) else {}
    code = str(reason.get("code") or "")
    ours = code if reason.get("system") == code_system(card_builders.DEVIATION_SYSTEM_NAME) \
        and code in {r.value for r in DeviationReason} else ""
    words = [str(reason.get("display") or code or ""), str(override.get("userComment") or "")]
    return ours, "; ".join(w for w in words if w)


def feedback(*, caller: CdsCaller, body: Any, request: Any) -> int:
    """Record the EHR's feedback. An override of a card about a stored item becomes a deviation "overridden in
    the EHR by <userId> via <client>" with the EHR's reason, or "reason pending"; anything else is logged."""
    entries = body.get("feedback") if isinstance(body, dict) else None
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise BadRequest("feedback must be a non-empty list of objects.")
    uuids = []
    for entry in entries:
        if entry.get("outcome") not in ("accepted", "overridden") or not isinstance(entry.get("card"), str):
            raise BadRequest("Each feedback needs card (uuid) and outcome (accepted or overridden).")
        try:
            uuids.append(str(uuid.UUID(entry["card"])))
        except ValueError as exc:
            raise BadRequest(f"Unknown card for this client: {entry['card'][:40]}.") from exc
    issued = {str(c.uuid): c for c in CdsCard.objects.filter(client=caller.client, uuid__in=uuids)
              .select_related("pathway_item__tumour__patient")}
    unknown = [u for u in uuids if u not in issued]
    if unknown:
        raise BadRequest(f"Unknown card(s) for this client: {', '.join(unknown[:5])}.")
    with transaction.atomic():
        for entry, card_id in zip(entries, uuids, strict=True):
            _one_feedback(caller, issued[card_id], entry, request)
    return len(entries)


def _one_feedback(caller: CdsCaller, card: CdsCard, entry: dict[str, Any], request: Any) -> None:
    who = f"{card.ehr_user or '?'}"
    item = card.pathway_item
    if entry["outcome"] == "overridden" and item is not None and item.current and item.status in (
            ItemStatus.OPEN, ItemStatus.IN_PROGRESS):
        code, words = _override_reason(entry)
        text = f"overridden in the EHR by {who} via {caller.client.name}: " + (words or "reason pending")
        try:
            pathway_item_set(tumour=item.tumour, code=item.code, user=caller.client.service_user,
                             status=ItemStatus.DEVIATED, reason_code=code or DeviationReason.OTHER,
                             reason=text[:REASON_MAX_LENGTH], request=request)
            return
        except (PathwayItem.DoesNotExist, ValidationError):
            pass  # the item changed meanwhile: the feedback is logged below
    patient = item.tumour.patient if item is not None else None
    audit_record(user=caller.client.service_user, action=AuditAction.VIEW, patient=patient,
                 detail=f"CDS feedback {entry['outcome']} on {card.code} by EHR user {who} via {caller.client.name}",
                 request=request)


def cds_cards_prune(*, now: datetime) -> int:
    """Forget the cards older than CDS_CARD_KEEP_DAYS (feedback on them is answered as for an unknown card)."""
    deleted, _ = CdsCard.objects.filter(created_at__lt=now - timedelta(days=settings.CDS_CARD_KEEP_DAYS)).delete()
    return deleted
