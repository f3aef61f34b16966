from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.utils import formats


def service_errors_to_form(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class LocalizedNumber(Decimal):
    """A bound (min_value, max_value) that prints in the active language's notation in validation messages:
    "minstens 0,01" in Dutch, "at least 0.01" in English. Compares as the Decimal it is."""

    def __str__(self) -> str:
        return str(formats.number_format(Decimal(self)))


class DecimalInput(forms.TextInput):
    """A decimal typed as people write it in the active language (6,50 in Dutch, 6.50 in English): a text input
    with the numeric keyboard; type=number would take and show only the point in some browsers."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class LocalizedDecimalField(forms.DecimalField):
    """A DecimalField in the notation of the active language, shown and accepted (Django's localized fields:
    a decimal comma in Dutch; the point is accepted too, as USE_THOUSAND_SEPARATOR is off); its limits are
    reported in the same notation."""

    widget = DecimalInput

    def __init__(self, *, min_value: Any = None, max_value: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(
            min_value=LocalizedNumber(str(min_value)) if min_value is not None else None,
            max_value=LocalizedNumber(str(max_value)) if max_value is not None else None,
            **kwargs,
        )
