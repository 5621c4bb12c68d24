"""The archives' part of the summary workbook (a ``sheets.py`` plug-in, core/plugins.py).

The observation log, and on the struggling-student list each case's last archive
entry and whether the archive is stale; ``scoped_cases`` is the support cases a
report covers (the reports app builds its own sheets on it).
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils.translation import pgettext

from core.plugins import CaseColumn, Figure, Sheet
from school.models import Term
from school.reporting import CASE_CLASS, Filters, cases_q_for
from school.restricted import PSYCHOLOGICAL_PRESSURE, can_read_psychological_note
from school.scoping import Scope

from .models import SupportCase
from .models.cases import SupportCaseQuerySet

CHUNK = 2000


def user_name(full_name: str | None, username: str | None) -> str:
    return full_name or username or ""


def scoped_cases(
    scope: Scope, filters: Filters, *, term: Term | None = None
) -> SupportCaseQuerySet:
    """The support cases in scope and filters; ``term`` replaces the filters' term."""
    if not scope.is_authenticated:
        return SupportCase.objects.none()
    qs = SupportCase.objects.filter(cases_q_for(scope))
    qs = qs.filter(filters.class_q(CASE_CLASS), filters.subject_q("subject"))
    term = term or filters.term
    if term is not None:
        qs = qs.filter(term=term)
    if filters.start is not None:
        qs = qs.filter(identified_on__gte=filters.start)
    if filters.end is not None:
        qs = qs.filter(identified_on__lte=filters.end)
    return qs


def last_entries(batch: list[tuple]) -> dict[int, datetime.date]:
    ids = [row[0] for row in batch]
    return dict(
        SupportCase.objects.filter(id__in=ids).with_last_entry().values_list("id", "last_entry_on")
    )


def archive_state(batch: list[tuple]) -> dict[int, str]:
    ids = [row[0] for row in batch]
    cases = SupportCase.objects.filter(id__in=ids).with_last_entry()
    states = {}
    for case in cases.only("id", "status", "identified_on"):
        if not case.is_open:
            states[case.pk] = ""
        else:
            states[case.pk] = (
                pgettext("report", "Stale") if case.is_stale() else pgettext("report", "Up to date")
            )
    return states


def stale_open_cases(cases: SupportCaseQuerySet) -> int:
    return cases.stale().count()


def observations(scope: Scope, filters: Filters) -> QuerySet:
    from archives.models import Observation

    qs = Observation.objects.alive().filter(cases_q_for(scope, "case__"))
    return qs.filter(
        filters.class_q("case__student__school_class"),
        filters.subject_q("case__subject"),
        filters.date_q("date", term_field="case__term"),
    )


def observation_sheet(scope: Scope, filters: Filters) -> Sheet:
    from archives.models import Observation

    kinds = {key: str(label) for key, label in Observation.Kind.choices}  # translated once
    qs = observations(scope, filters)

    def rows():
        for (
            date,
            number,
            name,
            class_name,
            subject,
            kind,
            rating,
            score,
            note,
            author_full,
            author_user,
            created_at,
            difficulty_type,
            class_id,
        ) in (
            qs.order_by("date", "created_at", "id")
            .values_list(
                "date",
                "case__student__student_number",
                "case__student__name",
                "case__student__school_class__name",
                "case__subject__name",
                "kind",
                "rating",
                "score_percent",
                "note",
                "author__full_name",
                "author__username",
                "created_at",
                "case__difficulty_type",
                "case__student__school_class_id",
            )
            .iterator(chunk_size=CHUNK)
        ):
            yield (
                date,
                number,
                name,
                class_name,
                subject,
                kinds.get(kind, kind),
                rating,
                float(score) if score is not None else None,
                # A psychological note is a blank cell for those who may not read it.
                note
                if difficulty_type != PSYCHOLOGICAL_PRESSURE
                or can_read_psychological_note(scope, class_id)
                else "",
                user_name(author_full, author_user),
                created_at,
            )

    return Sheet(
        title=pgettext("report", "Observation log"),
        headers=[
            pgettext("report", "Date"),
            pgettext("report", "Student number"),
            pgettext("report", "Name"),
            pgettext("report", "Class"),
            pgettext("report", "Subject"),
            pgettext("report", "Kind"),
            pgettext("report", "Rating (1–5)"),
            pgettext("report", "Score (%)"),
            pgettext("report", "Note"),
            pgettext("report", "Recorded by"),
            pgettext("report", "Recorded at"),
        ],
        rows=rows(),
        widths=[12, 14, 10, 16, 10, 14, 10, 10, 40, 10, 17],
        row_count=qs.count,
        order=60,
        detail=True,
    )


# ---- the plug-in ----------------------------------------------------------------------------
def sheets(*, scope: Scope, filters: Filters) -> list[Sheet]:
    from .monitoring_sheet import monitoring_sheet

    return [observation_sheet(scope, filters), monitoring_sheet(scope, filters)]


def overview_rows(*, scope: Scope, filters: Filters) -> list[Figure]:
    return [
        Figure(
            pgettext("report", "Open cases with a stale archive"),
            stale_open_cases(scoped_cases(scope, filters)),
            order=30,
        ),
        Figure(
            pgettext("report", "Observations recorded"),
            observations(scope, filters).count(),
            order=31,
        ),
    ]


def case_columns(*, scope: Scope) -> list[CaseColumn]:
    return [
        CaseColumn(
            header=lambda: pgettext("report", "Last archive entry"), values=last_entries, width=14
        ),
        CaseColumn(header=lambda: pgettext("report", "Archive"), values=archive_state, width=10),
    ]
