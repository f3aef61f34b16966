"""Synthetic demo data: users for each role and ~30 patients. Every name, number and address is invented."""

import datetime as dt
import importlib
import random
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from zorgpad.accounts.roles import Role
from zorgpad.pathways.vocabulary import BodySiteRegion
from zorgpad.patients.models import (
    Comorbidity,
    ComorbidityKind,
    Depth,
    Diagnosis,
    Grade,
    Laterality,
    Margin,
    MarkerKind,
    PathologySource,
    Patient,
    RevisionStatus,
    Tumour,
    TumourMarker,
    TumourStatus,
)
from zorgpad.patients.names import split_family_name

CASE_REPORT_BORN = dt.date(1949, 3, 14)
DEMO_PASSWORD = "zorgpad-demo"  # noqa: S105 - demo accounts on synthetic data only
DEMO_USERS = [
    # username, first name, last name, role
    ("arts", "Eva", "de Vries", Role.CLINICIAN),
    ("coordinator", "Sanne", "Jansen", Role.MDO_COORDINATOR),
    ("secretaresse", "Fatima", "El Amrani", Role.SECRETARY),
    ("beheer", "Joost", "Bakker", Role.ADMIN),
]
# Capability apps add their own demo data in <app>/demo.py with a `load(*, rng, today, stdout)` function.
DEMO_APPS = ["staging", "referrals", "mdo", "followup", "quality"]

FAMILY_NAMES = [
    "de Jong", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
    "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "Schouten",
]
GIVEN = {"M": ["Jan", "Pieter", "Kees", "Willem", "Henk", "Ahmed", "Bram", "Daan"],
         "F": ["Anna", "Maria", "Johanna", "Fenna", "Yasmin", "Lotte", "Ineke", "Noor"]}
CITIES = [("Rotterdam", "30"), ("Schiedam", "31"), ("Dordrecht", "33"), ("Gouda", "28"), ("Delft", "26")]
# Demo sites with the coded region a clinician records beside them (the region is never derived from the text).
SITES = {
    "onderbeen": BodySiteRegion.LOWER_EXTREMITY, "bovenbeen": BodySiteRegion.LOWER_EXTREMITY,
    "romp": BodySiteRegion.TRUNK, "onderarm": BodySiteRegion.UPPER_EXTREMITY,
    "bovenarm": BodySiteRegion.UPPER_EXTREMITY, "schouder": BodySiteRegion.TRUNK, "rug": BodySiteRegion.TRUNK,
    "hoofd-hals": BodySiteRegion.HEAD_NECK,
}


def random_bsn(rng: random.Random) -> str:
    """A synthetic 9-digit number that passes the 11-check."""
    while True:
        digits = [9] + [rng.randrange(10) for _ in range(7)]
        total = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True))
        last = total % 11
        if last < 10:
            return "".join(map(str, [*digits, last]))


def _user(username: str, first: str, last: str, role: Role) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
    if role is Role.ADMIN:
        user.is_staff = True
        user.is_superuser = True
    user.save()
    user.groups.add(Group.objects.get(name=role.value))
    return user


