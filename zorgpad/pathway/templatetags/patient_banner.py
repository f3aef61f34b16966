"""The patient banner on every patient page: `{% load patient_banner %}{% patient_banner patient %}`.

Name ("Dam, G. van"), age and date of birth (or "overleden" with the date), sex, hospital number, BSN, the alerts
written out (danger first) and the open pathway items, from the pathway selectors (a constant number of queries).
A page that already has the patient's lead passes it (`{% patient_banner patient lead actions=True heading=True %}`):
no queries, the open items come with their actions, and the name is the page's heading.
"""

from typing import Any

from django import template
from django.utils import timezone

from zorgpad.pathway.selectors import PathwayPage, patients_pathway_pages

register = template.Library()


@register.inclusion_tag("pathway/_banner.html", takes_context=True)
def patient_banner(context: template.Context, patient: Any, lead: PathwayPage | None = None,
                   actions: bool = False, heading: bool = False) -> dict[str, Any]:
    today = timezone.localdate()
    if lead is None:
        lead = patients_pathway_pages(patients=[patient], today=today)[patient.pk]
    return {
        "patient": patient, "lead": lead, "actions": actions, "heading": heading,
        "age": None if patient.date_of_death else patient.age_on(today),
        "request": context.get("request"), "perms": context.get("perms"), "csrf_token": context.get("csrf_token"),
        "deviation_reasons": context.get("deviation_reasons", ()),
    }
