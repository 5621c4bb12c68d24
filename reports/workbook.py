"""The summary workbook: its own sheets, then the other apps' (``extra.py``), each a ``Sheet``.

Rows are generators over ``values_list(...).iterator(chunk_size=2000)``, so a
sheet of any size streams into the write-only workbook. Headers are translated
when the sheets are built: build them under the requesting user's language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import pgettext

from archives.models import SupportCase
from archives.sheets import scoped_cases
from core.plugins import Sheet
from core.xlsx import Percent
from school.models import GRADE_NAMES
from school.reporting import Filters
from school.scoping import Scope
from students.models import Student

from . import selectors

CHUNK = 2000


def ratio(part: int, whole: int) -> Percent | None:
    return Percent(part / whole) if whole else None


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def user_name(full_name: str | None, username: str | None) -> str:
    return full_name or username or ""


STATUS_LABELS = dict(SupportCase.Status.choices)
GENDER_LABELS = dict(Student.Gender.choices)


# ---- overview -------------------------------------------------------------------
def overview_sheet(scope: Scope, filters: Filters) -> Sheet:
    def rows():
        cases = scoped_cases(scope, filters)
        students = selectors.scoped_students(scope, filters)
        counts = selectors.status_counts(cases)
        total = sum(counts.values())
        struggling = cases.values("student").distinct().count()
        yield (
            pgettext("report", "Covers"),
            filters.describe() or pgettext("report", "Everything in your scope"),
        )
        yield (pgettext("report", "Prepared by"), str(scope.user))
        yield (pgettext("report", "Prepared at"), timezone.localtime())
        yield (pgettext("report", "Students in school"), students.count())
        yield (pgettext("report", "Struggling students"), struggling)
        yield (pgettext("report", "Support cases"), total)
        for value, label in SupportCase.Status.choices:
            yield (pgettext("report", "Cases: %(status)s") % {"status": label}, counts[value])
        yield (
            pgettext("report", "Improvement rate"),
            ratio(counts[SupportCase.Status.IMPROVED], total),
        )
        previous = filters.term.previous() if filters.term else None
        if previous is not None:
            rate = selectors.improvement_rate(scoped_cases(scope, filters, term=previous))
            yield (
                pgettext("report", "Improvement rate, %(term)s") % {"term": previous},
                ratio(rate.improved, rate.total),
            )
        yield from extra_overview_rows(scope, filters)

    return Sheet(
        title=pgettext("report", "Overview"),
        headers=[pgettext("report", "Item"), pgettext("report", "Value")],
        rows=rows(),
        widths=[36, 40],
    )


def extra_overview_rows(scope: Scope, filters: Filters) -> Iterator[tuple]:
    """Figures of the other apps, where their records exist (their ``sheets.py``)."""
    from . import extra

    yield from extra.overview_rows(scope, filters)


# ---- by class -----------------------------------------------------------------
def status_headers() -> list[str]:
    return [
        pgettext("report", "Struggling students"),
        pgettext("report", "Cases"),
        *[str(label) for label in SupportCase.Status.labels],
        pgettext("report", "Improvement rate"),
    ]


def status_values(row: dict) -> list:
    return [
        row["students"],
        row["cases"],
        *(row[status] for status in SupportCase.Status.values),
        ratio(row[SupportCase.Status.IMPROVED], row["cases"]),
    ]


def class_sheet(scope: Scope, filters: Filters) -> Sheet:
    classes = scope.classes()
    if filters.school_class is not None:
        classes = classes.filter(pk=filters.school_class.pk)
    if filters.grade is not None:
        classes = classes.filter(grade=filters.grade)

    def rows():
        by_class = {
            row["student__school_class"]: row
            for row in selectors.cases_by(scoped_cases(scope, filters), "student__school_class")
        }
        students = selectors.students_by_class(selectors.scoped_students(scope, filters))
        empty = dict.fromkeys(selectors.STATUS_COUNTS, 0)
        for school_class in classes.order_by("grade__level", "number"):
            row = by_class.get(school_class.pk, empty)
            yield (
                school_class.grade.name,
                str(school_class),
                students.get(school_class.pk, 0),
                *status_values(row),
            )

    return Sheet(
        title=pgettext("report", "By class"),
        headers=[
            pgettext("report", "Grade"),
            pgettext("report", "Class"),
            pgettext("report", "Students in school"),
            *status_headers(),
        ],
        rows=rows(),
        widths=[10, 18, 12, 12, 10, 10, 10, 10, 10, 12],
        row_count=classes.count,
    )


def subject_sheet(scope: Scope, filters: Filters) -> Sheet:
    def rows():
        for row in selectors.cases_by(
            scoped_cases(scope, filters), "subject__order", "subject__name"
        ):
            yield (row["subject__name"], *status_values(row))

    return Sheet(
        title=pgettext("report", "By subject"),
        headers=[pgettext("report", "Subject"), *status_headers()],
        rows=rows(),
        widths=[14, 12, 10, 10, 10, 10, 10, 12],
    )


def teacher_sheet(scope: Scope, filters: Filters) -> Sheet:
    """Cases per responsible teacher (a case with two teachers counts for both)."""

    def rows():
        through = SupportCase.responsible_teachers.through
        links = through.objects.filter(supportcase__in=scoped_cases(scope, filters).values("id"))
        counts = {
            "students": Count("supportcase__student", distinct=True),
            "cases": Count("supportcase"),
        }
        for value in SupportCase.Status.values:
            counts[value] = Count("supportcase", filter=Q(supportcase__status=value))
        for row in (
            links.order_by()
            .values("user", "user__full_name", "user__username")
            .annotate(**counts)
            .order_by("user__full_name", "user__username")
        ):
            yield (user_name(row["user__full_name"], row["user__username"]), *status_values(row))

    return Sheet(
        title=pgettext("report", "By teacher"),
        headers=[pgettext("report", "Teacher"), *status_headers()],
        rows=rows(),
        widths=[14, 12, 10, 10, 10, 10, 10, 12],
    )


# ---- the struggling-student list ----------------------------------------------------
CASE_FIELDS = (
    "id",
    "student_id",
    "student__school_class_id",
    "identified_on",
    "student__student_number",
    "student__name",
    "student__gender",
    "student__school_class__grade__level",
    "student__school_class__name",
    "subject__name",
    "cause_weak_foundation",
    "cause_attitude",
    "difficulty_type",
    "status",
    "identified_by__full_name",
    "identified_by__username",
)
TYPE_LABELS = dict(SupportCase.Type.choices)


def responsible_names(case_ids: list[int]) -> dict[int, str]:
    through = SupportCase.responsible_teachers.through
    names: dict[int, list[str]] = defaultdict(list)
    for case_id, full_name, username in (
        through.objects.filter(supportcase_id__in=case_ids)
        .order_by("user__full_name", "user__username")
        .values_list("supportcase_id", "user__full_name", "user__username")
    ):
        names[case_id].append(user_name(full_name, username))
    return {case_id: "、".join(n) for case_id, n in names.items()}


def cause_names(weak_foundation: bool, attitude: bool) -> str:
    names = []
    if weak_foundation:
        names.append(str(SupportCase.Cause.WEAK_FOUNDATION.label))
    if attitude:
        names.append(str(SupportCase.Cause.ATTITUDE.label))
    return "、".join(names)


def case_list_sheet(scope: Scope, filters: Filters) -> Sheet:
    from . import extra

    cases = scoped_cases(scope, filters)
    extras = extra.case_columns(scope)

    def rows():
        ordered = cases.order_by(
            "student__school_class__grade__level",
            "student__school_class__number",
            "student__student_number",
            "subject__order",
            "id",
        ).values_list(*CASE_FIELDS)
        for batch in batched(ordered.iterator(chunk_size=CHUNK), CHUNK):
            teachers = responsible_names([row[0] for row in batch])
            extra_values = [column.values(batch) for column in extras]
            for row in batch:
                (
                    case_id,
                    _student_id,
                    _class_id,
                    identified_on,
                    number,
                    name,
                    gender,
                    level,
                    class_name,
                    subject,
                    weak_foundation,
                    attitude,
                    difficulty_type,
                    status,
                    by_full,
                    by_user,
                ) = row
                yield (
                    number,
                    name,
                    GENDER_LABELS.get(gender, gender),
                    GRADE_NAMES.get(level, level),
                    class_name,
                    subject,
                    cause_names(weak_foundation, attitude),
                    TYPE_LABELS.get(difficulty_type, difficulty_type),
                    STATUS_LABELS.get(status, status),
                    identified_on,
                    user_name(by_full, by_user),
                    teachers.get(case_id, ""),
                    *[values.get(case_id) for values in extra_values],
                )

    return Sheet(
        title=pgettext("report", "Struggling-student list"),
        headers=[
            pgettext("report", "Student number"),
            pgettext("report", "Name"),
            pgettext("report", "Gender"),
            pgettext("report", "Grade"),
            pgettext("report", "Class"),
            pgettext("report", "Subject"),
            pgettext("report", "Primary causes"),
            pgettext("report", "Type"),
            pgettext("report", "Status"),
            pgettext("report", "Identified on"),
            pgettext("report", "Identified by"),
            pgettext("report", "Responsible teachers"),
            *[column.header() for column in extras],
        ],
        rows=rows(),
        widths=[14, 10, 6, 10, 16, 10, 18, 14, 10, 12, 10, 20, *[c.width for c in extras]],
        row_count=cases.count,
    )


def build_sheets(scope: Scope, filters: Filters) -> list[Sheet]:
    """Every sheet of the workbook the user may have, in order."""
    from . import extra

    sheets = [
        overview_sheet(scope, filters),
        class_sheet(scope, filters),
        subject_sheet(scope, filters),
        teacher_sheet(scope, filters),
        case_list_sheet(scope, filters),
        *extra.sheets(scope, filters),
    ]
    return sheets


def row_total(sheets: list[Sheet]) -> int:
    """A cheap count of the rows to write: sheets without a count are small."""
    return sum(sheet.row_count() for sheet in sheets if sheet.row_count is not None)
