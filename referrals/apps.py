from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Verwijzingen"

    def ready(self) -> None:
        from referrals.panels import referral_patient_panel
        from referrals.selectors import high_risk_map
        from zorgpad.accounts.roles import Role, extend_role_permissions
        from zorgpad.pathway.selectors import register_risk_profile_reader
        from zorgpad.patients import panels

        read = ["referrals.view_referral", "referrals.view_referraltransition", "referrals.view_triageoverride",
                "referrals.view_firstvisitchecklist"]
        extend_role_permissions({
            # Clinicians register, triage (and override the advice) and keep the first-visit checklist.
            Role.CLINICIAN: [*read, "referrals.add_referral", "referrals.change_referral",
                             "referrals.triage_referral", "referrals.add_firstvisitchecklist",
                             "referrals.change_firstvisitchecklist"],
            # Secretaries register referrals and plan/record the visit; no triage, no clinical checklist.
            Role.SECRETARY: [*read, "referrals.add_referral", "referrals.change_referral"],
            Role.MDO_COORDINATOR: read,
        })
        panels.register(referral_patient_panel, order=30)
        # The pathways' "high risk" is the risk profile recorded at the first visit.
        register_risk_profile_reader(high_risk_map)
