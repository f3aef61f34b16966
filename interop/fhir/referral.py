"""A referral received as a FHIR Bundle (`POST /fhir/Bundle`): a ServiceRequest (reason, urgency), the Patient,
the referring Practitioner (AGB code) and the letter as a DocumentReference (PDF, base64).

The referral is registered by `referrals.services.referral_create`, the service behind the form and the API:
the same matching of the patient (hospital number or BSN; a contradicting date of birth is refused), the same
checks, and the letter through the same validators (PDF content, no active content, the size limit). The
Bundle.identifier makes the post idempotent: the same bundle again answers with the referral it made.
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError as PydanticValidationError

from interop.fhir import codes
from interop.fhir.builders import hospital_number_system
from interop.models import FhirReferralBundle
from referrals import services
from referrals.models import Phase, Referral, ReferrerKind, TertiaryRoute, Urgency
from referrals.validators import letter_max_bytes
from zorgpad.patients.models import Sex


def code_system(name: str) -> str:
    """Zorgpad's own code systems (referral phase, referrer kind, tertiary route), under its public URL."""
    return f"{settings.ZORGPAD_PUBLIC_URL}/fhir/CodeSystem/{name}"


PHASE_SYSTEM, REFERRER_KIND_SYSTEM, ROUTE_SYSTEM = (code_system("referral-phase"), code_system("referrer-kind"),
                                                    code_system("tertiary-route"))
GENDER_TO_SEX = {"male": Sex.MALE, "female": Sex.FEMALE, "other": Sex.OTHER, "unknown": Sex.UNKNOWN}
# ServiceRequest.priority (R4 request-priority): anything above routine is urgent here.
PRIORITY_TO_URGENCY = {"routine": Urgency.ROUTINE, "urgent": Urgency.URGENT, "asap": Urgency.URGENT,
                       "stat": Urgency.URGENT}


class MalformedBundle(ValueError):
    """Not a referral bundle Zorgpad can read (400). `expression` names the element (FHIRPath)."""

    def __init__(self, message: str, expression: str = "Bundle") -> None:
        super().__init__(message)
        self.expression = expression


@dataclass(frozen=True)
class ReferralResult:
    referral: Referral
    created: bool


