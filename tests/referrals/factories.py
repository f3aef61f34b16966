import datetime as dt

import factory

from referrals.models import FirstVisitChecklist, Phase, Referral, ReferrerKind
from referrals.rules.working_days import due_date
from tests.factories import PatientFactory, UserFactory


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    patient = factory.SubFactory(PatientFactory)
    referrer_kind = ReferrerKind.GP
    referrer_name = "dr. A. Huisarts"
    referrer_organisation = "Huisartsenpraktijk Centrum"
    received_on = dt.date(2026, 11, 2)
    reason = "Verdachte huidlaesie onderbeen"
    phase = Phase.SUSPICIOUS_LESION
    external_biopsy = False
    triage_due_on = factory.LazyAttribute(lambda o: due_date(o.received_on, 2))
    registered_by = factory.SubFactory(UserFactory)


class ChecklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FirstVisitChecklist

    patient = factory.SubFactory(PatientFactory)
    updated_by = factory.SubFactory(UserFactory)
