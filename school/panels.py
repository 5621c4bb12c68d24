"""The foundation's dashboard card: my teaching (students/ adds the class cards)."""

from django.utils.translation import gettext as _

from core.plugins import Panel

from .models import TeachingAssignment


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
    return result
