"""How the application names a user: one place for every page, letter and API answer."""

from typing import Any


def person_name(user: Any) -> str:
    """The full name, else the user name; empty when there is no user (a change made by the system itself, a user
    record left out of an import)."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())
