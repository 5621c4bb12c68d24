"""The foundation's dashboard cards: my teaching, my classes, my students, and the
school by grade for school-wide roles."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.plugins import Panel

from .models import Grade, TeachingAssignment

ACTIVE = ("in_school", "transferred_in")


def panels(request) -> list[Panel]:
    scope = request.scope
    result = []
    if scope.term and scope.teaching:
        teaching_rows = list(
            TeachingAssignment.objects.filter(term=scope.term, teacher=request.user)
            .select_related("school_class__grade", "subject")
            .order_by("school_class__grade__level", "school_class__number", "subject__order")
        )
        if teaching_rows:
            result.append(
                Panel(
                    title=_("My teaching"),
                    template="school/_panel_teaching.html",
                    context={"rows": teaching_rows},
                    order=1,
                    wide=True,
                )
            )
    if scope.class_ids is not None:
        # School-wide users get the grade summary, not 24 class cards.
        classes = list(
            scope.classes().annotate(
                student_count=Count("students", filter=Q(students__status__in=ACTIVE))
            )
        )
        if classes:
            result.append(
                Panel(
                    title=_("My classes"),
                    template="school/_panel_classes.html",
                    context={"classes": classes},
                    order=2,
                    wide=True,
                )
            )
    result += [
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
