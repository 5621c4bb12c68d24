"""Figures and sheets from the other apps' records: archives, family contacts, homework.

Each query goes through the scope. Family details (the contact log, when the
next contact is due) reach only users whom ``scope.can_see_family`` allows: the
class's head teacher, academic directors and school leaders.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import pgettext

from school.models import GRADE_NAMES, today
from school.plugins import Sheet
from school.scoping import Scope
from students.models import SupportCase

from . import selectors
from .charts import bar_chart
from .filters import Filters
from .xlsx import Percent

CHUNK = 2000


@dataclass
class CaseColumn:
    """An extra column of the struggling-student list, filled a batch of cases at a time."""

    header: Callable[[], str]
    values: Callable[[list[tuple]], dict]  # batch of sheets.CASE_FIELDS rows → {case id: value}
    width: int = 14


def user_name(full_name: str | None, username: str | None) -> str:
    return full_name or username or ""


def yes_no(value: bool) -> str:
    return pgettext("report", "Yes") if value else pgettext("report", "No")


# ---- archives ------------------------------------------------------------------------
def _last_entries(batch: list[tuple]) -> dict[int, datetime.date]:
    from archives.selectors import with_last_entry

    ids = [row[0] for row in batch]
    return dict(
        with_last_entry(SupportCase.objects.filter(id__in=ids)).values_list("id", "last_entry_on")
    )


def _archive_state(batch: list[tuple]) -> dict[int, str]:
    from archives.selectors import stale_cutoff, with_last_entry

    cutoff = stale_cutoff()
    ids = [row[0] for row in batch]
    states = {}
    for case_id, status, last in with_last_entry(
        SupportCase.objects.filter(id__in=ids)
    ).values_list("id", "status", "last_entry_on"):
        if status not in SupportCase.OPEN_STATUSES:
            states[case_id] = ""
        else:
            states[case_id] = (
                pgettext("report", "Stale") if last < cutoff else pgettext("report", "Up to date")
            )
    return states


def stale_open_cases(cases: QuerySet) -> int:
    from archives.selectors import stale

    return stale(cases).count()


def observations(scope: Scope, filters: Filters) -> QuerySet:
    from archives.models import Observation

    qs = Observation.objects.alive().filter(selectors.cases_q_for(scope, "case__"))
    return qs.filter(
        filters.class_q("case__student__school_class"),
        filters.subject_q("case__subject"),
        filters.date_q("date", term_field="case__term"),
    )


def observation_sheet(scope: Scope, filters: Filters) -> Sheet:
    from archives.models import Observation

    kinds = dict(Observation.Kind.choices)
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
                note,
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
    )


# ---- family (sensitive: only for those who may see it) ---------------------------------
def sees_any_family(scope: Scope) -> bool:
    return scope.is_authenticated and (
        scope.school_wide or scope.is_director or scope.is_head_teacher
    )


def _next_contact_due(scope: Scope) -> Callable[[list[tuple]], dict]:
    def values(batch: list[tuple]) -> dict[int, datetime.date | None]:
        from family.models import FamilyContact

        allowed = [row for row in batch if scope.can_see_family(row[2])]
        student_ids = {row[1] for row in allowed}
        if not student_ids:
            return {}
        latest = {}
        for student_id, next_on, last_visit in (
            FamilyContact.objects.filter(student_id__in=student_ids)
            .order_by()
            .values("student")
            .annotate(
                next_on=Max("next_contact_on"),
                last_visit=Max("date", filter=Q(channel=FamilyContact.Channel.HOME_VISIT)),
            )
            .values_list("student", "next_on", "last_visit")
        ):
            latest[student_id] = (next_on, last_visit)
        interval = datetime.timedelta(days=settings.HOME_VISIT_INTERVAL_DAYS)
        due = {}
        for row in allowed:
            case_id, student_id, identified_on = row[0], row[1], row[3]
            next_on, last_visit = latest.get(student_id, (None, None))
            due[case_id] = next_on or (last_visit or identified_on) + interval
        return due

    return values


def family_contacts(scope: Scope, filters: Filters) -> QuerySet:
    from family.models import FamilyContact

    if not sees_any_family(scope):
        return FamilyContact.objects.none()
    qs = FamilyContact.objects.filter(student__in=scope.students()).filter(
        scope.family_class_q("student__school_class")
    )
    return qs.filter(filters.class_q("student__school_class"), filters.date_q("date"))


def family_sheet(scope: Scope, filters: Filters) -> Sheet:
    from family.models import FamilyContact

    channels = dict(FamilyContact.Channel.choices)
    qs = family_contacts(scope, filters)

    def rows():
        for row in (
            qs.order_by("date", "id")
            .values_list(
                "date",
                "student__student_number",
                "student__name",
                "student__school_class__name",
                "channel",
                "participants",
                "summary",
                "family_actions",
                "school_actions",
                "next_contact_on",
                "recorded_by__full_name",
                "recorded_by__username",
            )
            .iterator(chunk_size=CHUNK)
        ):
            *head, channel, participants, summary, family, school, next_on, by_full, by_user = row
            yield (
                *head,
                channels.get(channel, channel),
                participants,
                summary,
                family,
                school,
                next_on,
                user_name(by_full, by_user),
            )

    return Sheet(
        title=pgettext("report", "Family contacts"),
        headers=[
            pgettext("report", "Date"),
            pgettext("report", "Student number"),
            pgettext("report", "Name"),
            pgettext("report", "Class"),
            pgettext("report", "Channel"),
            pgettext("report", "Participants"),
            pgettext("report", "Summary"),
            pgettext("report", "What the family will do"),
            pgettext("report", "What the school will do"),
            pgettext("report", "Next contact"),
            pgettext("report", "Recorded by"),
        ],
        rows=rows(),
        widths=[12, 14, 10, 16, 14, 16, 40, 24, 24, 12, 10],
        row_count=qs.count,
        order=70,
    )


def home_visit_summaries(scope: Scope, filters: Filters, term) -> list:
    from family import selectors as family_selectors

    if term is None or not sees_any_family(scope):
        return []
    students = scope.students().filter(scope.family_class_q("school_class"))
    students = students.filter(filters.class_q("school_class"))
    classes = scope.classes()
    if filters.school_class is not None:
        classes = classes.filter(pk=filters.school_class.pk)
    if filters.grade is not None:
        classes = classes.filter(grade=filters.grade)
    if not (scope.school_wide or scope.is_director):
        classes = classes.filter(id__in=scope.headed_class_ids)
    return family_selectors.class_summaries(students, classes, term, today())


def home_visit_sheet(scope: Scope, filters: Filters) -> Sheet:
    def rows():
        for summary in home_visit_summaries(scope, filters, filters.term):
            yield (
                str(summary.school_class),
                summary.struggling,
                summary.visited_this_term,
                summary.overdue,
            )

    return Sheet(
        title=pgettext("report", "Home visits"),
        headers=[
            pgettext("report", "Class"),
            pgettext("report", "Struggling students"),
            pgettext("report", "Visited at home this term"),
            pgettext("report", "Home visit overdue"),
        ],
        rows=rows(),
        widths=[16, 14, 16, 16],
        order=71,
    )


# ---- homework load ---------------------------------------------------------------------
def homework_days(scope: Scope, filters: Filters, *, last_days: int | None = None) -> dict:
    """The load of every (class, day) with homework counting toward the load, in range."""
    from homework.load import day_loads
    from homework.models import Assignment

    classes = scope.classes()
    if filters.school_class is not None:
        classes = classes.filter(pk=filters.school_class.pk)
    if filters.grade is not None:
        classes = classes.filter(grade=filters.grade)
    assignments = Assignment.objects.counting_load().filter(
        school_class__in=classes, **({"term": filters.term} if filters.term else {})
    )
    if filters.start:
        assignments = assignments.filter(date__gte=filters.start)
    if filters.end:
        assignments = assignments.filter(date__lte=filters.end)
    if last_days:
        assignments = assignments.filter(
            date__gt=today() - datetime.timedelta(days=last_days), date__lte=today()
        )
    pairs = set(assignments.order_by().values_list("school_class_id", "date").distinct())
    if not pairs:
        return {}
    classes = list(classes.filter(id__in={c for c, _d in pairs}))
    loads = day_loads(classes, {d for _c, d in pairs})
    return {key: load for key, load in loads.items() if key in pairs}


def homework_sheet(scope: Scope, filters: Filters) -> Sheet:
    def rows():
        loads = homework_days(scope, filters)
        for (_class_id, day), load in sorted(
            loads.items(),
            key=lambda item: (
                item[0][1],
                item[1].school_class.grade.level,
                item[1].school_class.number,
            ),
        ):
            yield (
                day,
                GRADE_NAMES.get(load.school_class.grade.level, ""),
                str(load.school_class),
                float(load.average),
                load.limit,
                yes_no(not load.over),
                len(load.students_over),
                "、".join(str(s.subject) for s in load.subjects),
            )

    return Sheet(
        title=pgettext("report", "Homework load"),
        headers=[
            pgettext("report", "Date"),
            pgettext("report", "Grade"),
            pgettext("report", "Class"),
            pgettext("report", "Average minutes"),
            pgettext("report", "Limit (minutes)"),
            pgettext("report", "Within the limit"),
            pgettext("report", "Students over the limit"),
            pgettext("report", "Subjects"),
        ],
        rows=rows(),
        widths=[12, 10, 16, 12, 12, 12, 14, 30],
        order=80,
    )


# ---- evaluations and inspections ---------------------------------------------------------
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
    from evaluations.models import InspectionRound

    if not scope.is_authenticated:
        return InspectionRound.objects.none()
    rounds = InspectionRound.objects.visible_to(scope)
    if filters.term is not None:
        rounds = rounds.filter(term=filters.term)
    if filters.subject is not None:
        rounds = rounds.filter(Q(subject=filters.subject) | Q(subject__isnull=True))
    return rounds


def inspection_sheet(scope: Scope, filters: Filters) -> Sheet:
    from evaluations.models import InspectionResult, InspectionRound

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
    from evaluations.models import InspectionRound

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


# ---- what the reports app asks of this module -------------------------------------------
def case_columns(scope: Scope) -> list[CaseColumn]:
    columns = [
        CaseColumn(
            header=lambda: pgettext("report", "Last archive entry"), values=_last_entries, width=14
        ),
        CaseColumn(header=lambda: pgettext("report", "Archive"), values=_archive_state, width=10),
    ]
    if sees_any_family(scope):
        columns.append(
            CaseColumn(
                header=lambda: pgettext("report", "Next family contact due"),
                values=_next_contact_due(scope),
                width=16,
            )
        )
    return columns


def overview_rows(scope: Scope, filters: Filters) -> Iterator[tuple]:
    cases = selectors.scoped_cases(scope, filters)
    evaluated = evaluations(scope, filters).aggregate(
        n=Count("id", distinct=True),
        assessed=Count("results", distinct=True),
        attained=Count("results", filter=Q(results__goal_attained=True), distinct=True),
    )
    yield (pgettext("report", "Evaluations recorded"), evaluated["n"])
    yield (
        pgettext("report", "Goal attainment rate"),
        Percent(evaluated["attained"] / evaluated["assessed"]) if evaluated["assessed"] else None,
    )
    progress = inspection_progress(scope, filters)
    if progress:
        yield (pgettext("report", "Teachers inspected"), sum(p[1] for p in progress))
        yield (pgettext("report", "Teachers to inspect"), sum(p[2] for p in progress))
    yield (pgettext("report", "Open cases with a stale archive"), stale_open_cases(cases))
    yield (pgettext("report", "Observations recorded"), observations(scope, filters).count())
    if sees_any_family(scope) and filters.term is not None:
        summaries = home_visit_summaries(scope, filters, filters.term)
        yield (
            pgettext("report", "Struggling students visited at home this term"),
            sum(s.visited_this_term for s in summaries),
        )
        yield (
            pgettext("report", "Struggling students with a home visit overdue"),
            sum(s.overdue for s in summaries),
        )
    loads = homework_days(scope, filters)
    yield (pgettext("report", "Class-days with homework"), len(loads))
    yield (
        pgettext("report", "Class-days over the load limit"),
        sum(1 for load in loads.values() if load.over),
    )


def sheets(scope: Scope, filters: Filters) -> list[Sheet]:
    result = [
        observation_sheet(scope, filters),
        homework_sheet(scope, filters),
        evaluation_sheet(scope, filters),
        inspection_sheet(scope, filters),
    ]
    if sees_any_family(scope):
        result += [family_sheet(scope, filters), home_visit_sheet(scope, filters)]
    return sorted(result, key=lambda sheet: sheet.order)


def dashboard_charts(scope: Scope, filters: Filters, drill: Callable[..., str]) -> list:
    """Charts of causes, types, archive freshness, home visits and homework load."""
    from .figures import case_list_url

    cases = selectors.scoped_cases(scope, filters)
    params = {
        "school_class": filters.school_class.pk if filters.school_class else None,
        "subject": filters.subject.pk if filters.subject else None,
        "status": "all",
    }
    charts = []
    causes = cases.aggregate(
        weak=Count("id", filter=Q(cause_weak_foundation=True)),
        attitude=Count("id", filter=Q(cause_attitude=True)),
    )
    charts.append(
        bar_chart(
            pgettext("report", "Primary causes"),
            [
                (
                    SupportCase.Cause.WEAK_FOUNDATION.label,
                    causes["weak"],
                    case_list_url(cause=SupportCase.Cause.WEAK_FOUNDATION, **params),
                ),
                (
                    SupportCase.Cause.ATTITUDE.label,
                    causes["attitude"],
                    case_list_url(cause=SupportCase.Cause.ATTITUDE, **params),
                ),
            ],
            colour_by_index=True,
        )
    )
    types = dict(
        cases.order_by()
        .values("difficulty_type")
        .annotate(n=Count("id"))
        .values_list("difficulty_type", "n")
    )
    type_bars = [
        (label, types.get(value, 0), case_list_url(type=value, **params))
        for value, label in SupportCase.Type.choices
    ]
    if types.get(""):
        type_bars.append((pgettext("report", "Not set"), types[""], ""))
    charts.append(bar_chart(pgettext("report", "Types"), type_bars, colour_by_index=True))

    from archives.selectors import fresh, stale

    open_cases = cases.open()
    stale_count = stale(open_cases).count()
    fresh_count = fresh(open_cases).count()
    charts.append(
        bar_chart(
            pgettext("report", "Archive freshness (open cases)"),
            [
                (
                    pgettext("report", "Up to date"),
                    fresh_count,
                    case_list_url(stale="fresh", **params),
                ),
                (pgettext("report", "Stale"), stale_count, case_list_url(stale="stale", **params)),
            ],
            colour_by_index=True,
        )
    )
    if sees_any_family(scope) and filters.term is not None:
        from .figures import url_with

        summaries = home_visit_summaries(scope, filters, filters.term)
        struggling = sum(s.struggling for s in summaries)
        visit_url = url_with("family:visit_plan")
        charts.append(
            bar_chart(
                pgettext("report", "Home visits: done against due"),
                [
                    (pgettext("report", "Struggling students"), struggling, visit_url),
                    (
                        pgettext("report", "Visited this term"),
                        sum(s.visited_this_term for s in summaries),
                        visit_url,
                    ),
                    (pgettext("report", "Overdue"), sum(s.overdue for s in summaries), visit_url),
                ],
                colour_by_index=True,
            )
        )
    from .figures import url_with

    loads = homework_days(scope, filters, last_days=14)
    over = sum(1 for load in loads.values() if load.over)
    week_url = url_with("homework:week")
    charts.append(
        bar_chart(
            pgettext("report", "Homework load, last 2 weeks (class-days)"),
            [
                (pgettext("report", "Within the limit"), len(loads) - over, week_url),
                (pgettext("report", "Over the limit"), over, week_url),
            ],
            colour_by_index=True,
        )
    )
    progress = inspection_progress(scope, filters)
    if progress:
        charts.append(
            bar_chart(
                pgettext("report", "Inspection progress (teachers inspected)"),
                [
                    (
                        label,
                        round(100 * inspected / to_inspect) if to_inspect else 0,
                        url_with_kwargs("evaluations:round_detail", round_pk=pk),
                    )
                    for label, inspected, to_inspect, pk in progress
                ],
                display=lambda value: f"{value}%",
                max_value=100,
            )
        )
    return charts


def url_with_kwargs(name: str, **kwargs) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""
