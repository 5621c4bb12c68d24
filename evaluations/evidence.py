"""Figures an inspection shows for a teacher: evaluations recorded and gaps followed up."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.plugins import Evidence, EvidenceRecords
from school.models import TeachingAssignment

from .models import Evaluation, Gap


def _evaluations(teacher, term, start, end):
    """Evaluations of the classes and subjects the teacher teaches, dated in the period."""
    pairs = list(
        TeachingAssignment.objects.filter(term=term, teacher=teacher).values_list(
            "school_class_id", "subject_id"
        )
    )
    if not pairs:
        return Evaluation.objects.none()
    pair_q = Q(pk__in=[])
    for class_id, subject_id in pairs:
        pair_q |= Q(school_class_id=class_id, subject_id=subject_id)
    return Evaluation.objects.filter(pair_q, term=term, date__range=(start, end))


def evidence(*, teacher, term, start, end) -> list[Evidence]:
    evaluations = _evaluations(teacher, term, start, end)
    counts = evaluations.aggregate(n=Count("pk", distinct=True), results=Count("results"))
    gaps = Gap.objects.filter(result__evaluation__in=evaluations).aggregate(
        n_found=Count("pk"),
        n_done=Count("pk", filter=Q(done=True)),
        n_overdue=Count("pk", filter=Q(done=False, due__lt=end)),
    )
    group = "evaluations"  # the checklist area (inspections.models.Area.EVALUATIONS)
    return [
        Evidence(_("Evaluations recorded"), counts["n"], group=group, key="evaluations.recorded"),
        Evidence(
            _("Student results entered"),
            counts["results"],
            group=group,
            key="evaluations.recorded",
        ),
        Evidence(_("Gaps found"), gaps["n_found"], group=group, key="evaluations.gaps"),
        Evidence(_("Gaps followed up (done)"), gaps["n_done"], group=group, key="evaluations.gaps"),
        Evidence(
            _("Gap follow-ups overdue"),
            gaps["n_overdue"],
            group=group,
            warning=gaps["n_overdue"] > 0,
            key="evaluations.gaps",
        ),
    ]


def records(*, teacher, term, start, end, key: str) -> list[EvidenceRecords]:
    """The evaluations, or the gaps and their follow-ups, behind the figures."""
    evaluations = _evaluations(teacher, term, start, end)
    if key == "evaluations.recorded":
        rows = evaluations.select_related("school_class").annotate(n=Count("results"))
        return [
            EvidenceRecords(
                _("Evaluations recorded"),
                [_("Date"), _("Class"), _("Evaluation"), _("Results")],
                [[e.date, str(e.school_class), e.name, e.n] for e in rows.order_by("date")],
            )
        ]
    if key == "evaluations.gaps":
        gaps = list(
            Gap.objects.filter(result__evaluation__in=evaluations)
            .select_related("result__student", "result__evaluation")
            .order_by("due", "pk")
        )
        return [
            EvidenceRecords(
                _("Gaps found"),
                [_("Student"), _("Evaluation"), _("Knowledge point"), _("Due"), _("Done")],
                [
                    [
                        g.result.student.name,
                        g.result.evaluation.name,
                        g.knowledge_point,
                        g.due,
                        g.done_on or "",
                    ]
                    for g in gaps
                ],
                student_ids=sorted({g.result.student_id for g in gaps}),
            )
        ]
    return []
