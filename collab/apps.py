from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "collab"
    verbose_name = _("Collective wisdom")
