from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cpts.web"
    label = "web"
    verbose_name = "Pages"

    def ready(self) -> None:
        from cpts.core import worklist
        from cpts.web.worklist import lifecycle_tasks

        worklist.register(lifecycle_tasks)  # « À traiter » of the home pages
