"""The day's homework load per class, from a constant number of queries.

Each student's expected minutes on a day are the sum, across all subjects, of
what that student takes in every assignment that counts toward the load: their
personalised item if they have one, else the tier chosen for them, else the
class's tier. The policy limits the class *average*; students whose own total
exceeds the limit are listed too. A school's per-subject caps bound each
subject's class average the same way. Days that are not school days (weekends
and holidays, see ``schooldays``) are marked: no written homework to take home
is set for them.

``Draft`` is homework still being typed: the live preview counts it in place
of its saved version, with the saved per-student tiers and personalised items.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from school.models import SchoolClass, Subject
from students.models import Student

from .models import (
    NATIONAL_CEILINGS,
    Assignment,
    LoadLimit,
    PersonalisedItem,
    StudentTier,
    SubjectCap,
    Tier,
)
from .schooldays import non_school_days

POLICY_MINUTES = NATIONAL_CEILINGS
_STUDENT_FIELDS = {"id", "name", "student_number", "school_class_id"}  # (id first)


@dataclass
class SubjectLoad:
    subject: Subject
    class_minutes: int  # the class's tier
    average: Decimal  # over the class's students
    assignment_ids: list[int] = field(default_factory=list)
    cap: int | None = None  # the school's cap on this subject in this grade

    @property
    def over(self) -> bool:
        return self.cap is not None and self.average > self.cap


@dataclass
class Draft:
    """Homework being typed, counted in place of its saved version (``assignment_id``)."""

    school_class_id: int
    subject_id: int
    date: datetime.date
    default_level: str
    tier_minutes: dict[str, int]
    counts: bool = True  # written homework to take home
    assignment_id: int | None = None

    @property
    def key(self) -> int:
        return self.assignment_id or 0  # no saved assignment has the id 0


@dataclass
class DayLoad:
    school_class: SchoolClass
    date: datetime.date
    limit: int
    average: Decimal
    subjects: list[SubjectLoad]
    students_over: list[tuple[Student, int]]  # (student, their minutes)
    student_count: int
    non_school_reason: str = ""  # "Weekend", a holiday's name; empty on a school day

    @property
    def subjects_over(self) -> list[SubjectLoad]:
        return [s for s in self.subjects if s.over]

    @property
    def over(self) -> bool:
        return self.average > self.limit or bool(self.subjects_over)

    @property
    def school_day(self) -> bool:
        return not self.non_school_reason

    @property
    def empty(self) -> bool:
        return not self.subjects


def limits_by_band() -> dict[str, int]:
    """The school's limits, never above the national ceilings."""
    limits = dict(NATIONAL_CEILINGS)
    for band, minutes in LoadLimit.objects.values_list("band", "minutes"):
        limits[band] = min(minutes, NATIONAL_CEILINGS.get(band, minutes))
    return limits


