from django.urls import path

from cpts.banking import views

urlpatterns = [path("cpts/<int:pk>/banque/", views.bank_details, name="community-bank-details")]
