"""The waiting-time norms as the centre recorded them (centre decisions), per pathway id."""

from dataclasses import dataclass
from datetime import date

from quality.rules.norms import MARGIN, Interval, Norm, norm_key, parse_norm
from referrals.rules.working_days import dutch_public_holidays
from zorgpad.pathway.selectors import centre_decisions_current
from zorgpad.pathways.lms_2026_03.definition import DEFINITION as TRIAGE_DEFINITION

# Before a tumour is known, an episode follows the pathway whose triage table advised its referral (the referral
# app's triage is that of this pathway); once a tumour is linked, the tumour's pathway counts.
REFERRAL_PATHWAY_ID = TRIAGE_DEFINITION.id


@dataclass(frozen=True)
class PathwayNorms:
    pathway_id: str
    norms: dict[str, Norm | None]  # by Interval value
    margin: Norm | None

    def norm(self, interval: Interval) -> Norm | None:
        return self.norms.get(interval.value)


def norms_for(pathway_ids: set[str] | list[str]) -> dict[str, PathwayNorms]:
    """The recorded norms of these pathways (one query for all). Not recorded: None (no status)."""
    current = {key: row.value for key, row in centre_decisions_current().items()}
    out = {}
    for pid in pathway_ids:
        norms = {i.value: parse_norm(i.value, current.get(norm_key(pid, i.value))) for i in Interval}
        out[pid] = PathwayNorms(pid, norms, parse_norm(MARGIN, current.get(norm_key(pid, MARGIN))))
    return out


def holidays_around(today: date, years_back: int = 2) -> frozenset[date]:
    return dutch_public_holidays(range(today.year - years_back, today.year + 2))
