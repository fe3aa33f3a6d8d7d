"""Routes of the steering pages, included under /pilotage/ by cpts.web.urls."""

from django.urls import re_path

from cpts.steering import projection_views, views

urlpatterns = [
    re_path(r"^$", views.steering_page, name="steering"),
    re_path(r"^export/(?P<table>[a-z-]+)\.(?P<fmt>csv|xlsx)$", views.steering_export, name="steering-export"),
    re_path(r"^projection/$", projection_views.projection_page, name="steering-projection"),
    re_path(
        r"^projection/export/(?P<table>[a-z-]+)\.(?P<fmt>csv|xlsx)$",
        projection_views.projection_export,
        name="steering-projection-export",
    ),
]
