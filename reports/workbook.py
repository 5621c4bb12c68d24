"""The summary workbook: its own sheets, then the other apps' (``extra.py``), each a ``Sheet``.

Rows are generators over ``values_list(...).iterator(chunk_size=2000)``, so a
sheet of any size streams into the write-only workbook. Headers are translated
when the sheets are built: build them under the requesting user's language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import pgettext

from archives.models import SupportCase
from archives.sheets import scoped_cases
from core.plugins import Sheet
from core.text import join_list
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


def total_label() -> str:
    return pgettext("report", "Total")


def case_totals(cases) -> dict:
    """The status counts of all ``cases`` at once: distinct students counted once."""
    return cases.order_by().aggregate(**selectors.STATUS_COUNTS)


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

    def totals():
        cases = scoped_cases(scope, filters).filter(student__school_class__in=classes)
        students = selectors.scoped_students(scope, filters).filter(school_class__in=classes)
        return (total_label(), "", students.count(), *status_values(case_totals(cases)))

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
        totals=totals,
    )


def grade_sheet(scope: Scope, filters: Filters) -> Sheet:
    """The same figures per grade, for the district's per-grade return."""
    classes = scope.classes()
    if filters.school_class is not None:
        classes = classes.filter(pk=filters.school_class.pk)
    if filters.grade is not None:
        classes = classes.filter(grade=filters.grade)

    def rows():
        field = "student__school_class__grade__level"
        by_grade = {
            row[field]: row
            for row in selectors.cases_by(
                scoped_cases(scope, filters).filter(student__school_class__in=classes), field
            )
        }
        students = dict(
            selectors.scoped_students(scope, filters)
            .filter(school_class__in=classes)
            .order_by()
            .values("school_class__grade__level")
            .annotate(n=Count("id"))
            .values_list("school_class__grade__level", "n")
        )
        class_counts = dict(
            classes.order_by()
            .values("grade__level")
            .annotate(n=Count("id"))
            .values_list("grade__level", "n")
        )
        empty = dict.fromkeys(selectors.STATUS_COUNTS, 0)
        for level in sorted(class_counts):
            yield (
                GRADE_NAMES.get(level, str(level)),
                class_counts[level],
                students.get(level, 0),
                *status_values(by_grade.get(level, empty)),
            )

    def totals():
        cases = scoped_cases(scope, filters).filter(student__school_class__in=classes)
        students = selectors.scoped_students(scope, filters).filter(school_class__in=classes)
        return (
            total_label(),
            classes.count(),
            students.count(),
            *status_values(case_totals(cases)),
        )

    return Sheet(
        title=pgettext("report", "By grade"),
        headers=[
            pgettext("report", "Grade"),
            pgettext("report", "Classes"),
            pgettext("report", "Students in school"),
            *status_headers(),
        ],
        rows=rows(),
        widths=[10, 8, 12, 12, 10, 10, 10, 10, 10, 12],
        totals=totals,
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
        # A student struggling in two subjects is one struggling student in the total.
        totals=lambda: (total_label(), *status_values(case_totals(scoped_cases(scope, filters)))),
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
        # A case with two responsible teachers is one case in the total.
        totals=lambda: (total_label(), *status_values(case_totals(scoped_cases(scope, filters)))),
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
    return {case_id: join_list(n) for case_id, n in names.items()}


def cause_names(weak_foundation: bool, attitude: bool) -> str:
    names = []
    if weak_foundation:
        names.append(str(SupportCase.Cause.WEAK_FOUNDATION.label))
    if attitude:
        names.append(str(SupportCase.Cause.ATTITUDE.label))
    return join_list(names)


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


def build_sheets(scope: Scope, filters: Filters, *, detail: bool = False) -> list[Sheet]:
    """Every sheet of the summary workbook the user may have, in order; with ``detail``,
    the sheets of the 明细 workbook instead (the raw logs: observations, contacts...)."""
    from . import extra

    if detail:
        return [sheet for sheet in extra.sheets(scope, filters) if sheet.detail]
    return [
        overview_sheet(scope, filters),
        grade_sheet(scope, filters),
        class_sheet(scope, filters),
        subject_sheet(scope, filters),
        teacher_sheet(scope, filters),
        case_list_sheet(scope, filters),
        *[sheet for sheet in extra.sheets(scope, filters) if not sheet.detail],
    ]


def row_total(sheets: list[Sheet]) -> int:
    """A cheap count of the rows to write: sheets without a count are small."""
    return sum(sheet.row_count() for sheet in sheets if sheet.row_count is not None)


# ---- the return's cover, caption and file name ---------------------------------------
def school_name() -> str:
    return settings.SCHOOL_NAME or pgettext("report", "Our school")


def scope_label(scope: Scope, filters: Filters) -> str:
    """Whose figures: the class, grade or subject filtered on, or the user's reach."""
    parts = [str(item) for item in (filters.grade, filters.school_class, filters.subject) if item]
    if parts:
        return " · ".join(parts)
    if scope.school_wide:
        return pgettext("report", "Whole school")
    return pgettext("report", "Classes and subjects of %(user)s") % {"user": scope.user}


def period_label(filters: Filters) -> str:
    parts = []
    if filters.term is not None:
        parts.append(str(filters.term))
    if filters.start or filters.end:
        parts.append(f"{filters.start or '…'} – {filters.end or '…'}")
    return " · ".join(parts) or pgettext("report", "All terms")


def workbook_title(*, detail: bool) -> str:
    if detail:
        return pgettext("report", "Struggling-student support: detail records")
    return pgettext("report", "Struggling-student support: summary return")


def write_options(scope: Scope, filters: Filters, *, detail: bool = False) -> dict:
    """What ``core.xlsx.write_workbook`` needs besides the sheets: the caption under every
    sheet's title and the cover sheet (school, scope, term, 填报单位, 制表人, 审核人, dates)."""
    now = timezone.localtime()
    school = school_name()
    caption = " · ".join((school, scope_label(scope, filters), period_label(filters)))
    cover = [
        (pgettext("report", "School"), school),
        (pgettext("report", "Covers"), scope_label(scope, filters)),
        (pgettext("report", "Period"), period_label(filters)),
        (pgettext("report", "Reporting unit"), school),
        (pgettext("report", "Prepared by"), str(scope.user)),
        (pgettext("report", "Reviewed by"), ""),
        (pgettext("report", "Date"), now.date()),
        (pgettext("report", "Data as of"), now),
    ]
    title = f"{school} {workbook_title(detail=detail)}"
    return {"caption": caption, "cover": cover, "cover_title": title}


FILE_NAME_FORBIDDEN = str.maketrans('\\/:*?"<>|', "_________")


def download_name(scope: Scope, filters: Filters, *, detail: bool = False) -> str:
    """学校-范围-汇总表-日期.xlsx: the school, the scope and the date, as filed."""
    kind = pgettext("report", "detail") if detail else pgettext("report", "summary")
    parts = [school_name(), scope_label(scope, filters).replace(" · ", "-"), kind]
    stamp = timezone.localtime().strftime("%Y%m%d")
    name = "-".join(part for part in parts if part) + f"-{stamp}.xlsx"
    return name.translate(FILE_NAME_FORBIDDEN)
