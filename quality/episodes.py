"""Set-based building blocks shared by the worklist, the indicators and a patient's milestones: which pathway a
tumour or a referral follows, a tumour's referral episode, its first MDO discussion and its start of treatment, as
ORM expressions (PostgreSQL and SQLite alike). The one definition of each: the other modules use these."""

from django.db import connection
from django.db.models import BigIntegerField, Exists, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Least

from mdo.models import CaseStatus, DecisionStatus, MdoCase
from quality.models import TreatmentStart, TumourEpisode
from quality.norms import REFERRAL_PATHWAY_ID
from referrals.models import Referral
from zorgpad.pathway.models import PathwayItem


def tumour_in_pathway(pathway_id: str, ref: str = "pk") -> Exists:
    """The tumour (OuterRef `ref`) follows the pathway: it has current items of it."""
    return Exists(PathwayItem.objects.filter(tumour_id=OuterRef(ref), pathway_id=pathway_id, current=True))


def referral_in_pathway(pathway_id: str) -> Q:
    """A referral follows the pathway of a tumour linked to it; without a linked tumour, the pathway whose triage
    advised it (REFERRAL_PATHWAY_ID)."""
    linked_in = Exists(TumourEpisode.objects.filter(referral_id=OuterRef("pk"))
                       .filter(tumour_in_pathway(pathway_id, "tumour_id")))
    if pathway_id == REFERRAL_PATHWAY_ID:
        return Q(linked_in) | ~Q(Exists(TumourEpisode.objects.filter(referral_id=OuterRef("pk"))))
    return Q(linked_in)


def episode_referral_id(prefix: str = "") -> Coalesce:
    """A tumour's referral episode: the linked one, else the patient's latest referral received on or before the
    date of diagnosis."""
    linked = TumourEpisode.objects.filter(tumour_id=OuterRef(f"{prefix}pk")).values("referral_id")[:1]
    implicit = (Referral.objects.filter(patient_id=OuterRef(f"{prefix}patient_id"),
                                        received_on__lte=OuterRef(f"{prefix}date_of_diagnosis"))
                .order_by("-received_on", "-id").values("id")[:1])
    return Coalesce(Subquery(linked), Subquery(implicit), output_field=BigIntegerField())


def episode_field(field: str, prefix: str = "") -> Coalesce:
    """A field of the tumour's referral episode (see episode_referral_id)."""
    linked = TumourEpisode.objects.filter(tumour_id=OuterRef(f"{prefix}pk")).values(f"referral__{field}")[:1]
    implicit = (Referral.objects.filter(patient_id=OuterRef(f"{prefix}patient_id"),
                                        received_on__lte=OuterRef(f"{prefix}date_of_diagnosis"))
                .order_by("-received_on", "-id").values(field)[:1])
    return Coalesce(Subquery(linked), Subquery(implicit))


def treatment_started(prefix: str = "") -> Least:
    """The start of treatment: the earliest of the date of surgery and the recorded starts (NULL: none). Coalesced
    both ways, as SQLite's MIN(a, b) is NULL when either is."""
    first_start = Subquery(TreatmentStart.objects.filter(tumour_id=OuterRef(f"{prefix}pk")).values("tumour_id")
                           .annotate(first=Min("started_on")).values("first")[:1])
    surgery = F(f"{prefix}date_of_surgery")
    if connection.vendor == "postgresql":  # LEAST skips NULLs there: the subquery runs once per row
        return Least(surgery, first_start)
    return Least(Coalesce(surgery, first_start), Coalesce(first_start, surgery))


# A case counts as discussed once the MDO discussed it or its decision is final.
DISCUSSED_CASE = Q(status=CaseStatus.DISCUSSED) | Q(decision__status=DecisionStatus.FINAL)


def first_discussed(prefix: str = "") -> Subquery:
    """The day the MDO first discussed the tumour (the earliest session of a discussed case; NULL: not yet)."""
    return Subquery(MdoCase.objects.filter(DISCUSSED_CASE, tumour_id=OuterRef(f"{prefix}pk")).values("tumour_id")
                    .annotate(first=Min("session__date")).values("first")[:1])
