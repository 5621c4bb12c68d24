"""The day's homework load per class, computed in Python from a constant number of queries.

Each student's expected minutes on a day are the sum, across all subjects, of
what that student takes in every assignment that counts toward the load: their
personalised item if they have one, else the tier chosen for them, else the
class's tier. The policy limits the class *average*; students whose own total
exceeds the limit are listed too. Weekends and holidays count like school days.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from school.models import Grade, SchoolClass, Subject
from students.models import Student

from .models import Assignment, LoadLimit, PersonalisedItem, StudentTier, Tier

POLICY_MINUTES = {
    Grade.Band.LOWER_PRIMARY: 0,
    Grade.Band.UPPER_PRIMARY: 60,
    Grade.Band.JUNIOR: 90,
}


@dataclass
class SubjectLoad:
    subject: Subject
    class_minutes: int  # the class's tier
    average: Decimal  # over the class's students
    assignment_ids: list[int] = field(default_factory=list)


@dataclass
class DayLoad:
    school_class: SchoolClass
    date: datetime.date
    limit: int
    average: Decimal
    subjects: list[SubjectLoad]
    students_over: list[tuple[Student, int]]  # (student, their minutes)
    student_count: int

    @property
    def over(self) -> bool:
        return self.average > self.limit

    @property
    def empty(self) -> bool:
        return not self.subjects


def limits_by_band() -> dict[str, int]:
    limits = dict(POLICY_MINUTES)
    limits.update(LoadLimit.objects.values_list("band", "minutes"))
    return limits


def _round(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def day_loads(
    classes: Iterable[SchoolClass], days: Iterable[datetime.date]
) -> dict[tuple[int, datetime.date], DayLoad]:
    """The load of every (class, day): seven queries, whatever the number of cells.

    ``classes`` must have their grade loaded (``select_related("grade")``).
    """
    classes = list(classes)
    days = sorted(set(days))
    by_class = {c.pk: c for c in classes}
    limits = limits_by_band()
    result: dict[tuple[int, datetime.date], DayLoad] = {}
    if not classes or not days:
        return result

    assignments = Assignment.objects.counting_load().filter(
        school_class_id__in=by_class, date__in=days
    )
    rows = list(
        assignments.values_list("id", "school_class_id", "subject_id", "date", "default_level")
    )
    ids = [r[0] for r in rows]
    tier_minutes: dict[tuple[int, str], int] = {}
    chosen: dict[int, dict[int, str]] = defaultdict(dict)
    personal: dict[int, dict[int, int]] = defaultdict(dict)
    subjects: dict[int, Subject] = {}
    if ids:
        tier_minutes = {
            (a, level): m
            for a, level, m in Tier.objects.filter(assignment_id__in=ids).values_list(
                "assignment_id", "level", "minutes"
            )
        }
        for a, s, level in StudentTier.objects.filter(assignment_id__in=ids).values_list(
            "assignment_id", "student_id", "level"
        ):
            chosen[a][s] = level
        for a, s, m in PersonalisedItem.objects.filter(assignment_id__in=ids).values_list(
            "assignment_id", "student_id", "minutes"
        ):
            personal[a][s] = m
        subjects = {s.pk: s for s in Subject.objects.filter(pk__in={r[2] for r in rows})}
    students_by_class: dict[int, list[Student]] = defaultdict(list)
    for s in (
        Student.objects.in_school()
        .filter(school_class_id__in=by_class)
        .only("id", "name", "student_number", "school_class_id")
        .order_by("student_number")
    ):
        students_by_class[s.school_class_id].append(s)

    cells: dict[tuple[int, datetime.date], list] = defaultdict(list)
    for row in rows:
        cells[(row[1], row[3])].append(row)

    for c in classes:
        limit = limits.get(c.grade.band, 0)
        students = students_by_class.get(c.pk, [])
        for day in days:
            per_student: dict[int, int] = defaultdict(int)
            per_subject: dict[int, SubjectLoad] = {}
            class_total = 0
            for a_id, _class, subject_id, _date, default_level in cells.get((c.pk, day), []):
                default_minutes = _minutes_of(tier_minutes, a_id, default_level)
                subject_sum = 0
                for s in students:
                    if s.pk in personal[a_id]:
                        m = personal[a_id][s.pk]
                    elif s.pk in chosen[a_id]:
                        m = _minutes_of(tier_minutes, a_id, chosen[a_id][s.pk])
                    else:
                        m = default_minutes
                    per_student[s.pk] += m
                    subject_sum += m
                if subject_id not in per_subject:
                    per_subject[subject_id] = SubjectLoad(
                        subject=subjects[subject_id], class_minutes=0, average=Decimal(0)
                    )
                load = per_subject[subject_id]
                load.class_minutes += default_minutes
                load.assignment_ids.append(a_id)
                subject_avg = subject_sum / len(students) if students else default_minutes
                load.average = _round(load.average + Decimal(str(subject_avg)))
                class_total += default_minutes
            if students:
                average = _round(Decimal(sum(per_student[s.pk] for s in students)) / len(students))
            else:
                average = _round(class_total)
            over = [(s, per_student[s.pk]) for s in students if per_student[s.pk] > limit]
            result[(c.pk, day)] = DayLoad(
                school_class=c,
                date=day,
                limit=limit,
                average=average,
                subjects=sorted(
                    per_subject.values(), key=lambda x: (x.subject.order, x.subject.name)
                ),
                students_over=over,
                student_count=len(students),
            )
    return result


def _minutes_of(tier_minutes: dict, assignment_id: int, level: str) -> int:
    """The tier's minutes; a level the assignment lacks falls back to its basic tier."""
    if (assignment_id, level) in tier_minutes:
        return tier_minutes[(assignment_id, level)]
    return tier_minutes.get((assignment_id, "basic"), 0)


def day_load(school_class: SchoolClass, day: datetime.date) -> DayLoad:
    return day_loads([school_class], [day])[(school_class.pk, day)]
