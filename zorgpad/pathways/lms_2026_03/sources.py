"""Citations of the care pathway, quoted verbatim (typos included) so a reviewer can hold them next to the source.

Source: /work/shared/seeds/000_72e006b76359bc01.txt — "Zorgpad cutaan en subcutaan leiomyosarcoom",
Huidkankercentrum Erasmus MC, version March 2026 (revision due March 2028).
"""

from dataclasses import dataclass

from zorgpad.pathways.lms_2026_03.definition import TITLE, VERSION_LABEL

PATHWAY = f"{TITLE} (Erasmus MC, {VERSION_LABEL})"
SECTION_REFERRAL = "Verwijzing en triage"
SECTION_SLMS_DIAGNOSTICS = "Subcutaan leiomyosarcoom › Diagnostiek"  # noqa: RUF001


@dataclass(frozen=True)
class Source:
    document: str
    section: str
    quote: str

    @property
    def citation(self) -> str:
        return f"{self.document}, {self.section}"


def _referral(quote: str) -> Source:
    return Source(PATHWAY, SECTION_REFERRAL, quote)


SUSPICIOUS_LESION = _referral(
    "Patiënten met een voor maligniteit verdachte huidlaesie worden, door met name de huisarts, verwezen naar "
    "de polikliniek dermatologie."
)
SARCOMA = _referral(
    "Patiënten met een (verdenking) sarcoom worden verwezen naar de polikliniek oncologische chirurgie."
)
TERTIARY_DIRECT_SURGERY = _referral(
    "Directe chirurgische behandeling (meestal Mohs chirurgie). In dit geval wordt de verwijzing beoordeeld door "
    "een dermato-oncoloog en indien mogelijk direct gepland voor Mohs chirurgie."
)
TERTIARY_DERMATOLOGY = _referral(
    "Overname diagnostiek en behandeling door de dermatologie. In dit geval zal de patiënt op een "
    "dermato-oncologie spreekuur beoordeeld worden, indien wenselijk gezamenlijk met de oncologisch chirurg, "
    "plastisch chirurg of hoofdhals chirurg."
)
TERTIARY_ONCOLOGY = _referral(
    "Overname diagnostiek en behandeling door de medisch oncoloog of oncologische chirurgie."
)
TERTIARY_ROUTES = _referral(
    "Indien het een tertiaire verwijzing betreft kunnen patiënten verwezen worden voor: [...]"
)
REVISION = Source(
    PATHWAY,
    SECTION_SLMS_DIAGNOSTICS,
    "Indien elders een (huid)biopsie is afgenomen zal deze opgevraagd worden ter revisie in het Erasmus MC.",
)
RISK_PROFILE = _referral(
    # "polibezzoek" [sic] in the source.
    "Het risicoprofiel van de patiënt wordt in kaart gebracht als onderdeel van de anamnese bij het eerste "
    "polibezzoek."
)
FIRST_VISIT_DIAGNOSTICS = _referral(
    "Diagnostiek gebeurt inclusief totale lichaamsinspectie. Van tenminste alle verdachte laesies wordt een foto "
    "gemaakt en opgeslagen in het EPD. Een diagnostisch huidbiopt wordt -indien nodig- afgenomen en palpatie van "
    "de locoregionale lymfeklieren wordt verricht."
)
RESULT_CONVERSATION = _referral(
    "De uitslag van het histopathologisch onderzoek wordt na circa twee weken met de patiënt besproken."
)
HIGH_RISK = _referral(
    "Patiënten met een hoog risico op huidmaligniteiten hebben verdere controles bij de dermatoloog."
)
