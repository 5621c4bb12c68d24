"""The foundation's dashboard cards: my students, and the school by grade for school-wide roles."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import Grade
from .plugins import Panel

ACTIVE = ("in_school", "transferred_in")


def panels(request) -> list[Panel]:
    scope = request.scope
    result = [
        Panel(
            title=_("My students"),
            template="school/_panel_my_students.html",
            context={"count": scope.students().in_school().count()},
            order=10,
        )
    ]
    if scope.sees_all_classes:
        grades = Grade.objects.annotate(
            class_count=Count("classes", filter=Q(classes__is_active=True), distinct=True),
            student_count=Count(
                "classes__students", filter=Q(classes__students__status__in=ACTIVE)
            ),
        ).order_by("level")
        result.append(
            Panel(
                title=_("The school by grade"),
                template="school/_panel_grades.html",
                context={"grades": grades},
                order=11,
            )
        )
    return result
