"""Routes of the web pages (docs/web.md), included at the root by cpts.web.urls."""

from django.urls import path, re_path

from cpts.web.views import communities, contracts, create, desk, events, home, members, organisation, pages

urlpatterns = [
    path("", home.home, name="home"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
    path("mentions-legales/", pages.legal_notice, name="legal-notice"),
    path("donnees-personnelles/", pages.personal_data, name="personal-data"),
    path("glossaire/", pages.glossary, name="glossary"),
    path("paiements/", desk.desk, name="payments-desk"),
    path("paiements/virement/<int:pk>/", desk.transfer, name="payments-transfer"),
    path("representant/", organisation.representative, name="organisation-representative"),
    path("cpts/", communities.community_list, name="community-list"),
    path("cpts/nouvelle/", create.create, name="community-create"),
    path("lieux/", create.search, name="places-search"),
    path("cpts/<int:pk>/", communities.community_detail, name="community-detail"),
    path("cpts/<int:pk>/territoire/", create.territory_edit, name="community-territory"),
    path("cpts/<int:pk>/membres/", members.members, name="community-members"),
    path("cpts/<int:pk>/etape/<slug:key>/", events.community_event, name="community-event"),
    path("contrats/<int:pk>/", contracts.contract_detail, name="contract-detail"),
    path("contrats/<int:pk>/historique/", contracts.contract_history, name="contract-history"),
    path("contrats/<int:pk>/echeance/<int:index>/", contracts.line_explanation, name="contract-line-explanation"),
    path("contrats/<int:pk>/evenement/<slug:key>/", events.contract_event, name="contract-event"),
    re_path(
        r"^contrats/(?P<pk>\d+)/export/(?P<table>echeancier|grand-livre)\.(?P<fmt>csv|xlsx)$",
        contracts.contract_export,
        name="contract-export-table",
    ),
]
