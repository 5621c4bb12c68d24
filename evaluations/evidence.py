"""Figures an inspection shows for a teacher: evaluations recorded and gaps followed up."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import Evidence
from school.models import TeachingAssignment

from .models import Evaluation, Gap


def evidence(*, teacher, term, start, end) -> list[Evidence]:
    """Evaluations of the classes and subjects the teacher teaches, dated in the period."""
    pairs = list(
        TeachingAssignment.objects.filter(term=term, teacher=teacher).values_list(
            "school_class_id", "subject_id"
        )
    )
    if pairs:
        pair_q = Q(pk__in=[])
        for class_id, subject_id in pairs:
            pair_q |= Q(school_class_id=class_id, subject_id=subject_id)
        evaluations = Evaluation.objects.filter(pair_q, term=term, date__range=(start, end))
    else:
        evaluations = Evaluation.objects.none()
    counts = evaluations.aggregate(n=Count("pk", distinct=True), results=Count("results"))
    gaps = Gap.objects.filter(result__evaluation__in=evaluations).aggregate(
        n_found=Count("pk"),
        n_done=Count("pk", filter=Q(done=True)),
        n_overdue=Count("pk", filter=Q(done=False, due__lt=end)),
    )
    group = "evaluations"  # the checklist area (inspections.models.Area.EVALUATIONS)
    url = reverse("evaluations:list")
    return [
        Evidence(_("Evaluations recorded"), counts["n"], url=url, group=group),
        Evidence(_("Student results entered"), counts["results"], group=group),
        Evidence(_("Gaps found"), gaps["n_found"], url=reverse("evaluations:gaps"), group=group),
        Evidence(_("Gaps followed up (done)"), gaps["n_done"], group=group),
        Evidence(
            _("Gap follow-ups overdue"),
            gaps["n_overdue"],
            group=group,
            warning=gaps["n_overdue"] > 0,
        ),
    ]
