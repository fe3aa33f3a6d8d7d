from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "cpts.payments"
    label = "payments"
    verbose_name = "Échéanciers et grand livre"
