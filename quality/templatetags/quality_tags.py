from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from quality.rules.norms import UNIT_LABELS, Unit
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


@register.filter
def unit_label(unit: Any) -> Any:
    try:
        return _(UNIT_LABELS[Unit(str(unit))])
    except ValueError:
        return unit


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
