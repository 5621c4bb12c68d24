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
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from school.models import GRADE_NAMES, today
from school.plugins import Sheet
from school.scoping import Scope
from students.models import SupportCase

from . import selectors
from .charts import bar_chart
from .filters import Filters

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
    return _("Yes") if value else _("No")


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
            states[case_id] = _("Stale") if last < cutoff else _("Up to date")
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
        title=_("Observation log"),
        headers=[
            _("Date"),
            _("Student number"),
            _("Name"),
            _("Class"),
            _("Subject"),
            pgettext("report", "Kind"),
            _("Rating (1–5)"),
            _("Score (%)"),
            _("Note"),
            _("Recorded by"),
            _("Recorded at"),
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
        title=_("Family contacts"),
        headers=[
            _("Date"),
            _("Student number"),
            _("Name"),
            _("Class"),
            _("Channel"),
            _("Participants"),
            pgettext("report", "Summary"),
            _("What the family will do"),
            _("What the school will do"),
            _("Next contact"),
            _("Recorded by"),
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
            _("Class"),
            pgettext("report", "Struggling students"),
            _("Visited at home this term"),
            _("Home visit overdue"),
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
        title=_("Homework load"),
        headers=[
            _("Date"),
            _("Grade"),
            _("Class"),
            _("Average minutes"),
            _("Limit (minutes)"),
            _("Within the limit"),
            _("Students over the limit"),
            _("Subjects"),
        ],
        rows=rows(),
        widths=[12, 10, 16, 12, 12, 12, 14, 30],
        order=80,
    )


# ---- what the reports app asks of this module -------------------------------------------
def case_columns(scope: Scope) -> list[CaseColumn]:
    columns = [
        CaseColumn(header=lambda: _("Last archive entry"), values=_last_entries, width=14),
        CaseColumn(header=lambda: _("Archive"), values=_archive_state, width=10),
    ]
    if sees_any_family(scope):
        columns.append(
            CaseColumn(
                header=lambda: _("Next family contact due"),
                values=_next_contact_due(scope),
                width=16,
            )
        )
    return columns


def overview_rows(scope: Scope, filters: Filters) -> Iterator[tuple]:
    cases = selectors.scoped_cases(scope, filters)
    yield (_("Open cases with a stale archive"), stale_open_cases(cases))
    yield (_("Observations recorded"), observations(scope, filters).count())
    if sees_any_family(scope) and filters.term is not None:
        summaries = home_visit_summaries(scope, filters, filters.term)
        yield (
            _("Struggling students visited at home this term"),
            sum(s.visited_this_term for s in summaries),
        )
        yield (
            _("Struggling students with a home visit overdue"),
            sum(s.overdue for s in summaries),
        )
    loads = homework_days(scope, filters)
    yield (_("Class-days with homework"), len(loads))
    yield (_("Class-days over the load limit"), sum(1 for load in loads.values() if load.over))


def sheets(scope: Scope, filters: Filters) -> list[Sheet]:
    result = [observation_sheet(scope, filters), homework_sheet(scope, filters)]
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
            _("Primary causes"),
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
        type_bars.append((_("Not set"), types[""], ""))
    charts.append(bar_chart(_("Types"), type_bars, colour_by_index=True))

    from archives.selectors import fresh, stale

    open_cases = cases.open()
    stale_count = stale(open_cases).count()
    fresh_count = fresh(open_cases).count()
    charts.append(
        bar_chart(
            _("Archive freshness (open cases)"),
            [
                (_("Up to date"), fresh_count, case_list_url(stale="fresh", **params)),
                (_("Stale"), stale_count, case_list_url(stale="stale", **params)),
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
                _("Home visits: done against due"),
                [
                    (pgettext("report", "Struggling students"), struggling, visit_url),
                    (
                        _("Visited this term"),
                        sum(s.visited_this_term for s in summaries),
                        visit_url,
                    ),
                    (_("Overdue"), sum(s.overdue for s in summaries), visit_url),
                ],
                colour_by_index=True,
            )
        )
    from .figures import url_with

    loads = homework_days(scope, filters, last_days=28)
    over = sum(1 for load in loads.values() if load.over)
    week_url = url_with("homework:week")
    charts.append(
        bar_chart(
            _("Homework load, last 4 weeks (class-days)"),
            [
                (_("Within the limit"), len(loads) - over, week_url),
                (_("Over the limit"), over, week_url),
            ],
            colour_by_index=True,
        )
    )
    return charts
