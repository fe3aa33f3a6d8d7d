"""Routes of the crisis mission pages, included under /crise/ by cpts.web.urls."""

from django.urls import path

from cpts.crisis import views

urlpatterns = [
    path("contrats/<int:contract_id>/plan/", views.plan, name="crisis-plan"),
    path("versions/<int:pk>/", views.version, name="crisis-version"),
    path("versions/<int:pk>/imprimer/", views.version_print, name="crisis-version-print"),
    path("versions/<int:pk>/comparer/", views.version_compare, name="crisis-version-compare"),
    path("crises/", views.crises, name="crisis-list"),
    path("crises/<int:pk>/", views.crisis_detail, name="crisis-detail"),
]
