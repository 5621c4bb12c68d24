from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolConfig(AppConfig):
    name = "school"
    verbose_name = _("School")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the start-up checks)
            middleware,  # noqa: F401  (starts the idle clock at log-in)
            scope_cache,
        )

        scope_cache.connect()  # a role changed: every cached scope is stale
