from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "cpts.reviews"
    label = "reviews"
    verbose_name = "Objectifs et revues annuelles"