def _round(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def day_loads(
    classes: Iterable[SchoolClass],
    days: Iterable[datetime.date],
    *,
    draft: Draft | None = None,
    calendar: bool = True,
) -> dict[tuple[int, datetime.date], DayLoad]:
    """The load of every (class, day): at most ten queries, whatever the number of cells.

    ``classes`` must have their grade loaded (``select_related("grade")``).
    ``calendar=False`` leaves out which days are school days (two queries fewer).
    """
    classes = list(classes)
    days = sorted(set(days))
    by_class = {c.pk: c for c in classes}
    result: dict[tuple[int, datetime.date], DayLoad] = {}
    if not classes or not days:
        return result
    limits = limits_by_band()
    closed = non_school_days(days) if calendar else {}

    assignments = (
        Assignment.objects.counting_load().on_days(days).filter(school_class_id__in=by_class)
    )
    if draft is not None and draft.assignment_id:
        assignments = assignments.exclude(pk=draft.assignment_id)
    rows = list(
        assignments.values_list("id", "school_class_id", "subject_id", "date", "default_level")
    )
    ids = [r[0] for r in rows]
    if draft is not None and draft.counts and draft.school_class_id in by_class:
        rows.append(
            (draft.key, draft.school_class_id, draft.subject_id, draft.date, draft.default_level)
        )
        ids.append(draft.key)
    tier_minutes: dict[tuple[int, str], int] = {}
    chosen: dict[int, dict[int, str]] = defaultdict(dict)
    personal: dict[int, dict[int, int]] = defaultdict(dict)
    subjects: dict[int, Subject] = {}
    caps: dict[tuple[int, int], int] = {}
    if ids:
        tier_minutes = {
            (a, level): m
            for a, level, m in Tier.objects.filter(assignment_id__in=ids).values_list(
                "assignment_id", "level", "minutes"
            )
        }
        if draft is not None:
            for level in {"basic", "improving", "extension"}:
                tier_minutes.pop((draft.key, level), None)
            tier_minutes.update({(draft.key, lvl): m for lvl, m in draft.tier_minutes.items()})
        for a, student_id, level in StudentTier.objects.filter(assignment_id__in=ids).values_list(
            "assignment_id", "student_id", "level"
        ):
            chosen[a][student_id] = level
        for a, student_id, m in PersonalisedItem.objects.filter(assignment_id__in=ids).values_list(
            "assignment_id", "student_id", "minutes"
        ):
            personal[a][student_id] = m
        subjects = {s.pk: s for s in Subject.objects.filter(pk__in={r[2] for r in rows})}
        caps = {
            (g, s): m
            for g, s, m in SubjectCap.objects.filter(
                grade_id__in={c.grade_id for c in classes}, subject_id__in=subjects
            ).values_list("grade_id", "subject_id", "minutes")
        }
    # Read as rows: a model is built only for a pupil listed over the limit (at 16,000
    # pupils, building all of a grade's 1,800 was a fifth of the week's page).
    fields = [f.attname for f in Student._meta.concrete_fields if f.attname in _STUDENT_FIELDS]
    pupils = Student.objects.in_school().filter(school_class_id__in=by_class)
    students_by_class: dict[int, list[tuple]] = defaultdict(list)
    class_at = fields.index("school_class_id")
    for pupil in pupils.order_by("student_number").values_list(*fields):
        students_by_class[pupil[class_at]].append(pupil)
    built: dict[int, Student] = {}

    def student(pupil: tuple) -> Student:
        # As ``.only(*_STUDENT_FIELDS)`` builds it: the other fields deferred.
        if pupil[0] not in built:
            built[pupil[0]] = Student.from_db(pupils.db, fields, pupil)
        return built[pupil[0]]

    cells: dict[tuple[int, datetime.date], list] = defaultdict(list)
    for row in rows:
        cells[(row[1], row[3])].append(row)

    for c in classes:
        limit = limits.get(c.grade.band, 0)
        students = students_by_class.get(c.pk, [])
        n = len(students)
        position = {s[0]: i for i, s in enumerate(students)}
        for day in days:
            # Every pupil takes the class's tier but those with a personalised item or a
            # tier of their own: sums are the class's tier × pupils plus those pupils'
            # differences, so the work grows with the exceptions, not with the pupils.
            baseline = 0  # a pupil's day without exceptions
            deltas: dict[int, int] = defaultdict(int)  # pupil → minutes above the baseline
            per_subject: dict[int, SubjectLoad] = {}
            class_total = 0
            for a_id, _class, subject_id, _date, default_level in cells.get((c.pk, day), []):
                default_minutes = _minutes_of(tier_minutes, a_id, default_level)
                subject_sum = default_minutes * n
                own_tier = chosen.get(a_id, {})
                own_item = personal.get(a_id, {})
                for student_id in own_item.keys() | own_tier.keys():
                    if student_id not in position:
                        continue
                    if student_id in own_item:
                        m = own_item[student_id]
                    else:
                        m = _minutes_of(tier_minutes, a_id, own_tier[student_id])
                    deltas[student_id] += m - default_minutes
                    subject_sum += m - default_minutes
                baseline += default_minutes
                if subject_id not in per_subject:
                    per_subject[subject_id] = SubjectLoad(
                        subject=subjects[subject_id],
                        class_minutes=0,
                        average=Decimal(0),
                        cap=caps.get((c.grade_id, subject_id)),
                    )
                load = per_subject[subject_id]
                load.class_minutes += default_minutes
                load.assignment_ids.append(a_id)
                subject_avg = subject_sum / n if students else default_minutes
                load.average = _round(load.average + Decimal(str(subject_avg)))
                class_total += default_minutes
            if students:
                average = _round(Decimal(baseline * n + sum(deltas.values())) / n)
            else:
                average = _round(class_total)
            if baseline > limit:
                over = [
                    (student(s), baseline + deltas.get(s[0], 0))
                    for s in students
                    if baseline + deltas.get(s[0], 0) > limit
                ]
            else:
                over = [
                    (student(students[position[pk]]), baseline + d)
                    for pk, d in sorted(deltas.items(), key=lambda item: position[item[0]])
                    if baseline + d > limit
                ]
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
                non_school_reason=closed.get(day, ""),
            )
    return result


def _minutes_of(tier_minutes: dict, assignment_id: int, level: str) -> int:
    """The tier's minutes; a level the assignment lacks falls back to its basic tier."""
    if (assignment_id, level) in tier_minutes:
        return tier_minutes[(assignment_id, level)]
    return tier_minutes.get((assignment_id, "basic"), 0)


def day_load(
    school_class: SchoolClass, day: datetime.date, *, draft: Draft | None = None
) -> DayLoad:
    return day_loads([school_class], [day], draft=draft)[(school_class.pk, day)]
