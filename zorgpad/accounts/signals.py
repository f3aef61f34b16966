"""A password change or a deactivation revokes every API token of the user, however it happens.

A signal rather than a service call, on purpose: passwords change in several places that are not ours
(the admin's password form, `manage.py changepassword`, `set_password()` in a shell), and each must revoke.
Cost: one primary-key read when a user is saved with the password or `is_active` among the saved fields
(not on the `last_login` update of every login).
"""

from typing import Any

from django.contrib.auth import get_user_model

from zorgpad.accounts.services import api_tokens_revoke_all

_WATCHED = frozenset({"password", "is_active"})
_FLAG = "_zorgpad_revoke_api_tokens"


def user_pre_save(sender: Any, instance: Any, update_fields: Any = None, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None or (update_fields is not None and not _WATCHED & set(update_fields)):
        return
    old = get_user_model()._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["password"] != instance.password or (old["is_active"] and not instance.is_active):
        setattr(instance, _FLAG, True)


def user_post_save(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if getattr(instance, _FLAG, False):
        delattr(instance, _FLAG)
        api_tokens_revoke_all(user_id=instance.pk)
