from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeworkConfig(AppConfig):
    name = "homework"
    verbose_name = _("Homework")

    def ready(self) -> None:
        from school import scope_cache

        from .models import ReviewGroupMember

        # The review groups are kept beside the scope (models.reviewed_subject_ids).
        scope_cache.watch(ReviewGroupMember)
