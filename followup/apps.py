from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_plan_templates(*, sender: AppConfig, **kwargs: Any) -> None:
    """After the follow-up app's migrations: the pathways' schedules into the plan templates (idempotent)."""
    if sender.name != "followup":
        return
    from django.db import connections

    from followup.models import PlanTemplate
    from followup.services import plan_template_sync
    from zorgpad.pathways.registry import definitions

    # `migrate followup zero` sends post_migrate too, with the tables gone: nothing to synchronise then.
    connection = connections[kwargs.get("using", "default")]
    if PlanTemplate._meta.db_table not in connection.introspection.table_names():
        return

    plan_template_sync(schedules=tuple(s for d in definitions() for s in d.schedules()))


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from followup import panels, services, stop_services
        from zorgpad.accounts.roles import Role, extend_role_permissions
        from zorgpad.patients import hooks
        from zorgpad.patients import panels as patient_panels

        read = ["followup.view_followupplan", "followup.view_visit", "followup.view_plantemplate"]
        extend_role_permissions({
            Role.CLINICIAN: [*read, "followup.add_followupplan", "followup.change_followupplan",
                             "followup.book_visit", "followup.record_visit_outcome", "followup.view_overduealert",
                             "followup.view_patient_summary", "followup.view_letter"],
            Role.SECRETARY: [*read, "followup.view_letter", "followup.print_letters", "followup.view_printjob",
                             "followup.book_visit"],
            Role.MDO_COORDINATOR: [*read],
        })
        from zorgpad.pathway.selectors import register_item_status_reader

        register_item_status_reader(services.followup_item_statuses)
        hooks.on_patient_updated(stop_services.on_patient_updated)
        hooks.on_tumour_updated(stop_services.on_tumour_updated)
        patient_panels.register(panels.followup_panel, order=60)
        post_migrate.connect(sync_plan_templates, dispatch_uid="zorgpad.sync_plan_templates")