def _patient(rng: random.Random, number: int, *, sex: str, born: dt.date, **extra: Any) -> Patient:
    city, pc = rng.choice(CITIES)
    full_name = extra.pop("full_family_name", None) or rng.choice(FAMILY_NAMES)
    prefix, family_name = split_family_name(full_name) or ("", full_name)
    data: dict[str, Any] = {
        "hospital_number": f"{4100000 + number}",
        "bsn": random_bsn(rng),
        "family_name_prefix": prefix,
        "family_name": family_name,
        "given_names": rng.choice(GIVEN[sex]),
        "date_of_birth": born,
        "sex": sex,
        "street": f"{rng.choice(['Kerkstraat', 'Dorpsweg', 'Molenlaan', 'Havenkade'])} {rng.randint(1, 180)}",
        "postal_code": f"{pc}{rng.randint(10, 99)} {rng.choice(['AB', 'CK', 'GD', 'LM', 'TR'])}",
        "city": city,
        "phone": f"0{pc}-{rng.randint(1000000, 9999999)}",
        "gp_name": f"dr. {rng.choice(['A.', 'B.', 'C.', 'M.'])} {rng.choice(FAMILY_NAMES)}",
        "gp_practice": f"Huisartsenpraktijk {city} {rng.choice(['Centrum', 'Noord', 'Zuid'])}",
        "gp_street": f"Gezondheidsplein {rng.randint(1, 20)}",
        "gp_postal_code": f"{pc}{rng.randint(10, 99)} HP",
        "gp_city": city,
    }
    data["initials"] = data["given_names"][0] + "."
    data.update(extra)
    patient = Patient(**data)
    patient.full_clean()
    patient.save()
    return patient


def _tumour(patient: Patient, **data: Any) -> Tumour:
    data.setdefault("body_site_region", SITES.get(data["body_site"], ""))
    if data["body_site_region"] == BodySiteRegion.HEAD_NECK:
        data.setdefault("invasion_adjoining_structures", False)
    tumour = Tumour(patient=patient, **data)
    tumour.full_clean()
    tumour.save()
    return tumour


