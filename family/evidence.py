"""What an inspection shows of a teacher's family work: contacts and home visits for
their struggling students, filed under the checklist's family item (Area.FAMILY).

Counts only: no family detail reaches the inspection.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from archives.models import SupportCase
from archives.selectors import cases_of_teacher
from core.plugins import Evidence
from school.models import ClassHeadship, today
from students.models import Student

from . import selectors
from .models import FamilyContact

GROUP = "family"  # inspections.models.Area.FAMILY


def struggling_students(teacher, term):
    """The students of the teacher's open cases, and of the open cases in classes they head."""
    class_ids = ClassHeadship.objects.filter(term=term, teacher=teacher).values("school_class_id")
    headed = SupportCase.objects.open().filter(term=term, student__school_class_id__in=class_ids)
    own = cases_of_teacher(teacher, term).open()
    return Student.objects.filter(
        Q(pk__in=own.values("student_id")) | Q(pk__in=headed.values("student_id"))
    )


def evidence(*, teacher, term, start, end) -> list[Evidence]:
    students = struggling_students(teacher, term)
    n_students = students.count()
    if not n_students:
        return []
    counts = (
        FamilyContact.objects.alive()
        .filter(recorded_by=teacher, student__in=students, date__gte=start, date__lte=end)
        .aggregate(
            contacts=Count("id"),
            visits=Count("id", filter=Q(channel=FamilyContact.Channel.HOME_VISIT)),
            reached=Count("student", distinct=True),
        )
    )
    as_of = min(end, today())
    overdue = selectors.overdue(students, term, as_of).count()
    return [
        Evidence(
            _("Family contacts for struggling students"),
            counts["contacts"],
            group=GROUP,
            key="family.contacts",
        ),
        Evidence(
            _("Struggling students whose family was contacted"),
            counts["reached"],
            group=GROUP,
            key="family.reached",
            numerator=counts["reached"],
            denominator=n_students,
        ),
        Evidence(
            _("Home visits to struggling students"),
            counts["visits"],
            group=GROUP,
            key="family.visits",
        ),
        Evidence(
            _("Struggling students overdue for a home visit"),
            overdue,
            group=GROUP,
            warning=overdue > 0,
            key="family.overdue",
        ),
    ]
