"""What an inspection (and the process evaluation) shows of a teacher's sharing work:
sessions presented and attended in the period."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import Evidence

from .models import SharingSession


def evidence(*, teacher, term, start, end) -> list[Evidence]:
    sessions = SharingSession.objects.filter(date__gte=start, date__lte=end)
    presented = sessions.filter(presenters=teacher).count()
    attended = sessions.filter(attendees=teacher).count()
    if not (presented or attended):
        return []
    url = reverse("collab:sessions")
    return [
        Evidence(label=_("Sharing sessions presented"), value=presented, url=url),
        Evidence(label=_("Sharing sessions attended"), value=attended, url=url),
    ]
