"""Roles are Django groups; what each role may do is this one table of permission codenames.

Every capability app adds its own rows here. Permissions that do not exist (yet) are skipped when
the groups are synchronised after `migrate`, so a role never silently gains an unintended right.
The admin role is given every permission.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    CLINICIAN = "clinician"
    MDO_COORDINATOR = "mdo_coordinator"
    SECRETARY = "secretary"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.CLINICIAN: _("Clinician"),
    Role.MDO_COORDINATOR: _("MDO coordinator"),
    Role.SECRETARY: _("Secretary"),
    Role.ADMIN: _("Administrator"),
}

_READ_RECORD = [
    "patients.view_patient",
    "patients.view_tumour",
    "patients.view_comorbidity",
    "patients.view_tumourmarker",
]
_EDIT_CLINICAL = [
    "patients.add_tumour",
    "patients.change_tumour",
    "patients.add_comorbidity",
    "patients.change_comorbidity",
    "patients.add_tumourmarker",
    "patients.change_tumourmarker",
]
_EDIT_DEMOGRAPHICS = ["patients.add_patient", "patients.change_patient"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CLINICIAN: [*_READ_RECORD, *_EDIT_DEMOGRAPHICS, *_EDIT_CLINICAL],
    # A secretary reads the record (letters need it) and keeps demographics current; no clinical edits.
    Role.SECRETARY: [*_READ_RECORD, *_EDIT_DEMOGRAPHICS],
    Role.MDO_COORDINATOR: [*_READ_RECORD],
    Role.ADMIN: [],  # every permission, see sync_role_groups
}


def extend_role_permissions(extra: dict[Role, list[str]]) -> None:
    """Capability apps call this from their AppConfig.ready() to add their own permissions."""
    for role, perms in extra.items():
        for perm in perms:
            if perm not in ROLE_PERMISSIONS[role]:
                ROLE_PERMISSIONS[role].append(perm)
