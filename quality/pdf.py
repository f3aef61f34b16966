"""The PDF report of a period: the figures, the trends and the distributions (the same SVG templates as the page).
Aggregates only: no patient is named in it."""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from quality.selectors import IndicatorsPage
from zorgpad.pdf_render import render_within_budget


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def indicators_pdf(*, page: IndicatorsPage, definition: Any) -> bytes:
    html = render_to_string("quality/pdf/report.html", {
        "page": page, "definition": definition, "printed_at": timezone.localtime(),
        "centre": settings.ZORGPAD_CENTRE_NAME})
    return render_within_budget(lambda: _pdf(html))
