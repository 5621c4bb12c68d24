from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and exports")

    def ready(self) -> None:
        # Register the Celery tasks in every process, so services can queue them by
        # name (``current_app.signature``) without importing the tasks module.
        from . import tasks  # noqa: F401
