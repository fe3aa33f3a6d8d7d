from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "cpts.communities"
    label = "communities"
