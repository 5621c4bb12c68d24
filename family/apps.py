from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilyConfig(AppConfig):
    name = "family"
    verbose_name = _("Family linkage")

    def ready(self) -> None:
        # The visit clocks the visit plan reads (family/visit_clocks.py).
        from .visit_clocks import connect

        connect()
