"""Labels that say what they mean (issue 15): the result conversation is planned "na circa twee weken" (pathway),
a target date, so the worklist calls it "Streefdatum", never "Uiterlijk" (at the latest)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.referrals.factories import ChecklistFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def test_biopsy_results_show_a_target_date_not_a_deadline(clinician_client, freeze_today) -> None:
    freeze_today(TODAY)
    ChecklistFactory(biopsy_needed=True, biopsy_taken_on=TODAY - dt.timedelta(days=14), result_due_on=TODAY)
    page = clinician_client.get(reverse("referrals:worklist")).content.decode()
    section = page[page.index('id="biopsy-results"'):]
    section = section[:section.index("</section>")]
    assert "<th>Streefdatum</th>" in section and "streefdatum vandaag" in section
    assert "Uiterlijk" not in section and "uiterlijk" not in section
    clinician_client.cookies["django_language"] = "en"
    page = clinician_client.get(reverse("referrals:worklist")).content.decode()
    assert "<th>Target date</th>" in page
