"""Upper bounds of the free-text fields: one home, used by the models, the forms and the API serializers.

A free text without a bound let one 1,000,000-character MDO question stall the agenda PDF past the web
server's timeout (issue 14). Short fields are bounded by their column (`CharField.max_length`); the long
ones here. A `TextField`'s `max_length` alone only reaches forms and serializers, so `bounded_text`
adds the validator that `full_clean()` (the services) checks too.
"""

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

QUESTION_MAX_LENGTH = 2_000  # an MDO case question
LONG_TEXT_MAX_LENGTH = 5_000  # a decision (advice), notes, reasons, outcomes


def bounded_text(verbose_name: Any, *, max_length: int = LONG_TEXT_MAX_LENGTH, **kwargs: Any) -> models.TextField:
    return models.TextField(verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)],
                            **kwargs)
