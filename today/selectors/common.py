"""What the start-page lists share: "my patients", the living-patients filter and pagination."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q

from followup.models import FollowUpPlan
from mdo.models import MdoCase
from referrals.models import ReferralStatus, ReferralTransition
from zorgpad.patients.models import Patient

PER_PAGE = 10


def my_patients(user: Any, field: str = "pk") -> Q:
    """The clinician's patients, as a condition on `field` (a patient id): those whose follow-up plan names the
    user as responsible clinician, whose MDO case the user presents, or whose referral the user triaged.
    One sub-select (a UNION of the three), so any list filters on it within its own query and the planner can hash
    the set once instead of probing three sub-plans per row."""
    # No ORDER BY in the parts (the models' default ordering): SQLite refuses it in a compound statement.
    ids = (FollowUpPlan.objects.filter(responsible_clinician=user).order_by().values("patient_id")
           .union(MdoCase.objects.filter(presenting_clinician=user).order_by().values("patient_id"),
                  ReferralTransition.objects.filter(by=user, to_status=ReferralStatus.TRIAGED).order_by()
                  .values("referral__patient_id")))
    return Q(**{f"{field}__in": ids})


def living(field: str = "") -> Q:
    """Deceased patients are on no work list (`field`: the path to the patient, e.g. "patient__")."""
    return Q(**{f"{field}date_of_death__isnull": True})


def paginate(items: Any, number: Any, per_page: int = PER_PAGE) -> Page:
    """One page (a count and a page query for a queryset); an unknown page number gives the last page."""
    page = Paginator(items, per_page).get_page(number)
    page.object_list = list(page.object_list)
    return page


def patient_ids_of(rows: list[Any], attr: str) -> list[Any]:
    """The external ids of the patients of `rows` (for the audit log), `attr` the dotted path to the patient."""
    out = []
    for row in rows:
        obj = row
        for part in attr.split("."):
            obj = getattr(obj, part)
        out.append(obj.external_id if isinstance(obj, Patient) else obj)
    return out