def _resources(bundle: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle.get("entry") or []:
        resource = entry.get("resource") or {}
        out.setdefault(resource.get("resourceType", ""), []).append({**resource, "_fullUrl": entry.get("fullUrl")})
    return out


def _one(resources: dict[str, list[dict[str, Any]]], kind: str, required: bool = True) -> dict[str, Any]:
    found = resources.get(kind, [])
    if len(found) > 1 or (required and not found):
        raise MalformedBundle(f"The bundle must hold exactly one {kind}.", f"Bundle.entry.resource.ofType({kind})")
    return found[0] if found else {}


def _code(concepts: list[dict[str, Any]], system: str) -> str:
    for item in concepts or []:
        for c in item.get("coding") or []:
            if c.get("system") == system and c.get("code"):
                return str(c["code"])
    return ""


def _ext_value(element: dict[str, Any], url: str) -> str:
    return next((str(e.get("valueString", "")) for e in element.get("extension") or [] if e.get("url") == url), "")


def _identification(patient: dict[str, Any]) -> services.PatientIdentification:
    bsn = number = ""
    for identifier in patient.get("identifier") or []:
        if identifier.get("system") == codes.BSN_SYSTEM:
            bsn = str(identifier.get("value", ""))
        elif identifier.get("system") == hospital_number_system():
            number = str(identifier.get("value", ""))
    names = patient.get("name") or [{}]
    name = next((n for n in names if n.get("use") == "official"), names[0])
    family_parts = name.get("_family") or {}
    own_name = _ext_value(family_parts, codes.EXT_OWN_NAME)
    own_prefix = _ext_value(family_parts, codes.EXT_OWN_PREFIX)
    given = [str(g) for g in name.get("given") or []]
    qualifiers = [_qualifier(q) for q in name.get("_given") or []]
    initials = [g for g, q in zip(given, qualifiers, strict=False) if q == "IN"]
    given_names = [g for g in given if g not in initials]
    birth = str(patient.get("birthDate") or "")
    if birth and len(birth) != 10:
        raise MalformedBundle("Patient.birthDate must be a full date (YYYY-MM-DD).", "Patient.birthDate")
    return services.PatientIdentification(
        hospital_number=number, bsn=bsn, family_name_prefix=own_prefix,
        family_name=own_name or str(name.get("family", "")), given_names=" ".join(given_names),
        initials="".join(initials) or "".join(f"{g[0]}." for g in given_names),
        date_of_birth=date.fromisoformat(birth) if birth else None,
        sex=GENDER_TO_SEX.get(str(patient.get("gender", "unknown")), Sex.UNKNOWN),
    )


def _qualifier(element: dict[str, Any] | None) -> str:
    for e in (element or {}).get("extension") or []:
        if e.get("url") == codes.EXT_EN_QUALIFIER:
            return str(e.get("valueCode", ""))
    return ""


def _practitioner(practitioner: dict[str, Any]) -> tuple[str, str]:
    agb = next((str(i.get("value", "")) for i in practitioner.get("identifier") or []
                if i.get("system") == codes.AGB_SYSTEM), "")
    names = practitioner.get("name") or [{}]
    name = names[0]
    text = name.get("text") or " ".join([*(name.get("prefix") or []), *(name.get("given") or []),
                                         name.get("family") or ""]).strip()
    if not text:
        raise MalformedBundle("The referring Practitioner has no name.", "Practitioner.name")
    return str(text), agb


def _letter(document: dict[str, Any]) -> SimpleUploadedFile | None:
    if not document:
        return None
    contents = document.get("content") or []
    attachment = (contents[0] if contents else {}).get("attachment") or {}
    data = attachment.get("data")
    if not data:
        raise MalformedBundle("The DocumentReference carries no letter (attachment.data, base64).",
                              "DocumentReference.content.attachment.data")
    # Refuse by size before decoding (4 base64 characters carry 3 bytes): the same limit as the form.
    if len(data) * 3 // 4 > letter_max_bytes() + 3:
        raw = b"x" * (letter_max_bytes() + 1)  # the validator words the refusal (size and maximum)
    else:
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise MalformedBundle("The letter is not valid base64.", "DocumentReference.content.attachment.data") \
                from exc
    title = str(attachment.get("title") or "verwijsbrief")
    name = title if title.lower().endswith(".pdf") else f"{title}.pdf"
    content_type = str(attachment.get("contentType") or "application/pdf")
    return SimpleUploadedFile(name[:200], raw, content_type=content_type)


def bundle_identifier(bundle: dict[str, Any]) -> tuple[str, str]:
    identifier = bundle.get("identifier") or {}
    system, value = str(identifier.get("system") or ""), str(identifier.get("value") or "")
    if not system or not value:
        raise MalformedBundle("The bundle needs an identifier (system and value): it makes the post idempotent.",
                              "Bundle.identifier")
    return system, value


def parse(body: Any) -> dict[str, Any]:
    """The bundle, checked by the FHIR model library; MalformedBundle when it is not a Bundle FHIR allows."""
    if not isinstance(body, dict) or body.get("resourceType") != "Bundle":
        raise MalformedBundle("The body must be a FHIR Bundle (resourceType Bundle).")
    try:
        Bundle.model_validate(body)
    except PydanticValidationError as exc:
        first: dict[str, Any] = dict(exc.errors()[0]) if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise MalformedBundle(f"Not a valid FHIR R4 Bundle: {first.get('msg', 'invalid')} ({where}).") from exc
    if body.get("type") not in ("transaction", "collection", "batch", "message", "document"):
        raise MalformedBundle("Bundle.type must be transaction or collection.", "Bundle.type")
    return body


def referral_from_bundle(*, body: Any, user: Any, request: HttpRequest | None = None) -> ReferralResult:
    """Register the referral the bundle carries, or return the one the same bundle registered before.
    Raises MalformedBundle (400), Django's ValidationError (422: a business rule) or PermissionDenied."""
    bundle = parse(body)
    system, value = bundle_identifier(bundle)
    existing = FhirReferralBundle.objects.select_related("referral").filter(system=system, value=value).first()
    if existing is not None:
        return ReferralResult(existing.referral, created=False)
    resources = _resources(bundle)
    request_resource = _one(resources, "ServiceRequest")
    patient = _one(resources, "Patient")
    practitioner = _one(resources, "Practitioner")
    document = _one(resources, "DocumentReference", required=False)
    categories = request_resource.get("category") or []
    phase = _code(categories, PHASE_SYSTEM)
    kind = _code(categories, REFERRER_KIND_SYSTEM)
    if phase not in Phase.values:
        raise MalformedBundle(f"ServiceRequest.category needs the referral phase (system {PHASE_SYSTEM}: "
                              f"{', '.join(Phase.values)}).", "ServiceRequest.category")
    if kind not in ReferrerKind.values:
        raise MalformedBundle(f"ServiceRequest.category needs the referrer kind (system {REFERRER_KIND_SYSTEM}: "
                              f"{', '.join(ReferrerKind.values)}).", "ServiceRequest.category")
    route = _code(categories, ROUTE_SYSTEM)
    if route and route not in TertiaryRoute.values:
        raise MalformedBundle(f"Unknown tertiary route {route}.", "ServiceRequest.category")
    reasons = [c.get("text") or next((x.get("display") for x in c.get("coding") or [] if x.get("display")), "")
               for c in request_resource.get("reasonCode") or []]
    reason = "; ".join(r for r in reasons if r) or " ".join(n.get("text", "") for n in
                                                            request_resource.get("note") or []).strip()
    if not reason:
        raise MalformedBundle("ServiceRequest.reasonCode (text) gives the reason for referral.",
                              "ServiceRequest.reasonCode")
    authored = str(request_resource.get("authoredOn") or "")[:10]
    referrer_name, agb = _practitioner(practitioner)
    organisation = _one(resources, "Organization", required=False).get("name", "")
    with transaction.atomic():
        referral = services.referral_create(
            user=user, request=request, identification=_identification(patient),
            referrer_kind=kind, referrer_name=referrer_name, referrer_organisation=str(organisation)[:200],
            referrer_agb=agb, received_on=date.fromisoformat(authored) if authored else timezone.localdate(),
            reason=reason, phase=phase, tertiary_route=route,
            urgency=PRIORITY_TO_URGENCY.get(str(request_resource.get("priority") or "routine"), Urgency.ROUTINE),
            letter=_letter(document),
        )
        try:
            with transaction.atomic():
                FhirReferralBundle.objects.create(system=system, value=value, referral=referral)
        except IntegrityError:
            # The same bundle was registered concurrently: keep that one, roll this one back.
            transaction.set_rollback(True)
            winner = FhirReferralBundle.objects.select_related("referral").get(system=system, value=value)
            return ReferralResult(winner.referral, created=False)
    return ReferralResult(referral, created=True)
