"""`{{ user|person }}` in every template (a builtin: no load needed)."""

from typing import Any

from django import template

from zorgpad.accounts.people import person_name

register = template.Library()


@register.filter
def person(user: Any) -> str:
    return person_name(user)
