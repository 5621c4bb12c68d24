"""Start-up check for the access log's retention period (a bad value fails here, not at purge)."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from .access_log import retention_days


@register()
def access_log_settings(app_configs, **kwargs):
    try:
        retention_days()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="bangfu.E004")]
    return []
