from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_role_groups(**kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    from zorgpad.accounts.roles import ROLE_PERMISSIONS, Role

    perms = Permission.objects.select_related("content_type")
    all_perms = {f"{p.content_type.app_label}.{p.codename}": p for p in perms}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        if role is Role.ADMIN:
            wanted = list(all_perms.values())
        else:
            wanted = [all_perms[name] for name in ROLE_PERMISSIONS[role] if name in all_perms]
        group.permissions.set(wanted)


class AccountsConfig(AppConfig):
    name = "zorgpad.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Runs after every app's migrations; idempotent, so the last run sees every permission.
        post_migrate.connect(sync_role_groups, dispatch_uid="zorgpad.sync_role_groups")
        from django.contrib.auth.signals import user_logged_in

        from zorgpad.accounts.middleware import mark_session_touched

        user_logged_in.connect(mark_session_touched, dispatch_uid="zorgpad.mark_session_touched")
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save, pre_save

        from zorgpad.accounts.signals import user_post_save, user_pre_save

        pre_save.connect(user_pre_save, sender=get_user_model(), dispatch_uid="zorgpad.user_tokens_pre_save")
        post_save.connect(user_post_save, sender=get_user_model(), dispatch_uid="zorgpad.user_tokens_post_save")
        # The API token scheme in the OpenAPI schema (a drf-spectacular extension, registered on import).
        import zorgpad.accounts.authentication

        # OpenAPI corrections for the whole API (registering drf-spectacular extensions on import).
        import zorgpad.api_schema  # noqa: F401

        # API input fields take the JSON types the schema states (booleans, integers, numbers).
        from zorgpad import api_fields

        api_fields.install()
