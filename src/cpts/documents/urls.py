from django.urls import path

from cpts.documents import original_views, views

urlpatterns = [
    path("<slug:kind>/<int:pk>.pdf", views.document_pdf, name="document-pdf"),
    path("originaux/contrats/<int:pk>/", original_views.contract_originals, name="contract-originals"),
    path("originaux/<int:pk>/", original_views.original_download, name="document-original"),
]
