"""The inspection report of a round: by item, subject, grade and teacher.

A teacher's figures are the averages of their inspectors' results, with the spread
(highest − lowest) where inspectors disagree. Built in a constant number of queries
whatever the number of teachers, and compared with the previous finalized round of
the same subject (or whole school).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.text import join_list
from core.xlsx import Sheet, workbook_bytes
from school.models import GRADE_NAMES, TeachingAssignment, User

from .combined import LARGE_SPREAD, Q1, spread
from .combined import average as _avg
from .models import (
    FollowUpItem,
    InspectionResult,
    InspectionRound,
    ItemScore,
    RoundItem,
    SelfCheckScore,
)


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
    """A teacher: the average of their inspectors' item scores and totals, with spreads."""

    teacher: User
    results: list[InspectionResult]
    subjects: list[str]
    grades: list[str]
    scores: list[Decimal | None]
    spreads: list[Decimal | None]
    disputed: list[bool]
    previous_total: Decimal | None = None
    self_check_total: Decimal | None = None  # a two-stage round's self-check, kept

    @property
    def total(self) -> Decimal | None:
        return _avg(r.total_percent for r in self.results)

    @property
    def total_spread(self) -> Decimal | None:
        return spread(r.total_percent for r in self.results)

    @property
    def cells(self) -> list[tuple[Decimal | None, Decimal | None, bool]]:
        """Per item: (average, spread, whether the inspectors disagree)."""
        return list(zip(self.scores, self.spreads, self.disputed, strict=True))

    @property
    def inspectors(self) -> list[User]:
        return [r.inspector for r in self.results]

    @property
    def notes(self) -> list[InspectionResult]:
        return [r for r in self.results if r.problems or r.follow_up]

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
    follow_ups: list[FollowUpItem] = field(default_factory=list)

    @property
    def problems(self) -> list[TeacherRow]:
        return [t for t in self.teachers if t.notes]

    @property
    def is_open(self) -> bool:
        return not self.round.is_finalized

    @property
    def title(self) -> str:
        return _("%(subject)s %(kind)s report, %(term)s") % {
            "subject": self.round.subject_label,
            "kind": self.round.get_kind_display(),
            "term": self.round.term,
        }

    @property
    def school(self) -> str:
        return getattr(settings, "SCHOOL_NAME", "")

    def item_notes(self) -> list[tuple[TeacherRow, InspectionResult, RoundItem, ItemScore]]:
        """(teacher, inspector's result, item, score): the evidence and comment per item."""
        out = []
        for t in self.teachers:
            for r in t.results:
                by_item = {s.item_id: s for s in getattr(r, "item_scores", [])}
                for item in self.items:
                    if item.pk in by_item:
                        out.append((t, r, item, by_item[item.pk]))
        return out


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


def _scores_by_teacher(inspection_round_id: int) -> dict[int, dict[str, list[Decimal]]]:
    """teacher id → item name → every inspector's score."""
    out: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for teacher_id, name, score in ItemScore.objects.filter(
        result__round_id=inspection_round_id
    ).values_list("result__teacher_id", "item__name", "score"):
        out[teacher_id][name].append(score)
    return out


