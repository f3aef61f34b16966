"""Panels on the core patient and tumour pages (registered in StagingConfig.ready()); constant queries."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from staging import calculators, selectors
from staging.forms import stage_form_initial
from staging.views import initial_form, result_context, stage_preview
from zorgpad.pathway.presentation import pathway_context, ssc_context, staging_context
from zorgpad.pathway.services import comorbidity_ssc_result
from zorgpad.patients.models import AUTOIMMUNE_KINDS, Patient, Tumour


def patient_panel(*, request: HttpRequest, patient: Patient) -> str:
    """Each tumour's latest stage and its number of alerts; the SSc criteria score of autoimmune comorbidities."""
    tumours = list(patient.tumours.all())
    # The patient page prefetched the record (patient_get): no second read of tumours, comorbidities, markers.
    advice = selectors.patient_advice_map(patient=patient, today=timezone.localdate())
    rows = [{"tumour": t, "advice": advice.get(t.pk)} for t in tumours]
    ssc_rows = []
    for comorbidity in patient.comorbidities.all():
        if comorbidity.kind in AUTOIMMUNE_KINDS:
            result = comorbidity_ssc_result(comorbidity)
            ssc_rows.append({"comorbidity": comorbidity, "ssc": ssc_context(result) if result else None})
    return render_to_string("staging/_patient_panel.html", {"rows": rows, "ssc_rows": ssc_rows}, request=request)


def stage_inputs_differ(assessment: Any, tumour: Tumour) -> bool:
    """True when the tumour record now holds other staging data than the latest assessment was made with."""
    record = stage_form_initial(tumour)
    inputs = assessment.inputs or {}
    for key in ("size_cm", "grade", "invasion_adjoining_structures", "breslow_mm", "ulceration", "n", "m"):
        if key not in inputs:
            continue  # not an input of this staging system
        stored, current = inputs[key], record.get(key)
        current = None if current in ("", None) else current
        if key in ("size_cm", "breslow_mm"):
            if (stored is None) != (current is None) or (
                stored is not None and Decimal(str(stored)) != Decimal(str(current))
            ):
                return True
        elif stored != current:
            return True
    return False


def tumour_panel(*, request: HttpRequest, tumour: Tumour) -> str:
    """Stage with explanation and history, the live staging form, the pathway's advice with sources."""
    today = timezone.localdate()
    advice = selectors.tumour_advice_map(tumour_ids=[tumour.pk], today=today)[tumour.pk]
    decision = advice.decision
    assert decision is not None
    applicable = decision.staging.applicable
    # Staging not applicable (e.g. dermis only): no stage group is shown, previewed or recorded.
    history = list(selectors.tumour_stage_history(tumour=tumour)) if applicable else []
    latest = history[0] if history else None
    context: dict[str, Any] = {
        "tumour": tumour,
        "advice": advice,
        "latest": latest,
        "latest_explanation": calculators.explanation_from_json(latest.explanation) if latest else [],
        "latest_missing": calculators.missing_labels(latest.missing) if latest else [],
        "history": [{"assessment": a, "label": selectors.stage_label(a)} for a in history],
        "pathway": pathway_context(decision.pathway, today),
        "branch": decision.branch.value,
        "staging": staging_context(decision.staging),
        "staging_missing": calculators.missing_labels(decision.staging.missing),
        "can_record": applicable and request.user.has_perm("staging.add_stageassessment"),
        "stale": latest is not None and stage_inputs_differ(latest, tumour),
    }
    if context["can_record"]:
        form = initial_form(tumour)
        context["form"] = form
        context["result"] = result_context(stage_preview(form))
    return render_to_string("staging/_tumour_panel.html", context, request=request)
