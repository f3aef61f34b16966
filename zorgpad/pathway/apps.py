from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "zorgpad.pathway"
    label = "pathway"
    verbose_name = "Zorgpad"
