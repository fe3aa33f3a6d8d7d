from django.apps import AppConfig


class BankingConfig(AppConfig):
    name = "cpts.banking"
    label = "banking"
    verbose_name = "Coordonnées bancaires"
