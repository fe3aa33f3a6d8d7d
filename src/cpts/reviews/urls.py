from django.urls import path

from cpts.reviews import views

app_name = "reviews"
urlpatterns = [
    path("pieces/<int:pk>/", views.evidence_download, name="evidence"),
    path("contrats/<int:contract_pk>/annees/<int:year>/", views.review_detail, name="detail"),
]
