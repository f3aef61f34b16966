from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Waiting times and quality")

    def ready(self) -> None:
        from quality.rules.norms import norm_specs
        from zorgpad.accounts.roles import Role, extend_role_permissions
        from zorgpad.pathway.selectors import register_centre_decision_provider

        worklist = "quality.view_waiting_worklist"
        indicators = "quality.view_indicators"
        record = ["quality.add_treatmentstart", "quality.view_treatmentstart", "quality.add_tumourepisode",
                  "quality.change_tumourepisode", "quality.view_tumourepisode", "quality.add_milestonedeviation",
                  "quality.view_milestonedeviation"]
        extend_role_permissions({
            Role.CLINICIAN: [worklist, indicators, *record],
            Role.MDO_COORDINATOR: [worklist, indicators, "quality.view_treatmentstart",
                                   "quality.view_tumourepisode", "quality.view_milestonedeviation"],
            # Secretaries see the waiting-time worklist, not the indicators (issue 17).
            Role.SECRETARY: [worklist, "quality.view_treatmentstart", "quality.view_tumourepisode",
                             "quality.view_milestonedeviation"],
        })
        register_centre_decision_provider(norm_specs)
