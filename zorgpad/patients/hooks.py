"""Extension point: capability apps react to changes of the core record inside the same transaction.

The core must not import capability apps (dependencies run one way), so e.g. follow-up registers
`on_patient_updated(stop_plans_when_deceased)` from its AppConfig.ready(). A hook gets keyword
arguments (`patient`/`tumour`, `changed`: the field names that changed, `user`) and may raise
ValidationError to refuse the change: the whole write is then rolled back.
"""

from collections.abc import Callable
from typing import Any

Hook = Callable[..., None]

_patient_updated: list[Hook] = []
_tumour_updated: list[Hook] = []
_record_changed: list[Hook] = []


def on_patient_updated(hook: Hook) -> Hook:
    if hook not in _patient_updated:
        _patient_updated.append(hook)
    return hook


def on_tumour_updated(hook: Hook) -> Hook:
    if hook not in _tumour_updated:
        _tumour_updated.append(hook)
    return hook


def patient_updated(*, patient: Any, changed: list[str], user: Any) -> None:
    for hook in _patient_updated:
        hook(patient=patient, changed=changed, user=user)


def tumour_updated(*, tumour: Any, changed: list[str], user: Any) -> None:
    for hook in _tumour_updated:
        hook(tumour=tumour, changed=changed, user=user)


def on_record_changed(hook: Hook) -> Hook:
    """After any write of a fact (patient, tumour, comorbidity, marker): `patient`, `tumour` (None = any of the
    patient's), `user`. The pathway items are re-evaluated this way."""
    if hook not in _record_changed:
        _record_changed.append(hook)
    return hook


def record_changed(*, patient: Any, tumour: Any = None, user: Any) -> None:
    for hook in _record_changed:
        hook(patient=patient, tumour=tumour, user=user)
