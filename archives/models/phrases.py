"""The school's quick phrases (常用评语): chips a teacher taps to write an observation's note."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .entries import Observation


class QuickPhrase(models.Model):
    """One shared phrase of an observation kind, edited by school leaders."""

    kind = models.CharField(_("kind"), max_length=20, choices=Observation.Kind.choices)
    text = models.CharField(_("phrase"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("quick phrase")
        verbose_name_plural = _("quick phrases")
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "text"], name="quickphrase_unique_per_kind"),
        ]

    def __str__(self) -> str:
        return self.text
