"""Evaluations' part of the summary workbook (a ``sheets.py`` plug-in, core/plugins.py):
goal attainment and gaps."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import pgettext

from core.plugins import Figure, Sheet
from core.xlsx import Percent
from school.reporting import Filters, records_q
from school.scoping import Scope

CHUNK = 2000


def user_name(full_name: str | None, username: str | None) -> str:
    return full_name or username or ""


def evaluations(scope: Scope, filters: Filters) -> QuerySet:
    from evaluations.models import Evaluation

    qs = Evaluation.objects.filter(records_q(scope, "school_class", "subject"))
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


# ---- the plug-in ----------------------------------------------------------------------------
def sheets(*, scope: Scope, filters: Filters) -> list[Sheet]:
    return [evaluation_sheet(scope, filters)]


def overview_rows(*, scope: Scope, filters: Filters) -> list[Figure]:
    evaluated = evaluations(scope, filters).aggregate(
        n=Count("id", distinct=True),
        assessed=Count("results", distinct=True),
        attained=Count("results", filter=Q(results__goal_attained=True), distinct=True),
    )
    return [
        Figure(pgettext("report", "Evaluations recorded"), evaluated["n"], order=10),
        Figure(
            pgettext("report", "Goal attainment rate"),
            Percent(evaluated["attained"] / evaluated["assessed"])
            if evaluated["assessed"]
            else None,
            order=11,
        ),
    ]
