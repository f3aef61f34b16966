from django.apps import AppConfig


class StagingConfig(AppConfig):
    name = "staging"
    verbose_name = "Stadiëring"

    def ready(self) -> None:
        from staging import panels
        from zorgpad.accounts.roles import Role, extend_role_permissions
        from zorgpad.patients.panels import register, register_tumour

        view = ["staging.view_stageassessment", "staging.use_calculators"]
        extend_role_permissions({
            # Recording a stage is a clinical act: clinicians (and admins, who have every permission).
            Role.CLINICIAN: [*view, "staging.add_stageassessment"],
            Role.SECRETARY: view,
            Role.MDO_COORDINATOR: view,
        })
        from staging.selectors import recorded_stage_map
        from zorgpad.pathway.selectors import register_stage_reader

        register_stage_reader(recorded_stage_map)  # the melanoma pathway follows the recorded stage
        register(panels.patient_panel, order=20)
        register_tumour(panels.tumour_panel, order=10)
