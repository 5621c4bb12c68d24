from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        # Register the Celery tasks in every process, so services can queue them by
        # name (``current_app.signature``) without importing the tasks module.
        from . import badge, tasks  # noqa: F401

        badge.connect()
