"""The inspection report of a round: by item, subject, grade and teacher.

Built in a constant number of queries whatever the number of teachers, and
compared with the previous finalized round of the same subject (or whole school).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.xlsx import Sheet, workbook_bytes
from school.models import GRADE_NAMES, TeachingAssignment, User

from .models import InspectionResult, InspectionRound, ItemScore

Q1 = Decimal("0.1")


def _avg(values: list) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Q1)


def _delta(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    if now is None or before is None:
        return None
    return (now - before).quantize(Q1)


@dataclass
class ItemStat:
    name: str
    weight: int
    average: Decimal | None
    low: Decimal | None
    high: Decimal | None
    previous: Decimal | None = None

    @property
    def spread(self) -> Decimal | None:
        if self.low is None or self.high is None:
            return None
        return self.high - self.low

    @property
    def delta(self) -> Decimal | None:
        return _delta(self.average, self.previous)


@dataclass
class TeacherRow:
    teacher: User
    result: InspectionResult | None
    subjects: list[str]
    grades: list[str]
    scores: list[Decimal | None]
    comments: list[str]
    previous_total: Decimal | None = None

    @property
    def total(self) -> Decimal | None:
        return self.result.total_percent if self.result else None

    @property
    def delta(self) -> Decimal | None:
        return _delta(self.total, self.previous_total)


@dataclass
class GroupRow:
    label: str
    teachers: int
    averages: list[Decimal | None]
    total: Decimal | None
    low: Decimal | None
    high: Decimal | None
    previous: Decimal | None = None

    @property
    def spread(self) -> Decimal | None:
        if self.low is None or self.high is None:
            return None
        return self.high - self.low

    @property
    def delta(self) -> Decimal | None:
        return _delta(self.total, self.previous)


@dataclass
class Report:
    round: InspectionRound
    previous: InspectionRound | None
    items: list
    item_stats: list[ItemStat] = field(default_factory=list)
    overall: GroupRow | None = None
    by_subject: list[GroupRow] = field(default_factory=list)
    by_grade: list[GroupRow] = field(default_factory=list)
    teachers: list[TeacherRow] = field(default_factory=list)

    @property
    def problems(self) -> list[TeacherRow]:
        return [t for t in self.teachers if t.result and (t.result.problems or t.result.follow_up)]


def previous_round(inspection_round: InspectionRound) -> InspectionRound | None:
    return (
        InspectionRound.objects.filter(
            subject=inspection_round.subject,
            status=InspectionRound.Status.FINALIZED,
            due__lt=inspection_round.due,
        )
        .exclude(pk=inspection_round.pk)
        .order_by("-due", "-pk")
        .first()
    )


def _scores_by_teacher(inspection_round_id: int) -> dict[int, dict[str, tuple]]:
    """teacher id → item name → (score, comment)."""
    out: dict[int, dict[str, tuple]] = defaultdict(dict)
    for teacher_id, name, score, comment in ItemScore.objects.filter(
        result__round_id=inspection_round_id
    ).values_list("result__teacher_id", "item__name", "score", "comment"):
        out[teacher_id][name] = (score, comment)
    return out


def _group(label: str, rows: list[TeacherRow], n_items: int, previous: dict) -> GroupRow:
    totals = [r.total for r in rows if r.total is not None]
    prev = [previous[r.teacher.pk] for r in rows if r.teacher.pk in previous]
    return GroupRow(
        label=label,
        teachers=len(rows),
        averages=[_avg([r.scores[i] for r in rows]) for i in range(n_items)],
        total=_avg(totals),
        low=min(totals) if totals else None,
        high=max(totals) if totals else None,
        previous=_avg(prev),
    )


def build_report(inspection_round: InspectionRound) -> Report:
    items = list(inspection_round.items.all())
    previous = previous_round(inspection_round)
    report = Report(round=inspection_round, previous=previous, items=items)
    teachers = list(inspection_round.teachers.all())
    results = {
        r.teacher_id: r for r in inspection_round.results.select_related("inspector").order_by("pk")
    }
    scores = _scores_by_teacher(inspection_round.pk)

    subjects: dict[int, set[tuple[int, str]]] = defaultdict(set)
    grades: dict[int, set[int]] = defaultdict(set)
    assignments = TeachingAssignment.objects.filter(
        term_id=inspection_round.term_id, teacher__in=teachers
    )
    if inspection_round.subject_id:
        assignments = assignments.filter(subject_id=inspection_round.subject_id)
    for teacher_id, subject_name, subject_order, level in assignments.values_list(
        "teacher_id", "subject__name", "subject__order", "school_class__grade__level"
    ):
        subjects[teacher_id].add((subject_order, subject_name))
        grades[teacher_id].add(level)

    prev_totals: dict[int, Decimal] = {}
    prev_item: dict[str, list] = defaultdict(list)
    if previous is not None:
        prev_totals = dict(previous.results.values_list("teacher_id", "total_percent"))
        for by_item in _scores_by_teacher(previous.pk).values():
            for name, (score, _comment) in by_item.items():
                prev_item[name].append(score)

    for t in sorted(teachers, key=lambda u: u.full_name or u.username):
        mine = scores.get(t.pk, {})
        report.teachers.append(
            TeacherRow(
                teacher=t,
                result=results.get(t.pk),
                subjects=[name for _o, name in sorted(subjects[t.pk])],
                grades=[GRADE_NAMES.get(level, str(level)) for level in sorted(grades[t.pk])],
                scores=[mine.get(i.name, (None, ""))[0] for i in items],
                comments=[mine.get(i.name, (None, ""))[1] for i in items],
                previous_total=prev_totals.get(t.pk),
            )
        )

    for index, item in enumerate(items):
        values = [v for r in report.teachers if (v := r.scores[index]) is not None]
        report.item_stats.append(
            ItemStat(
                name=item.name,
                weight=item.weight,
                average=_avg(values),
                low=min(values) if values else None,
                high=max(values) if values else None,
                previous=_avg(prev_item.get(item.name, [])),
            )
        )
    n = len(items)
    report.overall = _group(_("All teachers"), report.teachers, n, prev_totals)
    by_subject: dict[tuple[int, str], list[TeacherRow]] = defaultdict(list)
    by_grade: dict[int, list[TeacherRow]] = defaultdict(list)
    for row in report.teachers:
        for order, name in sorted(subjects[row.teacher.pk]) or [(999, _("No teaching"))]:
            by_subject[(order, name)].append(row)
        for level in sorted(grades[row.teacher.pk]) or [99]:
            by_grade[level].append(row)
    report.by_subject = [
        _group(name, rows, n, prev_totals) for (_o, name), rows in sorted(by_subject.items())
    ]
    report.by_grade = [
        _group(GRADE_NAMES.get(level, _("No teaching")), rows, n, prev_totals)
        for level, rows in sorted(by_grade.items())
    ]
    return report


def _num(value):
    return float(value) if value is not None else None


def report_xlsx(report: Report) -> bytes:
    """The report as a workbook of five sheets, in the house style (``core.xlsx``)."""
    item_names = [i.name for i in report.items]
    item_widths = [10] * len(item_names)
    sheets: list[Sheet] = []

    def sheet(title: str, headers: list, rows, widths: list[int]) -> None:
        sheets.append(Sheet(title=title, headers=headers, rows=rows, widths=widths))

    sheet(
        _("Items"),
        [
            _("Item"),
            _("Weight"),
            _("Average"),
            _("Lowest"),
            _("Highest"),
            _("Spread"),
            _("Previous round"),
            pgettext("difference", "Change"),
        ],
        (
            [
                s.name,
                s.weight,
                _num(s.average),
                _num(s.low),
                _num(s.high),
                _num(s.spread),
                _num(s.previous),
                _num(s.delta),
            ]
            for s in report.item_stats
        ),
        [24, 8, 10, 10, 10, 10, 12, 10],
    )
    group_headers = [
        _("Group"),
        pgettext("count of", "Teachers"),
        *item_names,
        _("Weighted score (%)"),
        _("Spread"),
        _("Previous round"),
        pgettext("difference", "Change"),
    ]

    def group_rows(groups):
        for g in [report.overall, *groups]:
            yield [
                g.label,
                g.teachers,
                *[_num(a) for a in g.averages],
                _num(g.total),
                _num(g.spread),
                _num(g.previous),
                _num(g.delta),
            ]

    group_widths = [16, 10, *item_widths, 14, 10, 12, 10]
    sheet(_("By subject"), group_headers, group_rows(report.by_subject), group_widths)
    sheet(_("By grade"), group_headers, group_rows(report.by_grade), group_widths)
    sheet(
        _("By teacher"),
        [
            _("Teacher"),
            _("Subjects"),
            _("Grades"),
            *item_names,
            _("Weighted score (%)"),
            _("Previous round"),
            pgettext("difference", "Change"),
            _("Inspector"),
        ],
        (
            [
                str(t.teacher),
                "、".join(t.subjects),
                "、".join(t.grades),
                *[_num(s) for s in t.scores],
                _num(t.total),
                _num(t.previous_total),
                _num(t.delta),
                str(t.result.inspector) if t.result else "",
            ]
            for t in report.teachers
        ),
        [12, 16, 16, *item_widths, 14, 12, 10, 12],
    )
    sheet(
        _("Problems and follow-ups"),
        [_("Teacher"), _("Problems found"), _("Follow-up")],
        (
            [str(t.teacher), t.result.problems, t.result.follow_up]
            for t in report.problems
            if t.result is not None
        ),
        [12, 50, 50],
    )
    return workbook_bytes(sheets)
