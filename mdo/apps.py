from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MdoConfig(AppConfig):
    name = "mdo"
    verbose_name = _("MDO")

    def ready(self) -> None:
        from mdo import panels
        from zorgpad.accounts.roles import Role, extend_role_permissions
        from zorgpad.patients.panels import register, register_tumour

        view = ["mdo.view_mdotype", "mdo.view_mdosession", "mdo.view_mdocase", "mdo.view_mdoattendance",
                "mdo.view_mdodecision", "mdo.view_mdoletter", "mdo.print_mdoagenda"]
        extend_role_permissions({
            # Coordinators run the meeting: sessions, agenda, attendance, registration (with override), and
            # they prepare and record the draft advice. A clinician finalises and amends it (issue 14: a
            # clinical decision is signed off by a clinician, as in the README's role table).
            Role.MDO_COORDINATOR: [
                *view, "mdo.manage_mdosession", "mdo.add_mdocase", "mdo.change_mdocase",
                "mdo.override_mdocase_registration", "mdo.add_mdoattendance", "mdo.delete_mdoattendance",
                "mdo.add_mdodecision", "mdo.change_mdodecision",
            ],
            # Clinicians present cases: register them, draft the advice and, as chair, finalise and amend it
            # (also without quorum, with a reason).
            # They do not plan sessions, record attendance or override the deadline/capacity.
            Role.CLINICIAN: [
                *view, "mdo.add_mdocase", "mdo.change_mdocase", "mdo.add_mdodecision", "mdo.change_mdodecision",
                "mdo.finalise_mdodecision", "mdo.override_mdoquorum",
            ],
            # Secretaries see sessions and agendas and print agendas and letters; no clinical edits.
            Role.SECRETARY: view,
        })
        from mdo.patient_selectors import mdo_item_statuses
        from zorgpad.pathway.selectors import register_item_status_reader

        register_item_status_reader(mdo_item_statuses)
        register(panels.patient_panel, order=40)
        register_tumour(panels.tumour_panel, order=40)
