"""Inspections' part of the summary workbook (a ``sheets.py`` plug-in, core/plugins.py):
the rounds and their results; ``inspection_progress`` also feeds the school dashboard."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import pgettext

from core.plugins import Figure, Sheet
from core.xlsx import Percent
from school.reporting import Filters
from school.scoping import Scope

CHUNK = 2000


def user_name(full_name: str | None, username: str | None) -> str:
    return full_name or username or ""


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
            inspected=Count("results__teacher", distinct=True),
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


# ---- the plug-in ----------------------------------------------------------------------------
def sheets(*, scope: Scope, filters: Filters) -> list[Sheet]:
    return [inspection_sheet(scope, filters)]


def overview_rows(*, scope: Scope, filters: Filters) -> list[Figure]:
    progress = inspection_progress(scope, filters)
    if not progress:
        return []
    return [
        Figure(pgettext("report", "Teachers inspected"), sum(p[1] for p in progress), order=20),
        Figure(pgettext("report", "Teachers to inspect"), sum(p[2] for p in progress), order=21),
    ]
