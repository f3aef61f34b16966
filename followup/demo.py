"""Demo data for follow-up: plans for the operated tumours, then one reminder scan (letters and alerts)."""

import datetime as dt
import random
from typing import Any

from django.core.exceptions import ValidationError

from followup import reminder_services, services
from zorgpad.patients.models import Tumour


def load(*, rng: random.Random, today: dt.date, stdout: Any, users: dict[str, Any]) -> None:
    clinician = users["arts"]
    built = refused = 0
    for tumour in Tumour.objects.filter(date_of_surgery__isnull=False).select_related("patient").order_by("id"):
        try:
            services.followup_plan_build(tumour=tumour, user=clinician)
        except ValidationError:
            refused += 1  # melanoma, incomplete excision, recurrence: left to a clinician, as the rule says
        else:
            built += 1
    # History: past visits were done, except a few (they show up as overdue on the worklist).
    past = services.Visit.objects.filter(window_end__lt=today - dt.timedelta(days=14), status="planned")
    for index, visit in enumerate(past.order_by("id")):
        if index % 7 == 3:
            continue
        services.visit_transition(visit=visit, to="done", user=clinician, note="Geen aanwijzingen voor recidief.",
                                  done_on=min(visit.due_date, today))
    result = reminder_services.reminder_scan(today=today)
    stdout.write(f"Follow-up: {built} plans, {refused} left to a clinician, {result.invitations} invitations queued, "
                 f"{result.alerts} overdue alerts.")
