"""The web pages (issue 5): one module per page group, routes in `cpts.web.views.urls`."""
