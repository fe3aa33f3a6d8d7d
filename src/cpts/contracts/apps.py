from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "cpts.contracts"
    label = "contracts"
