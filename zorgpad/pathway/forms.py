from django import forms
from django.utils.translation import gettext_lazy

from zorgpad.pathways.ssc import ALL_ITEMS, ITEM_LABELS


class SscCriteriaForm(forms.Form):
    """One checkbox per ACR/EULAR 2013 item (unchecked = not present)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for item in ALL_ITEMS:
            self.fields[item.value] = forms.BooleanField(label=gettext_lazy(ITEM_LABELS[item]), required=False)

    def items(self) -> dict[str, bool]:
        return {item.value: bool(self.cleaned_data.get(item.value)) for item in ALL_ITEMS}
