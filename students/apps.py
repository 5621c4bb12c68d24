from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students")

    def ready(self) -> None:
        from core import page_cache

        from . import checks  # noqa: F401  (registers the start-up check)
        from .access_log import replay_reads

        # A kept page shown again logs the reads of restricted details it shows.
        page_cache.page_replayed.connect(replay_reads, dispatch_uid="bangfu_replay_reads")
