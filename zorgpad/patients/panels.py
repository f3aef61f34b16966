"""Extension point: capability apps (staging, mdo, followup, ...) add panels to the patient and tumour pages.

The core must not import capability apps (dependencies run one way), so they register here from their
AppConfig.ready(). A panel is `callable(*, request, patient) -> str` (rendered HTML) and must run a
constant number of queries whatever the size of the record.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

PatientPanel = Callable[..., str]

_patient_panels: list[tuple[int, PatientPanel]] = []
_tumour_panels: list[tuple[int, PatientPanel]] = []


def register(panel: PatientPanel, *, order: int = 100) -> None:
    if all(existing is not panel for _, existing in _patient_panels):
        _patient_panels.append((order, panel))
        _patient_panels.sort(key=lambda item: item[0])


def register_tumour(panel: PatientPanel, *, order: int = 100) -> None:
    if all(existing is not panel for _, existing in _tumour_panels):
        _tumour_panels.append((order, panel))
        _tumour_panels.sort(key=lambda item: item[0])


def render_panels(*, request: HttpRequest, patient: Any) -> list[str]:
    return [html for _, panel in _patient_panels if (html := panel(request=request, patient=patient))]


def render_tumour_panels(*, request: HttpRequest, tumour: Any) -> list[str]:
    return [html for _, panel in _tumour_panels if (html := panel(request=request, tumour=tumour))]
