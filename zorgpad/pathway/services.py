"""Writes of the pathway content: recording the ACR/EULAR 2013 SSc criteria items on a comorbidity."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from zorgpad.pathways.ssc import ALL_ITEMS, SscResult, classify
from zorgpad.patients import services as patient_services
from zorgpad.patients.models import AUTOIMMUNE_KINDS, Comorbidity

ITEM_KEYS = tuple(item.value for item in ALL_ITEMS)


def ssc_items_clean(items: Mapping[str, Any]) -> dict[str, bool]:
    """Every item as a boolean (absent = False). Unknown items or non-boolean values are refused."""
    unknown = sorted(set(items) - set(ITEM_KEYS))
    wrong = sorted(key for key, value in items.items() if key in ITEM_KEYS and not isinstance(value, bool))
    if unknown or wrong:
        errors: dict[str, Any] = {key: _("Unknown criterion.") for key in unknown}
        errors.update({key: _("Must be true or false.") for key in wrong})
        raise ValidationError(errors)
    return {key: bool(items.get(key, False)) for key in ITEM_KEYS}


def comorbidity_ssc_result(comorbidity: Comorbidity) -> SscResult | None:
    """The score of the stored items; None when no items were ever recorded."""
    stored = comorbidity.ssc_criteria or {}
    if not stored:
        return None
    return classify({key: value for key, value in stored.items() if key in ITEM_KEYS and value is True})


@transaction.atomic
def ssc_criteria_record(
    *, comorbidity: Comorbidity, user: Any, items: Mapping[str, Any], request: HttpRequest | None = None
) -> Comorbidity:
    """Store the item booleans on an autoimmune comorbidity (audit-logged by the patient service)."""
    if not (user and user.is_authenticated and user.has_perm("patients.change_comorbidity")):
        raise PermissionDenied(_("You may not change comorbidities."))
    if comorbidity.kind not in AUTOIMMUNE_KINDS:
        raise ValidationError({"kind": _("The SSc criteria are recorded on an autoimmune comorbidity only.")})
    clean = ssc_items_clean(items)
    return patient_services.comorbidity_update(comorbidity=comorbidity, user=user, request=request, ssc_criteria=clean)
