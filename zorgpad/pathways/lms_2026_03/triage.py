"""Triage advice for a referral, from the care pathway's section "Verwijzing en triage".

The tables below are the pathway written as tables; every advice item carries its source quote.
Texts shown to users are looked up by `code` in the Django layer (translated); the rules stay pure.
"""

from dataclasses import dataclass
from enum import StrEnum

from zorgpad.pathways.lms_2026_03 import sources
from zorgpad.pathways.lms_2026_03.sources import Source


class Phase(StrEnum):
    SUSPICIOUS_LESION = "suspicious_lesion"
    SARCOMA = "sarcoma"  # (suspected) sarcoma
    TERTIARY = "tertiary"


class TertiaryRoute(StrEnum):
    DIRECT_SURGERY = "direct_surgery"  # usually Mohs surgery
    DERMATOLOGY_TAKEOVER = "dermatology_takeover"
    MEDICAL_ONCOLOGY_TAKEOVER = "medical_oncology_takeover"
    SURGICAL_ONCOLOGY_TAKEOVER = "surgical_oncology_takeover"


class Destination(StrEnum):
    DERMATOLOGY_CLINIC = "dermatology_clinic"
    SURGICAL_ONCOLOGY_CLINIC = "surgical_oncology_clinic"
    DERMATO_ONCOLOGIST_MOHS = "dermato_oncologist_mohs"
    DERMATO_ONCOLOGY_CONSULTATION = "dermato_oncology_consultation"
    MEDICAL_ONCOLOGY_CLINIC = "medical_oncology_clinic"


class AdviceKind(StrEnum):
    DESTINATION = "destination"
    PATHOLOGY = "pathology"
    FIRST_VISIT = "first_visit"


class AdviceCode(StrEnum):
    # destination (the code is the destination itself)
    DERMATOLOGY_CLINIC = Destination.DERMATOLOGY_CLINIC.value
    SURGICAL_ONCOLOGY_CLINIC = Destination.SURGICAL_ONCOLOGY_CLINIC.value
    DERMATO_ONCOLOGIST_MOHS = Destination.DERMATO_ONCOLOGIST_MOHS.value
    DERMATO_ONCOLOGY_CONSULTATION = Destination.DERMATO_ONCOLOGY_CONSULTATION.value
    MEDICAL_ONCOLOGY_CLINIC = Destination.MEDICAL_ONCOLOGY_CLINIC.value
    DESTINATION_UNKNOWN = "destination_unknown"
    # pathology
    REQUEST_REVISION = "request_revision"
    ASK_EXTERNAL_BIOPSY = "ask_external_biopsy"
    # first visit
    RISK_PROFILE = "risk_profile"
    TOTAL_BODY_SKIN_EXAMINATION = "total_body_skin_examination"
    PHOTOS_IN_EPD = "photos_in_epd"
    DIAGNOSTIC_BIOPSY_IF_NEEDED = "diagnostic_biopsy_if_needed"
    LYMPH_NODE_PALPATION = "lymph_node_palpation"
    RESULT_CONVERSATION = "result_conversation"
    HIGH_RISK_FOLLOW_UP = "high_risk_follow_up"


@dataclass(frozen=True)
class TriageInput:
    phase: Phase | None
    tertiary_route: TertiaryRoute | None = None
    # True: a biopsy was taken elsewhere; False: none; None: not known (asked, not answered).
    external_biopsy: bool | None = None


