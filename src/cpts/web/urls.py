"""URLs of the application. Apps add theirs here with one `path(...)` line each."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cpts.api.api import api
from cpts.core import views as core_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisation/", core_views.organisation_choice, name="organisation_choice"),
    path("sante/", core_views.health, name="health"),  # health check, no login (docs/production.md)
    path("api/", api.urls),  # JSON API, OpenAPI at /api/openapi.json (cpts.api)
    path("revues/", include("cpts.reviews.urls")),  # evidence files of the annual reviews (docs/reviews.md)
    path("crise/", include("cpts.crisis.urls")),  # crisis plans and declared crises (docs/interpretations.md)
    path("pilotage/", include("cpts.steering.urls")),  # national steering (docs/steering.md)
    path("documents/", include("cpts.documents.urls")),  # the documents as PDF (docs/documents.md)
    path("", include("cpts.banking.urls")),  # bank details of a CPTS (docs/bank-details.md)
    path("", include("cpts.web.views.urls")),  # the pages (docs/web.md)
]
