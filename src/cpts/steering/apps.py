from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "cpts.steering"
    label = "steering"
    verbose_name = "Pilotage"

    def ready(self) -> None:
        # Every audited change reaches the stored schedules through core's hook (cpts.core.changes
        # says why): the lines stay equal to the engine's output without any app importing this one.
        from cpts.core import changes
        from cpts.steering.store import refresh_after

        changes.register(refresh_after)
