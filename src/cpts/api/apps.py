from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cpts.api"
    label = "api"
    verbose_name = "API JSON"
