"""Writes to the school's structure that touch more than one row."""

from django.db import transaction

from .models import ClassHeadship, GradeLeadership, TeachingAssignment, Term


@transaction.atomic
def make_current_term(*, term: Term) -> Term:
    Term.objects.filter(is_current=True).exclude(pk=term.pk).update(is_current=False)
    term.is_current = True
    term.save(update_fields=["is_current"])
    return term


@transaction.atomic
def copy_assignments(*, source: Term, target: Term) -> int:
    """Start a new term with last term's teaching, head-teacher and grade-leader roles."""
    created = 0
    for model, keys in (
        (TeachingAssignment, ("teacher_id", "school_class_id", "subject_id")),
        (ClassHeadship, ("teacher_id", "school_class_id")),
        (GradeLeadership, ("teacher_id", "grade_id")),
    ):
        existing = set(model.objects.filter(term=target).values_list(*keys))
        new = [
            model(term=target, **dict(zip(keys, row, strict=True)))
            for row in model.objects.filter(term=source).values_list(*keys)
            if row not in existing
        ]
        # Headship is one per class: keep the target term's choice where it has one.
        if model is ClassHeadship:
            taken = {cid for _t, cid in existing}
            new = [h for h in new if h.school_class_id not in taken]
        model.objects.bulk_create(new)
        created += len(new)
    return created
