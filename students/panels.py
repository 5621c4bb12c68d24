"""The roster's dashboard cards: my classes, my students, and the school by grade
for school-wide roles."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.plugins import Panel
from school.models import Grade

from .models import Student


def panels(request) -> list[Panel]:
    scope = request.scope
    result: list[Panel] = []
    if scope.class_ids is not None:
        # School-wide users get the grade summary, not 24 class cards.
        classes = list(
            scope.classes().annotate(
                student_count=Count(
                    "students", filter=Q(students__status__in=Student.ACTIVE_STATUSES)
                )
            )
        )
        if classes:
            result.append(
                Panel(
                    title=_("My classes"),
                    template="students/_panel_classes.html",
                    context={"classes": classes},
                    order=2,
                    wide=True,
                )
            )
    result += [
        Panel(
            title=_("My students"),
            template="students/_panel_my_students.html",
            context={"count": Student.objects.visible_to(scope).in_school().count()},
            order=10,
        )
    ]
    if scope.sees_all_classes:
        grades = Grade.objects.annotate(
            class_count=Count("classes", filter=Q(classes__is_active=True), distinct=True),
            student_count=Count(
                "classes__students", filter=Q(classes__students__status__in=Student.ACTIVE_STATUSES)
            ),
        ).order_by("level")
        result.append(
            Panel(
                title=_("The school by grade"),
                template="students/_panel_grades.html",
                context={"grades": grades},
                order=11,
            )
        )
    return result
