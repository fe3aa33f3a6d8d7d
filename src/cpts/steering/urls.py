"""Routes of the steering page, included under /pilotage/ by cpts.web.urls."""

from django.urls import re_path

from cpts.steering import views

urlpatterns = [
    re_path(r"^$", views.steering_page, name="steering"),
    re_path(r"^export/(?P<table>[a-z-]+)\.(?P<fmt>csv|xlsx)$", views.steering_export, name="steering-export"),
]
