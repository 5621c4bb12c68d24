"""Demo: finalized maths inspection rounds (last term's end-of-term; this term's
mid-term, where two inspectors score each teacher) and an end-of-term Chinese round
in progress."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from school.models import TeachingAssignment

from .models import (
    ChecklistItem,
    FollowUpItem,
    InspectionResult,
    InspectionRound,
    InspectionSettings,
    ItemScore,
    RoundAssignment,
    RoundItem,
    SelfCheckScore,
)

PROBLEMS = [
    ("面批记录偏少，个性化评语较笼统。", "每周至少面批学困生两次，评语写具体。"),
    ("学困生档案阶段小结未及时填写。", "月底前补齐阶段小结，并与家长沟通。"),
    ("作业分层设计不够明显。", "下阶段每课设计基础、提高两层作业。"),
    ("", ""),
    ("", ""),
]


def _round(
    *, term, kind, subject, due, creator, teachers, inspectors, rng, per_teacher: int = 1
) -> None:
    """A finalized round; each teacher is scored by ``per_teacher`` of the inspectors."""
    if InspectionRound.objects.filter(term=term, kind=kind, subject=subject).exists():
        return
    settings = InspectionSettings.load()
    r = InspectionRound.objects.create(
        term=term,
        kind=kind,
        subject=subject,
        due=due,
        max_score=settings.max_score,
        created_by=creator,
        status=InspectionRound.Status.FINALIZED,
        finalized_by=creator,
        finalized_at=timezone.now(),
        review_note="整体规范，作业批改落实较好；学困生档案仍需加强过程记录。",
    )
    r.teachers.set(teachers)
    r.inspectors.set(inspectors)
    items = RoundItem.objects.bulk_create(
        RoundItem(
            round=r,
            area=i.area,
            name=i.name,
            description=i.description,
            weight=i.weight,
            order=i.order,
        )
        for i in ChecklistItem.objects.filter(is_active=True)
    )
    total_weight = sum(i.weight for i in items)
    assignments, results, scores = [], [], []
    for n, t in enumerate(teachers):
        others = [i for i in inspectors if i != t]
        problems, follow_up = PROBLEMS[n % len(PROBLEMS)]
        base = {i.pk: rng.choice([6, 7, 7, 8, 8, 8, 9, 9, 10]) for i in items}
        for k in range(min(per_teacher, len(others))):
            inspector = others[(n + k) % len(others)]
            assignments.append(RoundAssignment(round=r, teacher=t, inspector=inspector))
            # A second inspector mostly agrees, now and then by a point or two less or more.
            item_scores = {
                pk: Decimal(
                    max(0, min(r.max_score, v + (rng.choice([-2, -1, 0, 0, 0, 1]) if k else 0)))
                )
                for pk, v in base.items()
            }
            total = Decimal(0) + sum(item_scores[i.pk] / r.max_score * i.weight for i in items)
            res = InspectionResult(
                round=r,
                teacher=t,
                inspector=inspector,
                problems=problems if k == 0 else "",
                follow_up=follow_up if k == 0 else "",
                total_percent=(total / total_weight * 100).quantize(Decimal("0.1")),
                version=1,
            )
            results.append(res)
            for i in items:
                comment = "" if item_scores[i.pk] >= 8 else "有待改进"
                scores.append(
                    ItemScore(result=res, item=i, score=item_scores[i.pk], comment=comment)
                )
    RoundAssignment.objects.bulk_create(assignments)
    InspectionResult.objects.bulk_create(results)
    ItemScore.objects.bulk_create(scores)


def seed_inspections(ctx: dict) -> None:
    term, previous = ctx["term"], ctx["previous_term"]
    maths = ctx["subjects"]["maths"]
    director = ctx["users"]["director_maths"]
    teacher_ids = (
        TeachingAssignment.objects.filter(term=term, subject=maths)
        .values_list("teacher_id", flat=True)
        .distinct()
    )
    teachers = list(type(director).objects.filter(pk__in=teacher_ids).order_by("username"))
    # Backbone teachers of the group: two maths teachers of other grades, and the director.
    inspectors = [director, *[t for t in teachers if t.username.startswith("t")][:2]]
    rng = random.Random(20261112)
    _round(
        term=previous,
        kind=InspectionRound.Kind.FINAL,
        subject=maths,
        due=previous.final_review,
        creator=director,
        teachers=teachers,
        inspectors=inspectors,
        rng=rng,
    )
    _round(
        term=term,
        kind=InspectionRound.Kind.MIDTERM,
        subject=maths,
        due=term.midterm_review,
        creator=director,
        teachers=teachers,
        inspectors=inspectors,
        rng=rng,
        per_teacher=2,
    )


def seed_open_round(ctx: dict) -> None:
    """An end-of-term Chinese round in progress, so the director and inspectors have work."""
    term, chinese = ctx["term"], ctx["subjects"]["chinese"]
    if InspectionRound.objects.filter(term=term, kind="final", subject=chinese).exists():
        return
    from . import services

    grade3 = [c.pk for c in ctx["classes"] if c.grade.level == 3]
    teachers = [ctx["teachers_by_class"][pk]["chinese"] for pk in grade3]
    inspectors = [ctx["teachers_by_class"][c.pk]["chinese"] for c in ctx["classes"][-2:]]
    services.create_round(
        term=term,
        kind=InspectionRound.Kind.FINAL,
        subject=chinese,
        due=term.final_review,
        inspectors=inspectors,
        teachers=teachers,
        user=ctx["users"]["director"],
    )


def seed_stages_and_follow_ups(ctx: dict) -> None:
    """This term's maths mid-term ran in two stages (the group's self-check is kept) and left
    follow-ups, some done, some not."""
    term, maths = ctx["term"], ctx["subjects"]["maths"]
    r = InspectionRound.objects.filter(term=term, kind="midterm", subject=maths).first()
    if r is None or SelfCheckScore.objects.filter(round=r).exists():
        return
    InspectionRound.objects.filter(pk=r.pk).update(
        two_stage=True, stage=InspectionRound.Stage.RECHECK
    )
    group = ctx["users"]["director_maths"]
    rows: list[SelfCheckScore] = []
    follow_ups: list[FollowUpItem] = []
    results = r.results.select_related("teacher").prefetch_related("scores__item")
    seen: set[int] = set()
    for res in results:
        if res.teacher_id in seen:
            continue
        seen.add(res.teacher_id)
        inspector = res.inspector if res.inspector_id != group.pk else res.teacher
        # The group's own check is a little kinder than the office's.
        rows.append(
            SelfCheckScore(
                round=r,
                teacher=res.teacher,
                inspector=inspector if inspector != res.teacher else group,
                total_percent=min(Decimal(100), res.total_percent + 4),
                scores={s.item.name: [str(min(10, s.score + 1)), ""] for s in res.scores.all()},
            )
        )
        if res.problems:
            follow_ups.append(
                FollowUpItem(
                    round=r,
                    teacher=res.teacher,
                    owner=res.teacher,
                    problem=res.problems[:300],
                    action=res.follow_up[:300],
                    due=min(term.end, r.due + datetime.timedelta(days=21)),
                    created_by=res.inspector,
                    done_at=timezone.now() if len(follow_ups) % 2 == 0 else None,
                    done_note="已按要求整改。" if len(follow_ups) % 2 == 0 else "",
                )
            )
    SelfCheckScore.objects.bulk_create(rows, ignore_conflicts=True)
    bulk_create_with_history(follow_ups, FollowUpItem)


def seed(ctx: dict) -> None:
    seed_inspections(ctx)
    seed_open_round(ctx)
    seed_stages_and_follow_ups(ctx)
