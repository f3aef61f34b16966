import datetime as dt

from tests.factories import PatientFactory, TumourFactory
from zorgpad.patients.models import Depth, Diagnosis, Margin

SURGERY = dt.date(2026, 1, 15)


def lms_tumour(**kwargs: object):  # type: ignore[no-untyped-def]
    """Subcutaneous leiomyosarcoma operated on 2026-01-15, R0."""
    kwargs.setdefault("date_of_surgery", SURGERY)
    kwargs.setdefault("margin", Margin.R0)
    kwargs.setdefault("status", "follow_up")
    return TumourFactory(**kwargs)


def cutaneous_tumour(**kwargs: object):  # type: ignore[no-untyped-def]
    kwargs.setdefault("diagnosis", Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM)
    kwargs.setdefault("depth", Depth.DERMIS)
    kwargs.setdefault("margin", Margin.R0)
    kwargs.setdefault("date_of_surgery", SURGERY)
    kwargs.setdefault("grade", "")
    kwargs.setdefault("largest_diameter_cm", None)
    return TumourFactory(**kwargs)


__all__ = ["SURGERY", "PatientFactory", "cutaneous_tumour", "lms_tumour"]
