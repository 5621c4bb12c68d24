"""The head teacher's dashboard card: struggling students overdue for a home visit."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from core.plugins import Panel
from school.models import today
from students.models import Student

from . import selectors

SHOWN = 5


def panels(request) -> list[Panel]:
    scope = request.scope
    if not scope.is_head_teacher or scope.term is None:
        return []
    day = today()
    students = Student.objects.visible_to(scope).filter(school_class_id__in=scope.headed_class_ids)
    overdue = list(
        selectors.overdue(students, scope.term, day).order_by(
            F("clock").asc(nulls_last=True), "student_number"
        )[: SHOWN + 1]
    )
    for s in overdue:
        s.days_overdue = selectors.days_overdue(s.clock, day)
    return [
        Panel(
            title=_("Home visits overdue"),
            template="family/_dashboard_panel.html",
            context={"students": overdue[:SHOWN], "more": len(overdue) > SHOWN},
            order=40,
        )
    ]
