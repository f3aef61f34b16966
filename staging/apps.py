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
        register(panels.patient_panel, order=20)
        register_tumour(panels.tumour_panel, order=10)
