from django.urls import path

from cpts.documents import views

urlpatterns = [
    path("<slug:kind>/<int:pk>.pdf", views.document_pdf, name="document-pdf"),
]
