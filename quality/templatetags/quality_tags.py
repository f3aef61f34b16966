from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from quality.rules.norms import Unit
from zorgpad.pathway.models import REASON_CODE_LABELS
from zorgpad.pathways import registry

register = template.Library()

STATUS_LABELS = {
    "on_time": _("on time"), "at_risk": _("at risk"), "late": _("late"), "not_applicable": _("not applicable"),
}
STATUS_TAGS = {"on_time": "ok", "at_risk": "warn", "late": "danger", "not_applicable": "muted"}
REASONS = {
    "anchor": "", "no_referral": _("no referral"), "no_start": _("the milestone before it is not reached yet"),
    "norm_undecided": _("norm to be decided by the centre"), "deceased": _("deceased"),
    "referral_closed": _("referral rejected or redirected"), "no_biopsy": _("no biopsy needed"),
    "mdo_not_needed": _("the pathway asks for no MDO"), "no_followup": _("no follow-up plan"),
    "not_applicable": _("not applicable"),
}


@register.filter
def status_label(code: str) -> Any:
    return STATUS_LABELS.get(str(code), code)


@register.filter
def status_tag(code: str) -> str:
    return STATUS_TAGS.get(str(code), "")


@register.filter
def reason_label(code: str) -> Any:
    code = str(code)
    return REASONS.get(code) if code in REASONS else REASON_CODE_LABELS.get(code, code)


_NORM_TEXTS = {
    Unit.WORKING_DAYS: ("%(n)s working day", "%(n)s working days"),
    Unit.CALENDAR_DAYS: ("%(n)s calendar day", "%(n)s calendar days"),
    Unit.WEEKS: ("%(n)s week", "%(n)s weeks"),
}


@register.filter
def norm_text(norm: Any) -> str:
    """A norm with its unit, in the number the value asks for ("1 week", "3 weken", "10 werkdagen"); a norm is a
    Norm or its JSON form {"value", "unit"}."""
    value, unit = (norm["value"], norm["unit"]) if isinstance(norm, dict) else (norm.value, norm.unit)
    try:
        singular, plural = _NORM_TEXTS[Unit(str(unit))]
    except ValueError:
        return f"{value} {unit}"
    return ngettext(singular, plural, value) % {"n": value}


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return number_format(value * 100, 1) + " %"


@register.filter
def decimal(value: float | None) -> str:
    return "—" if value is None else number_format(value, 1)


@register.filter
def pathway_title(pathway_id: str) -> str:
    return registry.title(str(pathway_id))
