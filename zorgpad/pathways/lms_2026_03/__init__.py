"""Zorgpad cutaan en subcutaan leiomyosarcoom, Erasmus MC, version March 2026 (revision due March 2028)."""

from zorgpad.pathways.base import Pathway
from zorgpad.pathways.lms_2026_03 import advice, branch, followup
from zorgpad.pathways.lms_2026_03.definition import DEFINITION

PATHWAY = Pathway(
    definition=DEFINITION,
    covers=branch.covers,
    branch=branch.branch,
    staging=branch.staging,
    advise=advice.advise,
    followup=followup.followup,
    imaging_needed=branch.imaging_needed,
    advice_table=advice.DEFINITIONS,
)
