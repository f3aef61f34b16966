"""Admin preview of the letter and summary templates, with a sample or a selected patient.

The sample is built inside a savepoint that is always rolled back: the preview runs the real rendering code
on realistic objects and leaves nothing behind.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.template.loader import render_to_string

from followup import pdf, services
from followup.models import FollowUpPlan, Letter, LetterKind, PlanStatus, Visit, VisitKind
from followup.rules import schedule as rules
from zorgpad.pathways.vocabulary import BodySiteRegion
from zorgpad.patients.models import Depth, Diagnosis, Laterality, Margin, Patient, Tumour


def _sample_patient(today: dt.date) -> Patient:
    patient = Patient.objects.create(
        hospital_number="VOORBEELD-0001", family_name="Voorbeeld", given_names="Anna", initials="A.",
        date_of_birth=dt.date(1960, 4, 2), sex="F", street="Voorbeeldstraat 1", postal_code="3015 GD",
        city="Rotterdam", gp_name="dr. B. Huisarts", gp_practice="Huisartsenpraktijk Voorbeeld",
        gp_street="Plein 2", gp_postal_code="3011 AB", gp_city="Rotterdam",
    )
    surgery = today - dt.timedelta(days=150)
    tumour = Tumour.objects.create(
        patient=patient, diagnosis=Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, body_site="bovenbeen",
        body_site_region=BodySiteRegion.LOWER_EXTREMITY, laterality=Laterality.LEFT, depth=Depth.SUBCUTIS,
        largest_diameter_cm=Decimal("4.5"), grade="G2",
        n_category="N0", m_category="M0", date_of_diagnosis=surgery - dt.timedelta(days=30),
        date_of_surgery=surgery, margin=Margin.R0,
    )
    template = services.template_current()
    inputs = services.plan_inputs(tumour, explicit_template=False, today=today)
    decision = rules.decide(inputs, services.template_spec(template))
    plan = FollowUpPlan.objects.create(patient=patient, tumour=tumour, template=template, status=PlanStatus.ACTIVE,
                                       reason=decision.reason, anchor_date=surgery, ends_on=decision.ends_on)
    Visit.objects.bulk_create([
        Visit(plan=plan, sequence=v.sequence, kind=VisitKind(v.kind.value), items=list(v.items), due_date=v.due_date,
              window_start=v.window_start, window_end=v.window_end, invite_from=v.invite_from)
        for v in decision.visits
    ])
    return patient


def _letter(name: str, patient: Patient) -> Letter:
    plan = (FollowUpPlan.objects.filter(patient=patient).exclude(status=PlanStatus.STOPPED)
            .select_related("tumour", "template").order_by("-created_at").first())
    if plan is None:
        raise LookupError("no live follow-up plan")
    visit = plan.visits.filter(status__in=["planned", "invited", "booked"]).order_by("due_date").first()
    if name == LetterKind.INVITATION and visit is None:
        raise LookupError("no open visit")
    return Letter(kind=name, patient=patient, plan=plan, visit=visit if name == LetterKind.INVITATION else None,
                  due_date=visit.due_date if visit else None)


def preview_html(*, name: str, patient: Patient | None, today: dt.date) -> str:
    with transaction.atomic():
        savepoint = transaction.savepoint()
        try:
            return _render(name=name, patient=patient, today=today)
        finally:
            transaction.savepoint_rollback(savepoint)


def _render(*, name: str, patient: Patient | None, today: dt.date) -> str:
    if patient is None:
        patient = _sample_patient(today)
    if name == "patient_summary":
        return render_to_string("followup/pdf/patient_summary.html",
                                pdf.summary_context(patient=patient, today=today))
    try:
        letter = _letter(name, patient)
    except LookupError as exc:
        reason = render_to_string("followup/pdf/_no_preview.html", {"reason": exc})
        return render_to_string("followup/pdf/document.html", {"bodies": [reason]})
    return pdf.letters_html([pdf.letter_body(letter, today=today)])


