"""PDFs of the MDO: the printable agenda and the decision letter (context -> template -> WeasyPrint bytes).

Speed: most of a small WeasyPrint render is font subsetting (fontTools). The templates use one installed
font family (DejaVu Sans) in two weights (regular, bold) and no italics, so only two faces are embedded.
"""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mdo.agenda_selectors import Agenda
from mdo.models import MdoLetter
from mdo.patient_selectors import specialty_labels
from mdo.selectors import effective_advice
from mdo.templatetags.mdo_tags import LONG_QUESTION
from zorgpad.pdf_render import render_within_budget


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def agenda_pdf(*, agenda: Agenda) -> bytes:
    """Rendered while the user waits: within `PDF_REQUEST_TIME_LIMIT` (else RenderTimeLimitExceeded)."""
    context = {"agenda": agenda, "session": agenda.session, "printed_at": timezone.localtime(),
               "centre": settings.ZORGPAD_CENTRE_NAME, "long_question": LONG_QUESTION}
    html = render_to_string("mdo/pdf/agenda.html", context)
    return render_within_budget(lambda: _pdf(html))


def decision_letter_context(*, letter: MdoLetter) -> dict[str, Any]:
    decision = letter.decision
    case = decision.case
    amendments = list(decision.amendments.order_by("number"))
    amendments = [a for a in amendments if a.number <= letter.version]
    return {
        "letter": letter, "decision": decision, "case": case, "patient": case.patient, "tumour": case.tumour,
        "session": case.session, "advice": effective_advice(decision, amendments),
        "amendment": amendments[-1] if amendments else None,
        "attendees": [(a["name"], label) for a, label in zip(
            decision.attendees, specialty_labels(a["specialty"] for a in decision.attendees), strict=True)],
        "missing": [" / ".join(specialty_labels(codes)) for codes in decision.quorum_missing],
        "centre": settings.ZORGPAD_CENTRE_NAME, "today": timezone.localdate(),
    }


def decision_letter_pdf(*, letter: MdoLetter) -> bytes:
    # Letters go to Dutch referrers and GPs: always Dutch, whatever language the worker runs in.
    with translation.override("nl"):
        return _pdf(render_to_string("mdo/pdf/decision_letter.html", decision_letter_context(letter=letter)))
