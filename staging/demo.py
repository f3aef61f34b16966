"""Demo data: a stage assessment for each demo tumour that has enough data (through the service, as a clinician).

- melanoma with thickness, N and M: pathological after surgery, else clinical (the case report's
  melanoma, 2.6 mm without ulceration, N2b M0, is pathological stage IIIB);
- (sub)cutaneous leiomyosarcoma that is not dermis-only, with size and grade: AJCC 8 trunk/extremities,
  except at a head-and-neck site (another AJCC chapter: not staged here);
- dermis-only atypical intradermal smooth muscle neoplasms are not malignant and are not staged.
"""

import random
from datetime import date
from typing import Any

from django.contrib.auth.models import User

from staging.models import Classification, System
from staging.services import stage_assessment_record, staging_applicability
from zorgpad.patients.models import Diagnosis, Tumour


def _clinician(users: dict[str, User]) -> User:
    return users.get("arts") or next(iter(users.values()))


def load(*, rng: random.Random, today: date, stdout: Any, users: dict[str, User]) -> None:
    user = _clinician(users)
    recorded = 0
    for tumour in Tumour.objects.select_related("patient").order_by("id"):
        kwargs = _staging_kwargs(tumour)
        if kwargs is None:
            continue
        stage_assessment_record(tumour=tumour, user=user, **kwargs)
        recorded += 1
    stdout.write(f"Staging: {recorded} stage assessments recorded.")


def _staging_kwargs(tumour: Tumour) -> dict[str, Any] | None:
    classification = Classification.PATHOLOGICAL if tumour.date_of_surgery else Classification.CLINICAL
    if tumour.diagnosis == Diagnosis.CUTANEOUS_MELANOMA:
        if tumour.notes.startswith("In situ") and tumour.n_category and tumour.m_category:
            # The in-situ demo melanoma: T is Tis (no thickness).
            return {"system": System.MELANOMA, "classification": classification, "t": "Tis",
                    "n": tumour.n_category, "m": tumour.m_category}
        if tumour.breslow_mm is None or not tumour.n_category or not tumour.m_category:
            return None
        return {"system": System.MELANOMA, "classification": classification, "breslow_mm": tumour.breslow_mm,
                "ulceration": tumour.ulceration, "n": tumour.n_category, "m": tumour.m_category}
    applicability = staging_applicability(tumour)
    if applicability.system is None or tumour.largest_diameter_cm is None or not tumour.grade:
        return None
    kwargs: dict[str, Any] = {"system": applicability.system.value, "classification": classification,
              "size_cm": tumour.largest_diameter_cm, "grade": tumour.grade, "n": tumour.n_category or None,
              "m": tumour.m_category or None}
    if applicability.system == System.STS_HEAD_NECK:
        kwargs["invasion_adjoining_structures"] = tumour.invasion_adjoining_structures
    return kwargs
