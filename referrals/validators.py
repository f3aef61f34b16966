"""Field validators for referrals, with messages a secretary understands (Dutch via gettext)."""

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

AGB_RE = re.compile(r"^[0-9]{8}$")
PDF_MAGIC = b"%PDF-"


def validate_agb_code(value: str) -> None:
    if value and not AGB_RE.match(value):
        raise ValidationError(_("An AGB code is exactly 8 digits."), code="invalid_agb")


def letter_max_bytes() -> int:
    return int(settings.REFERRALS_LETTER_MAX_BYTES)


def validate_pdf_letter(file: Any) -> None:
    """A referral letter must be a real PDF: .pdf name, the %PDF- signature, and not larger than the setting.

    The content type and the extension come from the sender and prove nothing; the first bytes are checked.
    """
    if not file:
        return
    size = file.size
    if size > letter_max_bytes():
        raise ValidationError(
            _("The letter is too large (%(size)s); the maximum is %(max)s."),
            code="letter_too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(letter_max_bytes())},
        )
    name = str(getattr(file, "name", "") or "")
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("The letter must be a PDF file (.pdf)."), code="letter_not_pdf")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    header = file.read(len(PDF_MAGIC))
    file.seek(position)
    if header != PDF_MAGIC:
        raise ValidationError(
            _("This file is not a PDF (its content does not start with %%PDF-), whatever its name says."),
            code="letter_not_pdf",
        )
