"""Zorgpad cutaan melanoom (November 2026): derived from the Richtlijn Melanoom; see definition.py."""

from zorgpad.pathways.base import Pathway, StagingApplicability
from zorgpad.pathways.facts import TumourFacts
from zorgpad.pathways.melanoma_2026_11 import advice, followup, stage
from zorgpad.pathways.melanoma_2026_11.definition import DEFINITION
from zorgpad.pathways.vocabulary import Branch, Diagnosis, StagingSystem

STAGING = StagingApplicability(applicable=True, system=StagingSystem.MELANOMA)


def covers(tumour: TumourFacts) -> bool:
    return tumour.diagnosis == Diagnosis.CUTANEOUS_MELANOMA


PATHWAY = Pathway(
    definition=DEFINITION,
    covers=covers,
    branch=lambda tumour: Branch.MELANOMA,
    staging=lambda tumour: STAGING,
    advise=advice.advise,
    followup=followup.followup,
    # Imaging at diagnosis is a centre decision (§2): the MDO checklist asks for stage, BRAF and pathology.
    imaging_needed=lambda tumour: False,
    braf_needed=stage.melanoma_centre_case,
    advice_table=advice.DEFINITIONS,
)
