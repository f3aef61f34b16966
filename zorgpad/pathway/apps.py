from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "zorgpad.pathway"
    label = "pathway"
    verbose_name = "Zorgpad"

    def ready(self) -> None:
        from zorgpad.pathway import services
        from zorgpad.patients import hooks

        # Every write of a fact re-evaluates the tumour's pathway items in the same transaction.
        hooks.on_record_changed(services.on_record_changed)
