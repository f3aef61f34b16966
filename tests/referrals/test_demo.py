import datetime as dt
import io
import random

import pytest

from referrals import demo
from referrals.models import FirstVisitChecklist, Referral
from referrals.selectors import worklist_get
from zorgpad.demo_data import DEMO_USERS, _user, load_core

pytestmark = pytest.mark.django_db


def test_demo_referrals_in_different_states_one_overdue() -> None:
    today = dt.date(2026, 11, 23)
    users = {username: _user(username, first, last, role) for username, first, last, role in DEMO_USERS}
    load_core(rng=random.Random(1), today=today)
    demo.load(rng=random.Random(1), today=today, stdout=io.StringIO(), users=users)
    assert sorted(Referral.objects.values_list("status", flat=True)) == [
        "appointment_planned", "closed", "received", "received", "rejected", "triaged"]
    worklist = worklist_get(today=today)
    assert [row.overdue for row in worklist.awaiting_triage] == [True, False]
    assert [row.overdue for row in worklist.biopsy_results] == [True, False]
    assert Referral.objects.filter(destination_overridden=True).count() == 1
    assert FirstVisitChecklist.objects.count() == 2
