from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cpts.core"
    label = "core"
    verbose_name = "Organisations, accès et journal"
