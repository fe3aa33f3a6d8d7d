from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "cpts.core"
    label = "core"
    verbose_name = "Organisations, accès et journal"

    def ready(self) -> None:
        from cpts.core import sessions  # noqa: F401  (connects the login-time receiver)
        from cpts.core.dbroles import grant_application_role

        post_migrate.connect(grant_application_role, sender=self)
