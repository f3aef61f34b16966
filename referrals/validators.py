"""Field validators for referrals, with messages a secretary understands (Dutch via gettext)."""

import logging
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

logger = logging.getLogger(__name__)

AGB_RE = re.compile(r"^[0-9]{8}$")
PDF_MAGIC = b"%PDF-"


def validate_agb_code(value: str) -> None:
    if value and not AGB_RE.match(value):
        raise ValidationError(_("An AGB code is exactly 8 digits."), code="invalid_agb")


def letter_max_bytes() -> int:
    return int(settings.REFERRALS_LETTER_MAX_BYTES)


# Names that make a PDF viewer run something: JavaScript, actions run on opening or on page/field events,
# launching a program. A referral letter needs none of them.
ACTIVE_NAMES = frozenset({"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch"})
_MAX_OBJECTS = 100_000


def _active_content(reader: PdfReader) -> bool:
    """Whether any object of the file (every cross-reference entry, those in compressed object streams too, and
    what the trailer reaches) names JavaScript or an automatic action."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    for generation, entries in reader.xref.items():
        stack.extend(IndirectObject(idnum, generation, reader) for idnum in entries)
    stack.extend(IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm)
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        visited += 1
        if visited > _MAX_OBJECTS:
            return True  # not a referral letter; refuse rather than walk on
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in ACTIVE_NAMES or (key == "/S" and isinstance(value, NameObject) and value in ACTIVE_NAMES):
                    return True
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return False


def _check_pdf_content(file: Any) -> None:
    """Parse the PDF with pypdf (a %PDF- header followed by HTML is not a PDF) and refuse active content."""
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if len(reader.pages) < 1:
            raise ValueError("no pages")
        active = _active_content(reader)
    except Exception as exc:  # pypdf raises many kinds of errors on a damaged or fake file
        logger.info("Referral letter refused: not a readable PDF (%s: %s)", type(exc).__name__, exc)
        raise ValidationError(_("This file cannot be read as a PDF (it is damaged or only named like one)."),
                              code="letter_not_pdf") from exc
    finally:
        file.seek(0)
    if active:
        raise ValidationError(_("This PDF contains JavaScript or actions that run by themselves; "
                                "such a file is not accepted. Print it to a new PDF and upload that."),
                              code="letter_active_content")


def validate_pdf_letter(file: Any) -> None:
    """A referral letter must be a real PDF: .pdf name, the %PDF- signature, readable by pypdf, no JavaScript or
    automatic actions, and not larger than the setting.

    The content type and the extension come from the sender and prove nothing; the content is checked.
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
    _check_pdf_content(file)
    file.seek(position)
