"""Translated texts for the codes the pure triage rules return (the rules cannot use gettext)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zorgpad.pathways.lms_2026_03.triage import AdviceCode, AdviceKind

ADVICE_LABELS: dict[AdviceCode, Promise] = {
    AdviceCode.DERMATOLOGY_CLINIC: _("Refer to the dermatology outpatient clinic."),
    AdviceCode.SURGICAL_ONCOLOGY_CLINIC: _("Refer to the surgical oncology outpatient clinic."),
    AdviceCode.DERMATO_ONCOLOGIST_MOHS: _(
        "Have the referral assessed by a dermato-oncologist and, where possible, plan Mohs surgery directly."),
    AdviceCode.DERMATO_ONCOLOGY_CONSULTATION: _(
        "Assessment at a dermato-oncology consultation, if desired jointly with the oncological, plastic or "
        "head-and-neck surgeon."),
    AdviceCode.MEDICAL_ONCOLOGY_CLINIC: _("Refer to the medical oncology outpatient clinic."),
    AdviceCode.DESTINATION_UNKNOWN: _("No destination can be advised: an input is missing."),
    AdviceCode.REQUEST_REVISION: _(
        "Request the slides of the biopsy taken elsewhere for revision by our pathology department."),
    AdviceCode.ASK_EXTERNAL_BIOPSY: _(
        "Ask the referrer whether a (skin) biopsy was taken elsewhere: if so, it must be requested for revision."),
    AdviceCode.RISK_PROFILE: _("First visit: map the patient's risk profile in the anamnesis."),
    AdviceCode.TOTAL_BODY_SKIN_EXAMINATION: _("First visit: total body skin examination."),
    AdviceCode.PHOTOS_IN_EPD: _("First visit: photograph at least all suspicious lesions and store the photos in "
                                "the EPD."),
    AdviceCode.DIAGNOSTIC_BIOPSY_IF_NEEDED: _("First visit: take a diagnostic skin biopsy if needed."),
    AdviceCode.LYMPH_NODE_PALPATION: _("First visit: palpate the locoregional lymph nodes."),
    AdviceCode.RESULT_CONVERSATION: _("Discuss the histopathology result with the patient after about two weeks."),
    AdviceCode.HIGH_RISK_FOLLOW_UP: _("Patients at high risk of skin malignancies get further checks with the "
                                      "dermatologist."),
}

KIND_LABELS: dict[AdviceKind, Promise] = {
    AdviceKind.DESTINATION: _("Destination"),
    AdviceKind.PATHOLOGY: _("Pathology"),
    AdviceKind.FIRST_VISIT: _("First visit"),
}

MISSING_LABELS: dict[str, Promise] = {
    "phase": _("phase"),
    "tertiary_route": _("requested route (tertiary referral)"),
    "external_biopsy": _("whether a biopsy was taken elsewhere"),
}
