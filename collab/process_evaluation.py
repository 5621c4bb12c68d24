"""The teacher's process evaluation (过程性评价, inspections) shows their sharing work:
per term, the sharing sessions they presented at and attended, each linked when the
reader may open it. Asked through ``core.plugins.collect("process_evaluation",
"sections", request=..., teacher=..., terms=...)``; a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.plugins import Panel

from .models import SharingSession
from .selectors import sessions_visible_to


@dataclass
class TermSessions:
    term: object
    presented: list = field(default_factory=list)
    attended: list = field(default_factory=list)


def sections(*, request, teacher, terms) -> list[Panel]:
    terms = sorted({t.pk: t for t in terms if t is not None}.values(), key=lambda t: t.start)
    if not terms:
        return []
    period = {
        "sharingsession__date__gte": terms[0].start,
        "sharingsession__date__lte": max(t.end for t in terms),
    }
    presented = set(
        SharingSession.presenters.through.objects.filter(user=teacher, **period).values_list(
            "sharingsession_id", flat=True
        )
    )
    attended = set(
        SharingSession.attendees.through.objects.filter(user=teacher, **period).values_list(
            "sharingsession_id", flat=True
        )
    )
    ids = sorted(presented | attended)
    sessions = list(SharingSession.objects.filter(pk__in=ids).order_by("date", "pk"))
    visible = set(
        sessions_visible_to(request.scope).filter(pk__in=ids).values_list("pk", flat=True)
    )
    rows = []
    for term in reversed(terms):
        row = TermSessions(term)
        for s in sessions:
            if term.start <= s.date <= term.end:
                s.openable = s.pk in visible  # type: ignore[attr-defined]
                if s.pk in presented:
                    row.presented.append(s)
                if s.pk in attended:
                    row.attended.append(s)
        rows.append(row)
    return [
        Panel(
            title=_("Sharing sessions"),
            template="collab/_process_sessions.html",
            context={"terms": rows},
            order=50,
        )
    ]
