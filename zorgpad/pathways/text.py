"""Explanation lines of the pure rules: an English template with %-parameters, translated by the caller.

The rules never import Django, so they cannot translate; they mark their messages with `gettext_noop`
(makemessages extracts that keyword) and the presentation layer renders them with Django's gettext.
"""

from collections.abc import Callable, Mapping
from typing import NamedTuple


def gettext_noop(message: str) -> str:
    """Mark a message for translation; the caller translates it (see Msg.render)."""
    return message


def _identity(message: str) -> str:
    return message


class Msg(NamedTuple):
    template: str
    params: Mapping[str, str] | None = None

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        text = translate(self.template)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, object]:
        return {"template": self.template, "params": dict(self.params or {})}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> "Msg":
        params = data.get("params") or None
        return cls(str(data["template"]), dict(params) if isinstance(params, Mapping) else None)
