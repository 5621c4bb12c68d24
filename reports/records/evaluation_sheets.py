"""Evaluations (goal attainment, gaps) and inspection rounds."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import pgettext

from core.plugins import Sheet
from core.xlsx import Percent
from school.scoping import Scope

from .. import selectors
from ..filters import Filters
from . import CHUNK, user_name


def evaluations(scope: Scope, filters: Filters) -> QuerySet:
    from evaluations.models import Evaluation

    qs = Evaluation.objects.filter(selectors.records_q(scope, "school_class", "subject"))
    return qs.filter(
        filters.class_q("school_class"),
        filters.subject_q("subject"),
        filters.date_q("date", term_field="term"),
    )


def evaluation_sheet(scope: Scope, filters: Filters) -> Sheet:
    from evaluations.models import Evaluation

    kinds = dict(Evaluation.Kind.choices)
    qs = (
        evaluations(scope, filters)
        .annotate(
            results_count=Count("results", distinct=True),
            attained=Count("results", filter=Q(results__goal_attained=True), distinct=True),
            open_gaps=Count("results__gaps", filter=Q(results__gaps__done=False), distinct=True),
        )
        .order_by("date", "school_class__grade__level", "school_class__number", "id")
    )

    def rows():
        for date, class_name, subject, kind, name, results, attained, gaps in qs.values_list(
            "date",
            "school_class__name",
            "subject__name",
            "kind",
            "name",
            "results_count",
            "attained",
            "open_gaps",
        ).iterator(chunk_size=CHUNK):
            yield (
                date,
                class_name,
                subject,
                kinds.get(kind, kind),
                name,
                results,
                attained,
                Percent(attained / results) if results else None,
                gaps,
            )

    return Sheet(
        title=pgettext("report", "Evaluations"),
        headers=[
            pgettext("report", "Date"),
            pgettext("report", "Class"),
            pgettext("report", "Subject"),
            pgettext("report", "Kind"),
            pgettext("report", "Evaluation"),
            pgettext("report", "Students assessed"),
            pgettext("report", "Goal attained"),
            pgettext("report", "Attainment rate"),
            pgettext("report", "Open gaps"),
        ],
        rows=rows(),
        widths=[12, 16, 10, 16, 24, 12, 12, 12, 10],
        row_count=qs.count,
        order=90,
    )


def inspection_rounds(scope: Scope, filters: Filters) -> QuerySet:
    from inspections.models import InspectionRound

    if not scope.is_authenticated:
        return InspectionRound.objects.none()
    rounds = InspectionRound.objects.visible_to(scope)
    if filters.term is not None:
        rounds = rounds.filter(term=filters.term)
    if filters.subject is not None:
        rounds = rounds.filter(Q(subject=filters.subject) | Q(subject__isnull=True))
    return rounds


def inspection_sheet(scope: Scope, filters: Filters) -> Sheet:
    from inspections.models import InspectionResult, InspectionRound

    kinds = dict(InspectionRound.Kind.choices)
    statuses = dict(InspectionRound.Status.choices)
    results = InspectionResult.objects.filter(
        round__in=inspection_rounds(scope, filters).values("id")
    ).order_by("round__due", "round_id", "teacher__full_name", "teacher__username")

    def rows():
        for row in results.values_list(
            "round__term__academic_year",
            "round__term__name",
            "round__kind",
            "round__subject__name",
            "round__due",
            "round__status",
            "teacher__full_name",
            "teacher__username",
            "inspector__full_name",
            "inspector__username",
            "total_percent",
            "problems",
            "follow_up",
        ).iterator(chunk_size=CHUNK):
            year, term, kind, subject, due, status, t_full, t_user, i_full, i_user, total, *rest = (
                row
            )
            yield (
                f"{year} {term}",
                kinds.get(kind, kind),
                subject or pgettext("report", "Whole school"),
                due,
                statuses.get(status, status),
                user_name(t_full, t_user),
                user_name(i_full, i_user),
                Percent(float(total) / 100) if total is not None else None,
                *rest,
            )

    return Sheet(
        title=pgettext("report", "Inspection results"),
        headers=[
            pgettext("report", "Term"),
            pgettext("report", "Round"),
            pgettext("report", "Subject"),
            pgettext("report", "Due date"),
            pgettext("report", "Status"),
            pgettext("report", "Teacher"),
            pgettext("report", "Inspector"),
            pgettext("report", "Weighted score"),
            pgettext("report", "Problems found"),
            pgettext("report", "Follow-up"),
        ],
        rows=rows(),
        widths=[18, 16, 10, 12, 10, 10, 10, 12, 40, 30],
        row_count=results.count,
        order=91,
    )


def inspection_progress(scope: Scope, filters: Filters) -> list[tuple[str, int, int, int]]:
    """(round, teachers inspected, teachers to inspect, round id) for the visible rounds."""
    from inspections.models import InspectionRound

    kinds = dict(InspectionRound.Kind.choices)
    rounds = (
        inspection_rounds(scope, filters)
        .annotate(
            to_inspect=Count("teachers", distinct=True),
            inspected=Count("results", distinct=True),
        )
        .order_by("due", "id")
        .values_list("id", "kind", "subject__name", "to_inspect", "inspected")
    )
    return [
        (
            f"{subject or pgettext('report', 'Whole school')} {kinds.get(kind, kind)}",
            inspected,
            to_inspect,
            pk,
        )
        for pk, kind, subject, to_inspect, inspected in rounds
    ]
