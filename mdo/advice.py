"""The staging capability's advice for a tumour: its current stage and the pathway's recommendations.

Contract (staging app, issue 3): `staging.selectors.tumour_advice_map(*, tumour_ids, today) -> dict[int,
TumourAdvice]` with `.stage` (None or an object with `.label`, `.stage`) and `.recommendations` (objects
with `code, kind, severity, text, source`), in a constant number of queries. While the staging app does not
provide it, the agenda says the stage is unknown (never "recorded").
"""

from collections.abc import Iterable
from datetime import date
from typing import Any


def staging_available() -> bool:
    try:
        from staging import selectors
    except ImportError:
        return False
    return hasattr(selectors, "tumour_advice_map")


def tumour_advice(*, tumour_ids: Iterable[int], today: date) -> dict[int, Any] | None:
    """Advice per tumour id, or None when the staging capability is not installed."""
    if not staging_available():
        return None
    from staging.selectors import tumour_advice_map  # type: ignore[attr-defined,unused-ignore]

    ids = sorted(set(tumour_ids))
    if not ids:
        return {}
    return dict(tumour_advice_map(tumour_ids=ids, today=today))
