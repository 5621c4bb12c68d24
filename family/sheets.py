"""Family's part of the summary workbook (a ``sheets.py`` plug-in, core/plugins.py).

Family contacts and home visits, under exactly the rules of the family pages (family/rules.py).

Head teachers and school leaders get the whole contact log of their classes;
an academic director gets the contacts of students with a case in their
subject, with the summary only (no participants or agreed actions) and a
restricted summary replaced by a note; everyone else gets no family sheet.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils.translation import pgettext

from core.plugins import CaseColumn, Figure, Sheet
from school.models import today
from school.reporting import Filters
from school.scoping import Scope

CHUNK = 2000


def user_name(full_name: str | None, username: str | None) -> str:
    return full_name or username or ""


def sees_any_family(scope: Scope) -> bool:
    from family.rules import uses_family_pages

    return uses_family_pages(scope)


def exported_students(scope: Scope, filters: Filters) -> QuerySet:
    """The ids of the students whose family contacts go into the workbook (for the access log)."""
    return (
        family_contacts(scope, filters).order_by().values_list("student_id", flat=True).distinct()
    )


def next_contact_due(scope: Scope) -> Callable[[list[tuple]], dict]:
    def values(batch: list[tuple]) -> dict[int, datetime.date | None]:
        from family.models import FamilyContact
        from family.rules import family_students

        in_family = set(
            family_students(scope)
            .filter(pk__in={row[1] for row in batch})
            .values_list("pk", flat=True)
        )
        allowed = [row for row in batch if row[1] in in_family]
        student_ids = {row[1] for row in allowed}
        if not student_ids:
            return {}
        latest = {}
        for student_id, next_on, last_visit in (
            FamilyContact.objects.alive()
            .filter(student_id__in=student_ids)
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
    from family.rules import family_students

    if not sees_any_family(scope):
        return FamilyContact.objects.none()
    qs = FamilyContact.objects.alive().filter(student__in=family_students(scope))
    return qs.filter(filters.class_q("student__school_class"), filters.date_q("date"))


def family_sheet(scope: Scope, filters: Filters) -> Sheet:
    from family.models import FamilyContact
    from family.rules import head_teacher_names

    channels = dict(FamilyContact.Channel.choices)
    qs = family_contacts(scope, filters)
    # The holders of the full file read everything; others (a director) read summaries only.
    full_classes = None if scope.school_wide else scope.headed_class_ids
    restricted_note = pgettext("report", "A restricted note exists; ask %(name)s (head teacher).")
    heads: dict[int, str] = {}

    def rows():
        for row in (
            qs.order_by("date", "id")
            .values_list(
                "student__school_class_id",
                "restricted",
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
            class_id, restricted, *rest = row
            *head, channel, participants, summary, family, school, next_on, by_full, by_user = rest
            if full_classes is not None and class_id not in full_classes:
                participants = family = school = ""
                if restricted:
                    if not heads:
                        heads.update(
                            head_teacher_names(
                                scope.classes().values_list("id", flat=True), scope.term
                            )
                        )
                    summary = restricted_note % {"name": heads.get(class_id, "—")}
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
        detail=True,
    )


def home_visit_summaries(scope: Scope, filters: Filters, term) -> list:
    from family import selectors as family_selectors

    if term is None or not sees_any_family(scope):
        return []
    from family.rules import family_students

    students = family_students(scope).filter(filters.class_q("school_class"))
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
        totals=lambda: (
            pgettext("report", "Total"),
            *(
                sum(values)
                for values in zip(
                    *(
                        (s.struggling, s.visited_this_term, s.overdue)
                        for s in home_visit_summaries(scope, filters, filters.term)
                    ),
                    strict=True,
                )
            ),
        ),
    )


# ---- the plug-in ----------------------------------------------------------------------------
def sheets(*, scope: Scope, filters: Filters) -> list[Sheet]:
    if not sees_any_family(scope):
        return []
    return [family_sheet(scope, filters), home_visit_sheet(scope, filters)]


def overview_rows(*, scope: Scope, filters: Filters) -> list[Figure]:
    if not sees_any_family(scope) or filters.term is None:
        return []
    summaries = home_visit_summaries(scope, filters, filters.term)
    return [
        Figure(
            pgettext("report", "Struggling students visited at home this term"),
            sum(s.visited_this_term for s in summaries),
            order=40,
        ),
        Figure(
            pgettext("report", "Struggling students with a home visit overdue"),
            sum(s.overdue for s in summaries),
            order=41,
        ),
    ]


def case_columns(*, scope: Scope) -> list[CaseColumn]:
    if not sees_any_family(scope):
        return []
    return [
        CaseColumn(
            header=lambda: pgettext("report", "Next family contact due"),
            values=next_contact_due(scope),
            width=16,
        )
    ]
