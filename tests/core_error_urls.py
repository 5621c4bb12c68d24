"""The site's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.db import OperationalError
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug in a view")


def database_down(request):
    raise OperationalError("could not connect to server")


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/database-down/", database_down),
    path("test-errors/suspicious/", suspicious),
    *site_urlpatterns,
]
