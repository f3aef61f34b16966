from django.apps import AppConfig


class InteropConfig(AppConfig):
    """The hospital's language: a FHIR R4 read API, a CDS Hooks 2.0 service and referrals as FHIR bundles."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "interop"
    verbose_name = "Interoperability (FHIR, CDS Hooks)"
