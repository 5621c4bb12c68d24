from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "archives"
    verbose_name = _("Progress archives")

    def ready(self) -> None:
        # Photos of the work (this app's and other apps' WorkPhoto models) lose their files
        # when their row goes: a cascade delete must not leave a child's work on disk.
        from .photos import connect_file_cleanup

        connect_file_cleanup()

        # The newest-entry date each case keeps for the stale counts (archives/latest_entry.py).
        from .latest_entry import connect

        connect()
