from django import template

from school.models import Subject

register = template.Library()


@register.simple_tag
def loggable_subjects(scope, school_class):
    """The subjects taught in a class this term whose archives the viewer may write to."""
    if scope is None or not scope.is_authenticated or scope.term is None:
        return Subject.objects.none()
    subjects = Subject.objects.filter(
        teachingassignment__term=scope.term, teachingassignment__school_class=school_class
    ).distinct()
    allowed = scope.subject_ids_for_class(school_class.pk)
    if allowed is not None:
        subjects = subjects.filter(pk__in=allowed)
    return subjects
