"""The student's support cases on their profile: every subject the viewer may see."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.plugins import Panel
from school.models import Subject

from .models import SupportCase


def sections(request, student) -> list[Panel]:
    scope = request.scope
    cases = list(
        SupportCase.objects.visible_to(scope)
        .filter(student=student)
        .with_last_entry()
        .select_related("subject", "term")
        .prefetch_related("responsible_teachers")
        .order_by("-term__start", "subject__order")
    )
    for case in cases:
        case.stale = case.is_stale()
    allowed = scope.subject_ids_for_class(student.school_class_id)
    can_identify = scope.term is not None and (
        allowed is None or Subject.objects.filter(pk__in=allowed).exists()
    )
    if not cases and not can_identify:
        return []
    return [
        Panel(
            title=_("Support"),
            template="archives/_profile_cases.html",
            context={
                "cases": cases,
                "student": student,
                "can_identify": can_identify,
                "term": scope.term,
            },
            order=10,
        )
    ]