def load_core(*, rng: random.Random, today: dt.date) -> list[Patient]:
    patients: list[Patient] = []

    # The case report: 77-year-old man, melanoma pT3aN2b (2014), in-transit metastases 2016/2017,
    # paraneoplastic systemic sclerosis with anti-RNA polymerase III, rising S-100B.
    # Born 14-03-1949, a fixed date: the acceptance searches and the screenshots name it.
    case = _patient(rng, 1, sex="M", born=CASE_REPORT_BORN, full_family_name="van Dam",
                    given_names="Gerrit", initials="G.", phone="06-12345678", email="g.vandam@example.org")
    melanoma = _tumour(
        case, diagnosis=Diagnosis.CUTANEOUS_MELANOMA, body_site="rechter bovenarm",
        body_site_region=BodySiteRegion.UPPER_EXTREMITY, laterality=Laterality.RIGHT,
        depth=Depth.DERMIS, breslow_mm=Decimal("2.6"), ulceration=False, n_category="N2b", m_category="M0",
        date_of_diagnosis=dt.date(2014, 5, 20), date_of_surgery=dt.date(2014, 6, 10), margin=Margin.R0,
        status=TumourStatus.RECURRENCE,
        notes="In-transit metastasen 2016 en 2017. Recidief lymfekliermetastase rechter axilla (BRAF/KIT wildtype).",
        # The report's facts: BRAF and KIT wild-type; the in-transit metastases (2016, 2017: the report gives the
        # years) and the axillary lymph-node metastasis (found by the PET-CT of the SSc work-up) are recurrences;
        # adjuvant immunotherapy was withheld because of the systemic sclerosis.
        braf_v600="wild_type", kit="wild_type",
        melanoma_events=[{"kind": "in_transit", "date": "2016-06-15", "at_diagnosis": False},
                         {"kind": "in_transit", "date": "2017-06-15", "at_diagnosis": False},
                         {"kind": "regional_node", "date": (today - dt.timedelta(days=100)).isoformat(),
                          "at_diagnosis": False}],
        adjuvant="not_given", adjuvant_reason_code="contraindication",
        adjuvant_reason="Afgezien van adjuvante immunotherapie: kans op verergering van de systemische sclerose.",
    )
    Comorbidity.objects.create(
        patient=case, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, description="Systemische sclerose (paraneoplastisch)",
        onset_date=today - dt.timedelta(days=120), anti_rna_polymerase_iii=True,
        ssc_criteria={"skin_thickening_fingers_both_hands_proximal_to_mcp": True, "sclerodactyly": True,
                      "anti_rna_polymerase_iii": True},
    )
    # The 2014 melanoma is the tumour record itself; recording it again as an "earlier malignancy" would
    # count it twice and raise a false tumour-syndrome alert.
    for months_ago, value in ((9, "0.08"), (6, "0.11"), (3, "0.19"), (0, "0.31")):
        TumourMarker.objects.create(patient=case, tumour=melanoma, marker=MarkerKind.S100B,
                                    measured_on=today - dt.timedelta(days=30 * months_ago + 2),
                                    value=Decimal(value), unit="ug/L", upper_limit=Decimal("0.10"))
    patients.append(case)

    # Cutaneous (dermis-only) leiomyosarcoma, completely excised.
    p = _patient(rng, 2, sex="F", born=dt.date(1951, 8, 2))
    _tumour(p, diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, body_site="onderbeen",
            laterality=Laterality.LEFT, depth=Depth.DERMIS, largest_diameter_cm=Decimal("1.2"),
            date_of_diagnosis=today - dt.timedelta(days=200), date_of_surgery=today - dt.timedelta(days=170),
            margin=Margin.R0, status=TumourStatus.CLOSED)
    patients.append(p)

    # Subcutaneous leiomyosarcoma, 6.5 cm, G2, R1, external biopsy not yet revised.
    p = _patient(rng, 3, sex="M", born=dt.date(1958, 1, 30))
    _tumour(p, diagnosis=Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, body_site="bovenbeen", laterality=Laterality.RIGHT,
            depth=Depth.SUBCUTIS, largest_diameter_cm=Decimal("6.5"), grade=Grade.G2, n_category="N0",
            m_category="M0", date_of_diagnosis=today - dt.timedelta(days=60),
            date_of_surgery=today - dt.timedelta(days=30),
            margin=Margin.R1, pathology_source=PathologySource.EXTERNAL, revision_status=RevisionStatus.REQUESTED,
            status=TumourStatus.IN_TREATMENT)
    patients.append(p)

    # Subcutaneous leiomyosarcoma in follow-up, operated 2026-01-15 (R0).
    p = _patient(rng, 4, sex="F", born=dt.date(1966, 11, 5))
    _tumour(p, diagnosis=Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, body_site="romp", laterality=Laterality.MIDLINE,
            depth=Depth.SUBCUTIS, largest_diameter_cm=Decimal("4.0"), grade=Grade.G1, n_category="N0",
            m_category="M0", date_of_diagnosis=dt.date(2025, 12, 1), date_of_surgery=dt.date(2026, 1, 15),
            margin=Margin.R0, status=TumourStatus.FOLLOW_UP)
    patients.append(p)

    # One patient with two tumours: melanoma and a subcutaneous leiomyosarcoma; immunosuppressed.
    p = _patient(rng, 5, sex="M", born=dt.date(1948, 4, 17))
    _tumour(p, diagnosis=Diagnosis.CUTANEOUS_MELANOMA, body_site="rug", laterality=Laterality.MIDLINE,
            breslow_mm=Decimal("0.7"), ulceration=False, n_category="N0", m_category="M0",
            date_of_diagnosis=dt.date(2019, 3, 3), date_of_surgery=dt.date(2019, 3, 20), margin=Margin.R0,
            status=TumourStatus.CLOSED)
    _tumour(p, diagnosis=Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, body_site="onderarm", laterality=Laterality.LEFT,
            depth=Depth.DEEP, largest_diameter_cm=Decimal("11.0"), grade=Grade.G3, n_category="N0",
            m_category="M0", operable=False, date_of_diagnosis=today - dt.timedelta(days=20),
            status=TumourStatus.DIAGNOSED)
    Comorbidity.objects.create(patient=p, kind=ComorbidityKind.IMMUNOSUPPRESSION,
                               description="Niertransplantatie, tacrolimus", onset_date=dt.date(2009, 6, 1))
    patients.append(p)

    # Multiple leiomyomas (think of HLRCC).
    p = _patient(rng, 6, sex="F", born=dt.date(1979, 9, 9))
    _tumour(p, diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, body_site="schouder",
            laterality=Laterality.LEFT, depth=Depth.DERMIS, largest_diameter_cm=Decimal("0.8"),
            date_of_diagnosis=today - dt.timedelta(days=15), status=TumourStatus.DIAGNOSED)
    Comorbidity.objects.create(patient=p, kind=ComorbidityKind.MULTIPLE_LEIOMYOMAS,
                               description="Multipele cutane leiomyomen", onset_date=dt.date(2015, 1, 1))
    patients.append(p)

    # The rest: a spread of ages, diagnoses and stages.
    diagnoses = [Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM,
                 Diagnosis.CUTANEOUS_MELANOMA]
    for number in range(7, 31):
        sex = rng.choice("MF")
        born = dt.date(rng.randint(1935, 1995), rng.randint(1, 12), rng.randint(1, 28))
        p = _patient(rng, number, sex=sex, born=born)
        diagnosis = rng.choice(diagnoses)
        diagnosed = today - dt.timedelta(days=rng.randint(10, 1500))
        operated = diagnosed + dt.timedelta(days=rng.randint(14, 40))
        common = {"diagnosis": diagnosis, "body_site": rng.choice(list(SITES)),
                  "laterality": rng.choice([Laterality.LEFT, Laterality.RIGHT]), "date_of_diagnosis": diagnosed,
                  "date_of_surgery": operated if operated <= today else None,
                  "margin": rng.choice([Margin.R0, Margin.R0, Margin.R1]) if operated <= today else "",
                  "status": TumourStatus.FOLLOW_UP if operated <= today else TumourStatus.DIAGNOSED}
        if diagnosis == Diagnosis.CUTANEOUS_MELANOMA:
            _tumour(p, breslow_mm=Decimal(rng.randint(3, 60)) / 10, ulceration=rng.random() < 0.3,
                    n_category=rng.choice(["N0", "N0", "N1a", "N2a"]), m_category="M0", **common)
        elif diagnosis == Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA:
            _tumour(p, depth=rng.choice([Depth.SUBCUTIS, Depth.DEEP]),
                    largest_diameter_cm=Decimal(rng.randint(15, 180)) / 10,
                    grade=rng.choice([Grade.G1, Grade.G2, Grade.G3, Grade.GX]), n_category="N0", m_category="M0",
                    **common)
        else:
            _tumour(p, depth=Depth.DERMIS, largest_diameter_cm=Decimal(rng.randint(4, 25)) / 10, **common)
        patients.append(p)
    patients.extend(_melanoma_patients(rng, today))
    return patients


