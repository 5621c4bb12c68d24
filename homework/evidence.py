"""Figures a routine inspection shows for a teacher's lessons, homework setting and marking.

有发必收、有收必批、有批必评、有错必纠: marking is shown as coverage rates, each with its
numerator and denominator, so nobody counts exercise books by hand. ``records`` gives the
records behind a figure to the inspector's drill-down (inspections/views/records.py).
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from archives.models import SupportCase
from core.plugins import Evidence, EvidenceRecords
from core.text import join_list
from students.models import Student

from .models import (
    Assignment,
    HomeworkReview,
    LessonRecord,
    LoadOverride,
    MarkingRecord,
    PersonalisedItem,
)

LESSONS = "lesson_preparation"
SETTING = "homework_setting"
MARKING = "homework_marking"
RECORDS = "homework_records"

MARKING_KEYS = (
    "homework.collected",
    "homework.marked",
    "homework.commented",
    "homework.corrected",
    "homework.face_to_face",
    "homework.mistakes",
)


def _assignments(teacher, term, start, end):
    return Assignment.objects.filter(set_by=teacher, term=term, date__gte=start, date__lte=end)


def _take_home(assignments):
    """Written homework to take home (pre- and after-class): what is collected and marked.

    Withdrawn homework that was already marked still counts: withdrawing erases no evidence.
    """
    return (
        assignments.filter(Q(withdrawn_at__isnull=True) | Q(markings__isnull=False))
        .filter(kind=Assignment.Kind.WRITTEN)
        .exclude(phase=Assignment.Phase.IN_CLASS)
        .distinct()
    )


def _after_class_written(assignments):
    return assignments.active().filter(
        kind=Assignment.Kind.WRITTEN, phase=Assignment.Phase.AFTER_CLASS
    )


def _struggling():
    """An open case of the record's student in the homework's subject and term."""
    return Exists(
        SupportCase.objects.open().filter(
            student=OuterRef("student"),
            subject=OuterRef("assignment__subject"),
            term=OuterRef("assignment__term"),
        )
    )


def _lessons(teacher, term, start, end):
    return LessonRecord.objects.alive().filter(
        teacher=teacher, term=term, date__gte=start, date__lte=end
    )


def common_mistake_units(markings, limit: int = 3) -> list[tuple[str, int]]:
    """The knowledge points (the homework's unit, else its title) with the most mistakes."""
    counts: Counter[str] = Counter()
    rows = markings.exclude(mistakes="").values_list("assignment__unit", "assignment__title")
    for unit, title in rows:
        counts[unit or title] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def evidence(*, teacher, term, start, end) -> list[Evidence]:
    assignments = _assignments(teacher, term, start, end)
    lessons = _lessons(teacher, term, start, end).aggregate(
        n=Count("pk"), reflected=Count("pk", filter=~Q(reflection=""))
    )
    after = (
        _after_class_written(assignments)
        .annotate(n_tiers=Count("tiers"))
        .aggregate(total=Count("id"), tiered=Count("id", filter=Q(n_tiers__gte=2)))
    )
    personalised = PersonalisedItem.objects.filter(assignment__in=assignments.active()).aggregate(
        n=Count("pk"), students=Count("student", distinct=True)
    )
    green = (
        assignments.active()
        .filter(kind__in=[Assignment.Kind.GREEN, Assignment.Kind.PRACTICAL])
        .count()
    )
    over_days = (
        LoadOverride.objects.filter(assignment__in=assignments)
        .values("school_class_id", "date")
        .distinct()
        .count()
    )

    # 收: submissions recorded ÷ (take-home written assignments × the class's students).
    take_home = _take_home(assignments)
    per_class = dict(
        take_home.order_by()
        .values("school_class_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("school_class_id", "n")
    )
    sizes = dict(
        Student.objects.in_school()
        .filter(school_class_id__in=list(per_class))
        .values("school_class_id")
        .annotate(n=Count("pk"))
        .values_list("school_class_id", "n")
    )
    expected = sum(n * sizes.get(class_id, 0) for class_id, n in per_class.items())
    marking = (
        MarkingRecord.objects.filter(assignment__in=take_home)
        .annotate(is_struggling=_struggling())
        .aggregate(
            n_submitted=Count("pk", filter=Q(submitted=True)),
            marked=Count("pk", filter=Q(submitted=True) & ~Q(quality="")),
            face=Count("pk", filter=Q(submitted=True, face_to_face=True)),
            n_struggling=Count("pk", filter=Q(submitted=True, is_struggling=True)),
            struggling_commented=Count(
                "pk", filter=Q(submitted=True, is_struggling=True) & ~Q(comment="")
            ),
        )
    )
    all_markings = MarkingRecord.objects.filter(assignment__in=assignments)
    mistakes = all_markings.exclude(mistakes="").aggregate(
        n=Count("pk"), corrected=Count("pk", filter=Q(corrected=True))
    )
    common = common_mistake_units(all_markings)
    reviews = HomeworkReview.objects.filter(assignment__in=assignments).count()

    return [
        Evidence(_("Lessons prepared"), lessons["n"], group=LESSONS, key="lessons.prepared"),
        Evidence(
            _("Post-lesson reflections written"),
            lessons["reflected"],
            group=LESSONS,
            key="lessons.reflections",
        ),
        Evidence(
            _("After-class written assignments with tiers"),
            after["tiered"],
            group=SETTING,
            key="homework.tiered_share",
            numerator=after["tiered"],
            denominator=after["total"],
        ),
        Evidence(
            _("Personalised items for struggling students"),
            personalised["n"],
            group=SETTING,
            key="homework.personalised",
        ),
        Evidence(
            _("Green and practical homework"), green, group=SETTING, key="homework.green_practical"
        ),
        Evidence(
            _("Over-limit days (with their reasons)"),
            over_days,
            group=SETTING,
            key="homework.over_limit_days",
            warning=over_days > 0,
        ),
        Evidence(_("Quality reviews received"), reviews, group=SETTING, key="homework.reviews"),
        Evidence(
            _("Collected: submissions ÷ assignments × students"),
            marking["n_submitted"],
            group=MARKING,
            key="homework.collected",
            numerator=marking["n_submitted"],
            denominator=expected,
        ),
        Evidence(
            _("Marked: marked ÷ submitted"),
            marking["marked"],
            group=MARKING,
            key="homework.marked",
            numerator=marking["marked"],
            denominator=marking["n_submitted"],
        ),
        Evidence(
            _("Personalised comments on struggling students' work"),
            marking["struggling_commented"],
            group=MARKING,
            key="homework.commented",
            numerator=marking["struggling_commented"],
            denominator=marking["n_struggling"],
        ),
        Evidence(
            _("Mistakes corrected and checked"),
            mistakes["corrected"],
            group=MARKING,
            key="homework.corrected",
            numerator=mistakes["corrected"],
            denominator=mistakes["n"],
        ),
        Evidence(
            _("Face-to-face markings"),
            marking["face"],
            group=MARKING,
            key="homework.face_to_face",
            numerator=marking["face"],
            denominator=marking["n_submitted"],
        ),
        Evidence(_("Mistakes recorded"), mistakes["n"], group=RECORDS, key="homework.mistakes"),
        Evidence(
            _("Most common knowledge points of the mistakes"),
            join_list(f"{unit} ({n})" for unit, n in common) or "—",
            group=RECORDS,
            key="homework.mistakes",
        ),
    ]


def _yes(flag: bool) -> str:
    return "✓" if flag else ""


def records(*, teacher, term, start, end, key: str) -> list[EvidenceRecords]:
    """The records behind the figure ``key``: read-only rows for an inspector."""
    assignments = _assignments(teacher, term, start, end)
    if key.startswith("lessons."):
        lessons = _lessons(teacher, term, start, end).select_related("school_class", "subject")
        if key == "lessons.reflections":
            lessons = lessons.reflected()
        return [
            EvidenceRecords(
                _("Lesson records"),
                [_("Date"), _("Class"), _("Unit"), _("Lesson"), _("Goals"), _("Reflection")],
                [
                    [r.date, str(r.school_class), r.unit, r.title, r.goals, r.reflection]
                    for r in lessons
                ],
            )
        ]
    if key in ("homework.tiered_share", "homework.green_practical", "homework.reviews"):
        if key == "homework.tiered_share":
            qs = _after_class_written(assignments)
        elif key == "homework.green_practical":
            qs = assignments.active().filter(
                kind__in=[Assignment.Kind.GREEN, Assignment.Kind.PRACTICAL]
            )
        else:
            qs = assignments.filter(reviews__isnull=False).distinct()
        qs = qs.select_related("school_class").annotate(
            n_tiers=Count("tiers", distinct=True), n_reviews=Count("reviews", distinct=True)
        )
        return [
            EvidenceRecords(
                _("Homework assignments"),
                [
                    _("Date"),
                    _("Class"),
                    _("Title"),
                    _("Phase"),
                    _("Kind"),
                    _("Tiers"),
                    _("Reviews"),
                ],
                [
                    [
                        a.date,
                        str(a.school_class),
                        a.title,
                        a.get_phase_display(),
                        a.get_kind_display(),
                        a.n_tiers,
                        a.n_reviews,
                    ]
                    for a in qs
                ],
            )
        ]
    if key == "homework.personalised":
        items = (
            PersonalisedItem.objects.filter(assignment__in=assignments.active())
            .select_related("assignment__school_class", "student")
            .order_by("assignment__date", "student__student_number")
        )
        items_list = list(items)
        return [
            EvidenceRecords(
                _("Personalised items"),
                [_("Date"), _("Class"), _("Student"), _("Item"), _("Minutes")],
                [
                    [
                        i.assignment.date,
                        str(i.assignment.school_class),
                        i.student.shown_name,
                        i.content,
                        i.minutes,
                    ]
                    for i in items_list
                ],
                student_ids=sorted({i.student_id for i in items_list}),
            )
        ]
    if key == "homework.over_limit_days":
        overrides = LoadOverride.objects.filter(assignment__in=assignments).select_related(
            "school_class"
        )
        return [
            EvidenceRecords(
                _("Over-limit days"),
                [_("Date"), _("Class"), _("Class average (minutes)"), _("Limit"), _("Reason")],
                [
                    [o.date, str(o.school_class), o.average_minutes, o.limit_minutes, o.reason]
                    for o in overrides.order_by("date", "pk")
                ],
            )
        ]
    if key in MARKING_KEYS:
        qs = MarkingRecord.objects.filter(
            assignment__in=assignments if key == "homework.mistakes" else _take_home(assignments)
        )
        if key == "homework.mistakes":
            qs = qs.exclude(mistakes="")
        elif key == "homework.corrected":
            qs = qs.exclude(mistakes="")
        elif key == "homework.commented":
            qs = qs.annotate(is_struggling=_struggling()).filter(is_struggling=True, submitted=True)
        elif key == "homework.face_to_face":
            qs = qs.filter(face_to_face=True)
        rows = list(
            qs.select_related("assignment__school_class", "student").order_by(
                "assignment__date", "assignment__pk", "student__student_number"
            )
        )
        return [
            EvidenceRecords(
                _("Marking records"),
                [
                    _("Date"),
                    _("Homework"),
                    _("Student"),
                    _("Submitted"),
                    _("Quality"),
                    _("Face-to-face"),
                    _("Corrected"),
                    _("Mistakes"),
                    _("Comment"),
                ],
                [
                    [
                        m.assignment.date,
                        f"{m.assignment.school_class} · {m.assignment.title}",
                        m.student.shown_name,
                        _yes(m.submitted),
                        m.get_quality_display(),
                        _yes(m.face_to_face),
                        _yes(m.corrected),
                        m.mistakes,
                        m.comment,
                    ]
                    for m in rows
                ],
                student_ids=sorted({m.student_id for m in rows}),
            )
        ]
    return []
