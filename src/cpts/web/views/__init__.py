"""The web pages (docs/web.md): one module per page group, routes in `cpts.web.views.urls`."""
