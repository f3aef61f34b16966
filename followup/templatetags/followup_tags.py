from typing import Any

from django import template
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe

from followup.models import VisitKind, VisitStatus

register = template.Library()

# What get_kind_display/get_status_display give, without rebuilding the choices on every call.
_KIND_LABELS = dict(VisitKind.choices)
_STATUS_LABELS = dict(VisitStatus.choices)


@register.simple_tag
def timeline_dots(dots: Any) -> str:
    """The SVG groups of a plan's visits (followup/_timeline.html), as that template's markup rendered them: one
    node instead of a dozen per visit; the patient page draws some ten visits per plan."""
    last = len(dots) - 1
    groups = []
    for i, dot in enumerate(dots):
        visit = dot.visit
        x = esc(str(dot.x))
        kind = esc(_KIND_LABELS.get(visit.kind, visit.kind))
        status = esc(_STATUS_LABELS.get(visit.status, visit.status))
        radius = "9" if visit.kind == "baseline" else "7"
        label = (f'<text x="{x}" y="58" font-size="10" text-anchor="middle" fill="#5b6775">{esc(dot.label)}</text>'
                 if i in (0, last) or visit.kind == "baseline" else "")
        groups.append(
            f'<g class="fu-dot fu-{esc(visit.status)}"><title>{kind} {esc(dot.label)}: {status}</title>\n'
            f'    <circle cx="{x}" cy="30" r="{radius}" fill="{esc(dot.colour)}" stroke="#0b5c8a" stroke-width="2"/>\n'
            f"    {label}</g>"
        )
    return mark_safe("".join(groups))  # noqa: S308 - every value above is escaped
