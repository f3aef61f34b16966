"""Meeting mode: one case of a session per screen (question, stage, pathway advice, open items) with the decision
form beside it, and previous/next through the agenda."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mdo.agenda_selectors import CaseDetail, mdo_case_get
from mdo.models import ACTIVE_CASE_STATUSES, MdoCase, MdoSession
from zorgpad.pathway.selectors import PathwayPage, tumour_pathway_page


@dataclass
class MeetingScreen:
    session: MdoSession
    number: int  # 1-based position on the agenda
    total: int
    detail: CaseDetail
    pathway: PathwayPage

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.total else None


def mdo_meeting_screen(*, session_external_id: Any, number: int, user: Any, request: HttpRequest | None = None,
                       today: date | None = None) -> MeetingScreen:
    """The `number`-th case on the session's agenda (agenda order). Audited as a view of that one patient."""
    today = today or timezone.localdate()
    session = get_object_or_404(MdoSession.objects.select_related("mdo_type"), external_id=session_external_id)
    case_ids = list(MdoCase.objects.filter(session=session, status__in=ACTIVE_CASE_STATUSES)
                    .order_by("position", "id").values_list("external_id", flat=True))
    if not case_ids or not 1 <= number <= len(case_ids):
        raise Http404
    detail = mdo_case_get(external_id=case_ids[number - 1], user=user, request=request, today=today)
    return MeetingScreen(session=detail.case.session, number=number, total=len(case_ids), detail=detail,
                         pathway=tumour_pathway_page(tumour=detail.case.tumour, today=today))
