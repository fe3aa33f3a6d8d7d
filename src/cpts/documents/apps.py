from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cpts.documents"
    label = "documents"
    verbose_name = "Documents"
