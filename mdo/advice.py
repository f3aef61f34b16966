"""The staging capability's advice for the tumours of MDO cases: their current stage and the pathway's
recommendations (`staging.selectors.TumourAdvice`: `.stage`, `.recommendations`, `.decision`), in a constant number
of queries. While the staging app is not installed, the agenda says the stage is unknown (never "recorded")."""

from datetime import date
from typing import Any


def staging_available() -> bool:
    try:
        from staging import selectors
    except ImportError:
        return False
    return hasattr(selectors, "loaded_tumours_advice_map")


def tumour_advice(*, cases: list[Any], today: date, records: dict[int, Any] | None = None) -> dict[int, Any] | None:
    """Advice per tumour id of the cases (their tumours read with their patient: not read again; nor the patients'
    records when the caller has them), or None when the staging capability is not installed."""
    if not staging_available():
        return None
    from staging.selectors import loaded_tumours_advice_map  # type: ignore[attr-defined,unused-ignore]

    tumours = list({c.tumour_id: c.tumour for c in cases}.values())
    return dict(loaded_tumours_advice_map(tumours=tumours, today=today, records=records)) if tumours else {}
