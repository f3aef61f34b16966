from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "zorgpad.patients"
    label = "patients"
    verbose_name = "Patiënten"
