from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "cpts.territories"
    label = "territories"
