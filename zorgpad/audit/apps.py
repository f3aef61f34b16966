from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zorgpad.audit"
    label = "audit"
    verbose_name = "Audit"