@dataclass(frozen=True)
class AdviceItem:
    kind: AdviceKind
    code: AdviceCode
    source: Source
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class TriageAdvice:
    destination: Destination | None
    items: tuple[AdviceItem, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    def of_kind(self, kind: AdviceKind) -> tuple[AdviceItem, ...]:
        return tuple(item for item in self.items if item.kind is kind)


# "Verwijzing en triage", row by row: (phase, tertiary route) -> (destination, source).
DESTINATION_TABLE: dict[tuple[Phase, TertiaryRoute | None], tuple[Destination, Source]] = {
    (Phase.SUSPICIOUS_LESION, None): (Destination.DERMATOLOGY_CLINIC, sources.SUSPICIOUS_LESION),
    (Phase.SARCOMA, None): (Destination.SURGICAL_ONCOLOGY_CLINIC, sources.SARCOMA),
    (Phase.TERTIARY, TertiaryRoute.DIRECT_SURGERY): (
        Destination.DERMATO_ONCOLOGIST_MOHS, sources.TERTIARY_DIRECT_SURGERY),
    (Phase.TERTIARY, TertiaryRoute.DERMATOLOGY_TAKEOVER): (
        Destination.DERMATO_ONCOLOGY_CONSULTATION, sources.TERTIARY_DERMATOLOGY),
    (Phase.TERTIARY, TertiaryRoute.MEDICAL_ONCOLOGY_TAKEOVER): (
        Destination.MEDICAL_ONCOLOGY_CLINIC, sources.TERTIARY_ONCOLOGY),
    (Phase.TERTIARY, TertiaryRoute.SURGICAL_ONCOLOGY_TAKEOVER): (
        Destination.SURGICAL_ONCOLOGY_CLINIC, sources.TERTIARY_ONCOLOGY),
}

# Reminders for the first outpatient visit, "Verwijzing en triage" bullets 3-6. The pathway lists them after
# the referral routes without limiting them to one route, so they are given for every referral.
FIRST_VISIT_TABLE: tuple[tuple[AdviceCode, Source], ...] = (
    (AdviceCode.RISK_PROFILE, sources.RISK_PROFILE),
    (AdviceCode.TOTAL_BODY_SKIN_EXAMINATION, sources.FIRST_VISIT_DIAGNOSTICS),
    (AdviceCode.PHOTOS_IN_EPD, sources.FIRST_VISIT_DIAGNOSTICS),
    (AdviceCode.DIAGNOSTIC_BIOPSY_IF_NEEDED, sources.FIRST_VISIT_DIAGNOSTICS),
    (AdviceCode.LYMPH_NODE_PALPATION, sources.FIRST_VISIT_DIAGNOSTICS),
    (AdviceCode.RESULT_CONVERSATION, sources.RESULT_CONVERSATION),
    (AdviceCode.HIGH_RISK_FOLLOW_UP, sources.HIGH_RISK),
)


def advise(data: TriageInput) -> TriageAdvice:
    """The pathway's advice for one referral. Missing inputs are named; nothing is silently defaulted."""
    if data.phase is not Phase.TERTIARY and data.tertiary_route is not None:
        raise ValueError("A tertiary route applies to tertiary referrals only.")
    items: list[AdviceItem] = []
    missing: list[str] = []

    destination: Destination | None = None
    if data.phase is None:
        missing.append("phase")
        items.append(AdviceItem(AdviceKind.DESTINATION, AdviceCode.DESTINATION_UNKNOWN, sources.TERTIARY_ROUTES,
                                missing=("phase",)))
    elif data.phase is Phase.TERTIARY and data.tertiary_route is None:
        missing.append("tertiary_route")
        items.append(AdviceItem(AdviceKind.DESTINATION, AdviceCode.DESTINATION_UNKNOWN, sources.TERTIARY_ROUTES,
                                missing=("tertiary_route",)))
    else:
        destination, source = DESTINATION_TABLE[(data.phase, data.tertiary_route)]
        items.append(AdviceItem(AdviceKind.DESTINATION, AdviceCode(destination.value), source))

    if data.external_biopsy is True:
        items.append(AdviceItem(AdviceKind.PATHOLOGY, AdviceCode.REQUEST_REVISION, sources.REVISION))
    elif data.external_biopsy is None:
        # Not known whether a biopsy was taken elsewhere: ask, because a biopsy from elsewhere must be revised.
        missing.append("external_biopsy")
        items.append(AdviceItem(AdviceKind.PATHOLOGY, AdviceCode.ASK_EXTERNAL_BIOPSY, sources.REVISION,
                                missing=("external_biopsy",)))

    items.extend(AdviceItem(AdviceKind.FIRST_VISIT, code, source) for code, source in FIRST_VISIT_TABLE)
    return TriageAdvice(destination=destination, items=tuple(items), missing=tuple(missing))
