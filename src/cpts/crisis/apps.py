from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "cpts.crisis"
    label = "crisis"
    verbose_name = "Crises sanitaires"
