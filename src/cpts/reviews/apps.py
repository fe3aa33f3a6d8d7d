from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "cpts.reviews"
    label = "reviews"
    verbose_name = "Objectifs et revues annuelles"

    def ready(self) -> None:
        # The payment service learns which balances are withheld through core's hook, not by
        # importing this app (cpts.core.withholding says why).
        from cpts.core import signing, withholding, worklist
        from cpts.reviews.prefill import prefill_indicators
        from cpts.reviews.services import withheld_balances_many
        from cpts.reviews.worklist import review_tasks

        withholding.register(withheld_balances_many)
        worklist.register(review_tasks)  # « À traiter » of the home pages
        signing.register(prefill_indicators)  # its national indicators at signature (002 annexe 1, 4.2.2.2)