def _melanoma_patients(rng: random.Random, today: dt.date) -> list[Patient]:
    """The melanoma pathway's demo patients (after the others, so that their data stay as they were): in situ, IA,
    IIIA with a deposit of 1 mm or less, a primary IIIB resected this year without adjuvant therapy
    (contraindication), IIIC BRAF V600-mutant, and IV. The staging demo records their pathological stage."""
    resected = max(dt.date(today.year, 1, 20), today - dt.timedelta(days=300))
    if resected > today:
        resected = today - dt.timedelta(days=30)
    common: dict[str, Any] = {"diagnosis": Diagnosis.CUTANEOUS_MELANOMA, "laterality": Laterality.LEFT,
                              "m_category": "M0", "margin": Margin.R0, "status": TumourStatus.FOLLOW_UP}
    rows: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({"sex": "F", "born": dt.date(1970, 2, 11)},
         {"body_site": "wang", "n_category": "N0", "notes": "In situ melanoom (lentigo maligna).",
          "date_of_diagnosis": today - dt.timedelta(days=90), "date_of_surgery": today - dt.timedelta(days=75)}),
        ({"sex": "M", "born": dt.date(1962, 7, 4)},
         {"body_site": "rug", "breslow_mm": Decimal("0.5"), "ulceration": False, "n_category": "N0",
          "sentinel_node": "not_done", "date_of_diagnosis": today - dt.timedelta(days=80),
          "date_of_surgery": today - dt.timedelta(days=60)}),
        ({"sex": "F", "born": dt.date(1975, 10, 23)},
         {"body_site": "bovenbeen", "breslow_mm": Decimal("0.9"), "ulceration": False, "n_category": "N1a",
          "sentinel_node": "positive", "sentinel_deposit_mm": Decimal("0.8"), "braf_v600": "wild_type",
          "date_of_diagnosis": today - dt.timedelta(days=150), "date_of_surgery": today - dt.timedelta(days=120)}),
        ({"sex": "M", "born": dt.date(1956, 5, 30)},
         {"body_site": "schouder", "breslow_mm": Decimal("2.5"), "ulceration": False, "n_category": "N1a",
          "sentinel_node": "positive", "sentinel_deposit_mm": Decimal("1.5"), "braf_v600": "wild_type",
          "kit": "not_tested", "adjuvant": "not_given", "adjuvant_reason_code": "contraindication",
          "adjuvant_reason": "Ernstig hartfalen (NYHA III): geen adjuvante systemische therapie.",
          "date_of_diagnosis": resected - dt.timedelta(days=35), "date_of_surgery": resected}),
        ({"sex": "F", "born": dt.date(1968, 12, 1)},
         {"body_site": "onderbeen", "breslow_mm": Decimal("3.5"), "ulceration": True, "n_category": "N2a",
          "sentinel_node": "positive", "sentinel_deposit_mm": Decimal("2.0"), "braf_v600": "mutant",
          "date_of_diagnosis": today - dt.timedelta(days=50), "date_of_surgery": today - dt.timedelta(days=30),
          "status": TumourStatus.IN_TREATMENT}),
        ({"sex": "M", "born": dt.date(1959, 3, 8)},
         {"body_site": "borst", "breslow_mm": Decimal("4.5"), "ulceration": False, "n_category": "N1b",
          "m_category": "M1b(0)", "braf_v600": "not_tested", "date_of_diagnosis": today - dt.timedelta(days=40),
          "date_of_surgery": today - dt.timedelta(days=25), "status": TumourStatus.METASTATIC}),
    ]
    patients = []
    for number, (person, tumour) in enumerate(rows, start=31):
        p = _patient(rng, number, **person)
        _tumour(p, **{**common, **tumour})
        patients.append(p)
    return patients


class DemoDataRefused(Exception):
    """Demo data (users with the public demo password) must never reach a production database."""


@transaction.atomic
def load_demo_data(*, stdout: Any, seed: int = 2026) -> bool:
    """Idempotent: returns False (and changes nothing) when the demo data is already there.

    Refused, before anything is written, where the settings say no demo data (production settings).
    """
    if not settings.DEMO_DATA_ALLOWED:
        raise DemoDataRefused(
            f"Demo data is refused under {settings.SETTINGS_MODULE}: it creates users with the public demo "
            "password. Use the demo settings (DJANGO_SETTINGS_MODULE=zorgpad.settings.demo) for a demo database."
        )
    users = {username: _user(username, first, last, role) for username, first, last, role in DEMO_USERS}
    if Patient.objects.exists():
        return False
    rng = random.Random(seed)
    today = timezone.localdate()
    load_core(rng=rng, today=today)
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue
        module.load(rng=rng, today=today, stdout=stdout, users=users)
    # The demo rows are written directly: evaluate every tumour's pathway items once, as the services would have.
    from zorgpad.pathway.services import pathway_items_sync

    for tumour in Tumour.objects.order_by("id"):
        pathway_items_sync(tumour=tumour, today=today)
    return True
