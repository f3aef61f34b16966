"""Field validators with messages a clinician or secretary understands (Dutch via gettext)."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgpad.patients.bsn import is_valid_bsn

HOSPITAL_NUMBER_RE = re.compile(r"^[0-9A-Z]{4,20}$")
POSTAL_CODE_RE = re.compile(r"^[1-9][0-9]{3} ?[A-Z]{2}$", re.IGNORECASE)


def validate_bsn(value: str) -> None:
    if value and not is_valid_bsn(value):
        raise ValidationError(
            _("%(value)s is not a valid BSN: it must be 9 digits that pass the 11-check."),
            code="invalid_bsn",
            params={"value": value},
        )


def validate_hospital_number(value: str) -> None:
    if not HOSPITAL_NUMBER_RE.match(value):
        raise ValidationError(
            _("A hospital number is 4 to 20 digits or capital letters."), code="invalid_hospital_number"
        )


def validate_postal_code(value: str) -> None:
    if value and not POSTAL_CODE_RE.match(value):
        raise ValidationError(_("A Dutch postal code looks like 3015 GD."), code="invalid_postal_code")


def validate_not_in_future(value: dt.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(
            _("%(value)s lies in the future."), code="future_date", params={"value": value.isoformat()}
        )


EARLIEST_DATE_OF_BIRTH = dt.date(1900, 1, 1)


def validate_date_of_birth(value: dt.date) -> None:
    """From 1900-01-01 (no patient of this centre is older; 0001-01-01 was a typing slip), not in the future."""
    if value and value < EARLIEST_DATE_OF_BIRTH:
        raise ValidationError(
            _("A date of birth lies on or after %(earliest)s."), code="date_of_birth_too_early",
            params={"earliest": EARLIEST_DATE_OF_BIRTH.strftime("%d-%m-%Y")},
        )
    validate_not_in_future(value)


PHONE_RE = re.compile(r"^(0[1-9][0-9]{8}|\+[1-9][0-9]{7,14})$")


def validate_phone_number(value: str) -> None:
    """A Dutch number of 10 digits (010 123 4567, 06-12345678) or an international one (+31 6 12345678)."""
    compact = re.sub(r"[\s\-().]", "", value)
    if value and not PHONE_RE.match(compact):
        raise ValidationError(
            _("A phone number is 10 digits starting with 0 (010 123 4567), or + and the country code."),
            code="invalid_phone_number",
        )
