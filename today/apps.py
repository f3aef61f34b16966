from django.apps import AppConfig


class TodayConfig(AppConfig):
    """The start page of each role ("Vandaag"): what waits for this user today, gathered from the other apps'
    stored data and selectors (it decides nothing itself)."""

    name = "today"
    verbose_name = "Vandaag"
