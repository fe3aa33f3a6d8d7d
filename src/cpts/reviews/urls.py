"""Pages of the objectives and annual reviews (docs/reviews.md), included under /revues/ by cpts.web.urls."""

from django.urls import path

from cpts.reviews import action_views, entry_views, objective_views, views

app_name = "reviews"
YEAR = "contrats/<int:contract_pk>/annees/<int:year>/"
urlpatterns = [
    path("pieces/<int:pk>/", views.evidence_download, name="evidence"),
    path("contrats/<int:pk>/", views.contract_reviews, name="contract"),
    path("contrats/<int:pk>/indicateurs/", objective_views.indicators, name="indicators"),
    path(YEAR, views.review_detail, name="detail"),
    path(YEAR + "saisie/", entry_views.review_entry, name="entry"),
    path(YEAR + "cibles/", objective_views.year_targets, name="targets"),
    path("pieces/<int:pk>/retirer/", entry_views.remove_evidence, name="remove-evidence"),
    *(
        path(YEAR + f"{slug}/", action_views.review_step, {"step": step}, name=step)
        for slug, step in (
            ("soumission", "submit"),
            ("correction", "correction"),
            ("validation", "validate"),
            ("decision-conjointe", "override"),
        )
    ),
]