def _totals_by_teacher(inspection_round: InspectionRound) -> dict[int, Decimal]:
    """teacher id → the average of their inspectors' weighted totals."""
    totals: dict[int, list[Decimal]] = defaultdict(list)
    for teacher_id, total in inspection_round.results.values_list("teacher_id", "total_percent"):
        totals[teacher_id].append(total)
    return {t: avg for t, values in totals.items() if (avg := _avg(values)) is not None}


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
    report.follow_ups = list(
        inspection_round.follow_ups.select_related("teacher", "created_by").order_by(
            "teacher__full_name", "due", "pk"
        )
    )
    teachers = list(inspection_round.teachers.all())
    results: dict[int, list[InspectionResult]] = defaultdict(list)
    for r in (
        inspection_round.results.select_related("inspector")
        .prefetch_related(
            Prefetch("scores", queryset=ItemScore.objects.order_by(), to_attr="item_scores")
        )
        .order_by("inspector__full_name", "inspector__username")
    ):
        results[r.teacher_id].append(r)
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
        prev_totals = _totals_by_teacher(previous)
        for by_item in _scores_by_teacher(previous.pk).values():
            for name, values in by_item.items():
                prev_item[name].append(_avg(values))

    self_totals: dict[int, list[Decimal]] = defaultdict(list)
    if inspection_round.two_stage:
        for teacher_id, total in SelfCheckScore.objects.filter(round=inspection_round).values_list(
            "teacher_id", "total_percent"
        ):
            self_totals[teacher_id].append(total)
    large = LARGE_SPREAD * inspection_round.max_score
    for t in sorted(teachers, key=lambda u: u.full_name or u.username):
        mine = scores.get(t.pk, {})
        spreads = [spread(mine.get(i.name, [])) for i in items]
        report.teachers.append(
            TeacherRow(
                teacher=t,
                results=results.get(t.pk, []),
                subjects=[name for _o, name in sorted(subjects[t.pk])],
                grades=[GRADE_NAMES.get(level, str(level)) for level in sorted(grades[t.pk])],
                scores=[_avg(mine.get(i.name, [])) for i in items],
                spreads=spreads,
                disputed=[s is not None and s >= large and s > 0 for s in spreads],
                previous_total=prev_totals.get(t.pk),
                self_check_total=_avg(self_totals.get(t.pk, [])),
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
    """The report as .xlsx (through ``core.xlsx``): items, groups, teachers, problems."""
    item_names = [i.name for i in report.items]
    change = pgettext("difference", "Change")
    items = Sheet(
        title=_("Items"),
        headers=[
            _("Item"),
            _("Weight"),
            _("Average"),
            _("Lowest"),
            _("Highest"),
            _("Spread"),
            _("Previous round"),
            change,
        ],
        rows=(
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
        widths=[24, 8, 10, 10, 10, 10, 12, 10],
    )
    group_headers = [
        _("Group"),
        pgettext("count of", "Teachers"),
        *item_names,
        _("Weighted score (%)"),
        _("Spread"),
        _("Previous round"),
        change,
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

    teachers = Sheet(
        title=_("By teacher"),
        headers=[
            _("Teacher"),
            _("Subjects"),
            _("Grades"),
            *item_names,
            _("Weighted score (%)"),
            _("Spread between inspectors"),
            _("Previous round"),
            change,
            _("Inspectors"),
            _("Items where inspectors disagree"),
            _("Self-check (%)"),
        ],
        rows=(
            [
                str(t.teacher),
                join_list(t.subjects),
                join_list(t.grades),
                *[_num(s) for s in t.scores],
                _num(t.total),
                _num(t.total_spread),
                _num(t.previous_total),
                _num(t.delta),
                join_list(t.inspectors),
                join_list(n for n, d in zip(item_names, t.disputed, strict=True) if d),
                _num(t.self_check_total),
            ]
            for t in report.teachers
        ),
        widths=[12, 12, 12, *[10] * len(item_names), 12, 12, 12, 10, 20, 24, 12],
    )
    by_inspector = Sheet(
        title=_("By inspector"),
        headers=[_("Teacher"), _("Inspector"), _("Weighted score (%)"), *item_names],
        rows=(
            [
                str(t.teacher),
                str(r.inspector),
                _num(r.total_percent),
                *[_num(_score(r, i)) for i in report.items],
            ]
            for t in report.teachers
            for r in t.results
        ),
        widths=[12, 12, 12, *[10] * len(item_names)],
    )
    problems = Sheet(
        title=_("Problems and follow-ups"),
        headers=[_("Teacher"), _("Inspector"), _("Problems found"), _("Follow-up")],
        rows=(
            [str(t.teacher), str(r.inspector), r.problems, r.follow_up]
            for t in report.problems
            for r in t.notes
        ),
        widths=[12, 12, 40, 30],
    )
    status = _("Not finished (figures may still change)") if report.is_open else _("Finalized")
    overall = report.overall
    cover = Sheet(
        title=_("Report"),
        headers=[_("Inspection report"), report.title],
        rows=[
            [_("School"), report.school],
            [_("Subject"), report.round.subject_label],
            [_("Round"), f"{report.round.term} · {report.round.get_kind_display()}"],
            [_("Due date"), report.round.due.isoformat()],
            [_("Status"), status],
            [
                _("Finalized on"),
                report.round.finalized_at.date().isoformat() if report.round.finalized_at else "",
            ],
            [pgettext("count of", "Teachers"), len(report.teachers)],
            [_("Average weighted score (%)"), _num(overall.total) if overall else None],
            [_("Lowest"), _num(overall.low) if overall else None],
            [_("Highest"), _num(overall.high) if overall else None],
            [_("Director's review"), report.round.review_note],
        ],
        widths=[22, 60],
        order=0,
    )
    evidence = Sheet(
        title=_("Evidence and comments"),
        headers=[
            _("Teacher"),
            _("Inspector"),
            _("Item"),
            _("Score"),
            _("Suggested score"),
            _("Evidence figures"),
            _("Comment"),
        ],
        rows=(
            [
                str(t.teacher),
                str(r.inspector),
                item.name,
                _num(score.score),
                _num(score.suggested),
                score.evidence_note,
                score.comment,
            ]
            for t, r, item, score in report.item_notes()
        ),
        widths=[12, 12, 16, 8, 10, 60, 30],
    )
    return workbook_bytes(
        [
            cover,
            items,
            Sheet(_("By subject"), group_headers, group_rows(report.by_subject)),
            Sheet(_("By grade"), group_headers, group_rows(report.by_grade)),
            teachers,
            by_inspector,
            evidence,
            problems,
            Sheet(
                title=_("Follow-up items"),
                headers=[
                    _("Teacher"),
                    _("Problem found"),
                    _("What to do"),
                    _("Due date"),
                    _("Done"),
                    _("What was done"),
                ],
                rows=(
                    [
                        str(f.teacher),
                        f.problem,
                        f.action,
                        f.due,
                        f.done_at.date() if f.done_at else _("not done"),
                        f.done_note,
                    ]
                    for f in report.follow_ups
                ),
                widths=[12, 36, 30, 12, 12, 30],
            ),
        ]
    )


def _score(result: InspectionResult, item) -> Decimal | None:
    scores = getattr(result, "item_scores", [])  # prefetched by build_report
    return next((s.score for s in scores if s.item_id == item.pk), None)
