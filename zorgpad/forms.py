from django.core.exceptions import ValidationError
from django.forms import BaseForm


def service_errors_to_form(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
