from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shell every Bangfu app plugs into: plug-in registry, layout, error pages, Excel."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import page_cache

        page_cache.connect()  # anything written: the cached home panels are stale
