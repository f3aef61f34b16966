"""PDFs: context -> render_to_string -> WeasyPrint bytes.

Speed (see bench/followup_letters.py): one font family (DejaVu Sans, installed) with WeasyPrint's default font
subsetting (HarfBuzz; `full_fonts=True` was slower and 65x larger), one FontConfiguration and one parsed
stylesheet per (worker) process, and a print run written as ONE PDF so each font is subset and embedded once.
Each letter is laid out as a document of its own, so that its running header counts its own pages ("pagina 1
van 2": CSS cannot reset counter(pages) inside one document), and the pages of all letters go into that one PDF
(Document.copy, no PDF merging). Progress is reported per chunk of 50 letters.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from followup.models import FollowUpPlan, Letter, LetterKind, PlanStatus, VisitItem
from followup.rules.invitation import invitation_dates
from zorgpad.pathway.selectors import tumour_facts
from zorgpad.pathways import registry
from zorgpad.pathways.registry import DERMATOLOGIST_CHECKS
from zorgpad.patients import names
from zorgpad.patients.models import Patient

_cache: dict[str, Any] = {}

Progress = Callable[[int, int], None]


def _weasy() -> tuple[Any, Any]:
    """The FontConfiguration and the letter stylesheet, built once per (worker) process."""
    if "css" not in _cache:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        css = CSS(string=render_to_string("followup/pdf/letter.css"), font_config=font_config)
        _cache["font_config"], _cache["css"] = font_config, css
    return _cache["font_config"], _cache["css"]


def html_to_documents(html_parts: Sequence[str]) -> list[Any]:
    from weasyprint import HTML

    font_config, css = _weasy()
    return [HTML(string=part, base_url=str(settings.BASE_DIR)).render(font_config=font_config, stylesheets=[css])
            for part in html_parts]


def write_pdf(documents: list[Any]) -> tuple[bytes, int]:
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf(), len(pages)


def html_to_pdf(html: str) -> tuple[bytes, int]:
    return write_pdf(html_to_documents([html]))


# --- letters -----------------------------------------------------------------------------------------------

def item_labels(items: Sequence[str]) -> list[str]:
    return [str(VisitItem(item).label) if item in VisitItem.values else item for item in items]


def salutation(patient: Patient) -> str:
    return names.salutation(sex=patient.sex, initials=patient.initials, given_names=patient.given_names,
                            name_in_use=patient.name_in_use)


def join_dutch(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1] if parts else ""


def plan_visit_rows(plan: FollowUpPlan) -> list[dict[str, Any]]:
    return [{"visit": v, "items": join_dutch(item_labels(v.items))} for v in plan.visits.all()]


def letter_context(letter: Letter, *, today: date | None = None) -> dict[str, Any]:
    plan = letter.plan
    context: dict[str, Any] = {
        "letter": letter,
        "patient": letter.patient,
        "plan": plan,
        "tumour": plan.tumour,
        "centre": settings.ZORGPAD_CENTRE_NAME,
        "today": today or timezone.localdate(),
        "salutation": salutation(letter.patient),
        "contacts": registry.emergency_contacts(tumour_facts(plan.tumour) if plan.tumour_id else None),
        "dermatologist_checks": _(DERMATOLOGIST_CHECKS) if plan.dermatologist_checks else "",
        "secretariat_phone": settings.ZORGPAD_SECRETARIAT_PHONE,
        "reason": plan.reason_text(),
        "no_routine": plan.status == PlanStatus.NO_ROUTINE,
    }
    if letter.visit is not None:
        visit = letter.visit
        context["visit"] = visit
        context["items"] = join_dutch(item_labels(visit.items))
        context["dates"] = invitation_dates(window_start=visit.window_start, window_end=visit.window_end,
                                            due_date=visit.due_date, today=context["today"])
    if letter.kind == LetterKind.GP_PLAN_SUMMARY:
        context["rows"] = plan_visit_rows(plan)
    return context


LETTER_TEMPLATES = {
    LetterKind.INVITATION: "followup/pdf/invitation.html",
    LetterKind.GP_PLAN_SUMMARY: "followup/pdf/gp_plan_summary.html",
    LetterKind.PATIENT_EXPLANATION: "followup/pdf/explanation.html",
}


def letter_body(letter: Letter, *, today: date | None = None) -> str:
    return render_to_string(LETTER_TEMPLATES[LetterKind(letter.kind)], letter_context(letter, today=today))


def letters_html(bodies: Sequence[str]) -> str:
    return render_to_string("followup/pdf/document.html", {"bodies": bodies, "title": "Brieven"})


PRINT_CHUNK = 50


def render_letters(letters: Sequence[Letter], *, progress: Progress | None = None,
                   chunk: int = PRINT_CHUNK, today: date | None = None) -> tuple[bytes, int]:
    """All letters in ONE PDF (letters are always Dutch), each laid out on its own pages (page x of y)."""
    today = today or timezone.localdate()
    with translation.override("nl"):
        bodies = [letter_body(letter, today=today) for letter in letters]
    if not bodies:
        raise ValueError("no letters to render")
    documents = []
    for start in range(0, len(bodies), chunk):
        documents.extend(html_to_documents([letters_html([body]) for body in bodies[start:start + chunk]]))
        if progress:
            progress(min(start + chunk, len(bodies)), len(bodies))
    return write_pdf(documents)


# --- patient summary ---------------------------------------------------------------------------------------

def summary_context(*, patient: Patient, today: date) -> dict[str, Any]:
    from followup import selectors

    tumours = list(patient.tumours.all().order_by("date_of_diagnosis", "id"))
    advice = selectors.stage_advice(tumour_ids=[t.pk for t in tumours], today=today)
    decisions = selectors.mdo_decisions(patient=patient)
    plans = list(selectors.plans_for_patient(patient=patient))
    return {
        "patient": patient,
        "centre": settings.ZORGPAD_CENTRE_NAME,
        "today": today,
        "tumours": [{"tumour": t, "advice": advice.get(t.pk)} for t in tumours],
        "decisions": decisions,
        "plans": [{"plan": p, "rows": plan_visit_rows(p), "reason": p.reason_text()}
                  for p in plans],
    }


def render_patient_summary(*, patient: Patient, today: date) -> tuple[bytes, int]:
    with translation.override("nl"):
        html = render_to_string("followup/pdf/patient_summary.html", summary_context(patient=patient, today=today))
    return html_to_pdf(html)
