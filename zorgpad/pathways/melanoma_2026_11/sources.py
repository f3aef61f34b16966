"""The melanoma pathway's sources and the quoted phrases its rules rest on (/work/shared/clinical/melanoma-pathway.md).

Source keys as in that reference; the module dates could not be read ("2019 or later"). Citations are shown as
printed here, never translated.
"""

RL = "Richtlijn Melanoom (richtlijnendatabase.nl)"
SEP = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "

RL_MARGE = f"{RL}{SEP}Melanoom - Behandeling gelokaliseerde ziekte, Aanbeveling (RL-MARGE)"
RL_LND = f"{RL}{SEP}Melanoom - Lymfeklierdissectie, Aanbeveling (RL-LND)"
RL_ADJ = f"{RL}{SEP}Melanoom - Adjuvante systemische behandeling na initiële behandeling (RL-ADJ; AJCC 7)"
RL_FU_IA = f"{RL}{SEP}Follow-up bij in situ melanoom en melanoom stadium IA (RL-FU-IA)"
RL_FU_III = f"{RL}{SEP}Follow-up bij locoregionaal gemetastaseerd melanoom (stadium III) (RL-FU-III)"
RL_ORG = f"{RL}{SEP}Organisatie van zorg bij melanoom (RL-ORG)"
WINO2018 = ("Consensus van de 14 Nederlandse melanoomcentra, Adjuvante behandeling van het hoogrisicomelanoom "
            "(NVMO/WIN-O, 2018) (WINO2018)")
EADO24 = ("Garbe et al., European consensus-based interdisciplinary guideline for melanoma, Part 2 Treatment, "
          "update 2024 (EADO24)")
CASE_REPORT = "Casus: systemische sclerose als paraneoplastische uiting van een recidief melanoom"
REFERENCE = "Zorgpad melanoom, afgeleid van de Richtlijn Melanoom (melanoma-pathway.md)"

# The quoted phrase of each rule (the reference's §1, verified in the source).
QUOTES = {
    "mel.reexcision-margin": (RL_MARGE, "in situ melanoom: 0,5 cm; · breslowdikte tot en met 2 mm: 1 cm; · "
                              "breslowdikte meer dan 2 mm: 2 cm."),
    "mel.no-completion-dissection": (RL_LND, "Verricht geen onmiddellijke completerende (aanvullende) "
                                     "lymfeklierdissectie bij patiënten met een positieve schildwachtklier."),
    "mel.melanoma-centre-mdo": (RL_ORG, "Alle patiënten met een stadium III/IV melanoom dienen in een aangewezen "
                                "melanoomcentrum besproken te worden. · Houd wekelijks een multidisciplinair "
                                "overleg."),
    "mel.systemic-in-centre": (RL_ORG, "Behandel alle patiënten die in aanmerking komen voor systemische therapie "
                               "in een daarvoor aangewezen melanoomcentrum."),
    "mel.adjuvant-discuss": (RL_ADJ, "Bespreek met patiënten, die ziektevrij zijn na een resectie van hoog risico "
                             "stadium III/IV melanoom"),
    "mel.no-adjuvant-iiia-small": (RL_FU_III, "stadium IIIA melanoom zonder indicatie voor adjuvante systemische "
                                   "therapie (met een metastase in de schildwachtklier ≤1mm)"),
    "mel.imaging-before-adjuvant": (RL_ADJ, "Scan patiënten die adjuvante therapie ondergaan voor de start van de "
                                    "therapie met een CT-scan of PET/CT scan"),
    "mel.autoimmune-flag": (WINO2018, "overwegingen zoals contra-indicaties, auto-immuunziekten, hartfalen … "
                            "worden meegewogen"),
    "mel.followup.in-situ-ia": (RL_FU_IA, "éénmalig uitleg over het melanoom en het risico van UV straling op "
                                "de huid"),
    "mel.followup.iiia-small": (RL_FU_III, "Eerste 2 jaar iedere 4 maanden met alleen onderzoek van het litteken, "
                                "de regionale lymfeklieren en de huid"),
    "mel.followup.iiib-d-no-adjuvant": (RL_FU_III, "Eerste 2 jaar iedere 4 maanden met ceCT thorax-abdomen"),
    "mel.brain-symptoms": (RL_ORG, "dezelfde werkdag … met een neuroloog"),
}
