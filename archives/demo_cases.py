"""Demo support cases: about 10 % of each class struggling, in one or two subjects,
with causes, evidence, seed 000's three-step plan, measures and status history."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop

from archives.models import (
    CaseEvidence,
    CaseMeasure,
    CaseStatusChange,
    SupportCase,
    SupportGoal,
    SupportMeasure,
)
from school.models import today
from students.models import Student

ROOT_CAUSES = [
    "五年级转学而来，前面的知识有断层，遇到难题就逃避。",
    "父母在外地打工，由祖父母照看，回家作业无人督促。",
    "上课注意力不集中，作业拖拉，对学科缺乏兴趣。",
    "基础计算不过关，应用题读不懂题意。",
    "考试紧张，怕出错，越怕越错，缺乏自信。",
    "不会整理错题，学习方法单一，只会死记硬背。",
]
SHOWS = [
    "默写错误多，课堂上不举手，作业经常不交。",
    "计算错误率高，单元测试不及格。",
    "课堂上走神，作业字迹潦草，订正不及时。",
    "不合群、不自信，遇到困难就放弃。",
]
STEPS = [
    ("降低目标，让他初尝成功喜悦", "把词语拆成两组，先掌握容易的一组"),
    ("提升目标，给予充分的表扬", "试卷和练习册上的基础题都尽量完成"),
    ("掌握方法，不惧困难", "制定答题策略，期末考查合格"),
]
SUBJECT_WEIGHTS = [("maths", 0.45), ("chinese", 0.35), ("english", 0.2)]


def add_default_measures(apps, schema_editor) -> None:
    """The measures students' migration 0004 seeds, for a database flushed since."""
    from importlib import import_module

    names = import_module("students.migrations.0004_default_measures").DEFAULT_MEASURES
    model = apps.get_model("archives", "SupportMeasure")
    for order, name in enumerate(names):
        model.objects.get_or_create(name=name, defaults={"order": order})
    # The strategy library's descriptions (archives migration 0008).
    import_module("archives.migrations.0009_strategy_library").load_library(apps, schema_editor)


def _pick_subjects(rng, has_english: bool) -> list[str]:
    codes = [c for c, _w in SUBJECT_WEIGHTS if has_english or c != "english"]
    weights = [w for c, w in SUBJECT_WEIGHTS if has_english or c != "english"]
    first = rng.choices(codes, weights)[0]
    chosen = [first]
    if rng.random() < 0.35:
        other = [c for c in codes if c != first]
        chosen.append(rng.choice(other))
    return chosen


def seed(ctx: dict) -> None:
    term = ctx["term"]
    if SupportCase.objects.filter(term=term).exists():
        return
    rng = ctx["rng"]
    subjects = ctx["subjects"]
    now = today()
    measures = list(SupportMeasure.objects.filter(is_active=True))
    students_by_class: dict[int, list[Student]] = {}
    for s in Student.objects.in_school().order_by("student_number"):
        students_by_class.setdefault(s.school_class_id, []).append(s)

    plans = []  # (case, class_pk)
    for c in ctx["classes"]:
        pupils = students_by_class.get(c.pk, [])
        if not pupils:
            continue
        teachers = ctx["teachers_by_class"][c.pk]
        share = rng.uniform(0.08, 0.12)
        chosen = rng.sample(pupils, max(1, round(len(pupils) * share)))
        is_story = (c.grade.level, c.number) == (3, 1)
        for student in chosen:
            codes = _pick_subjects(rng, "english" in teachers)
            if is_story and "maths" not in codes:
                codes.append("maths")  # the demo teacher's class has a full batch to log
            for code in codes:
                plans.append((student, code, teachers[code], c))
        if is_story:
            # Five or more maths students in 三(1)班, so a lesson batch has five rows.
            in_maths = {s.pk for s, code, _t, _c in plans if code == "maths" and _c == c}
            for student in [p for p in pupils if p.pk not in in_maths][: max(0, 5 - len(in_maths))]:
                plans.append((student, "maths", teachers["maths"], c))

    cases = []
    for student, code, teacher, _c in plans:
        identified_on = min(term.start + datetime.timedelta(days=rng.randrange(3, 21)), now)
        roll = rng.random()
        if roll < 0.15:
            status = SupportCase.Status.IDENTIFIED
        elif roll < 0.85:
            status = SupportCase.Status.IN_SUPPORT
        elif roll < 0.96:
            status = SupportCase.Status.IMPROVED
        else:
            status = SupportCase.Status.CLOSED
        weak = rng.random() < 0.75
        attitude = (not weak) or rng.random() < 0.4
        cases.append(
            SupportCase(
                student=student,
                subject=subjects[code],
                term=term,
                status=status,
                identified_on=identified_on,
                identified_by=teacher,
                status_changed_on=identified_on,
                cause_weak_foundation=weak,
                cause_attitude=attitude,
                difficulty_type=rng.choice(SupportCase.Type.values),
                root_cause=rng.choice(ROOT_CAUSES),
                how_it_shows=rng.choice(SHOWS),
                closure_reason=SupportCase.ClosureReason.TRANSFERRED_OUT
                if status == SupportCase.Status.CLOSED
                else "",
            )
        )
    SupportCase.objects.bulk_create(cases, batch_size=500)

    responsible, evidence, goals, case_measures, changes = [], [], [], [], []
    through = SupportCase.responsible_teachers.through
    for case in cases:
        responsible.append(through(supportcase_id=case.pk, user_id=case.identified_by_id))
        evidence.append(
            CaseEvidence(
                case=case,
                source=CaseEvidence.Source.TEST_RESULTS,
                note="开学摸底测试",
                score=str(rng.randrange(38, 60)),
            )
        )
        if rng.random() < 0.5:
            evidence.append(
                CaseEvidence(
                    case=case,
                    source=CaseEvidence.Source.GREEN_REPORT,
                    note="绿色指标测试：学业水平偏低",
                    score=rng.choice(["C", "D"]),
                )
            )
        evidence.append(
            CaseEvidence(
                case=case, source=CaseEvidence.Source.OBSERVATION, note=case.how_it_shows[:100]
            )
        )
        changes.append(
            CaseStatusChange(
                case=case,
                from_status="",
                to_status=SupportCase.Status.IDENTIFIED,
                changed_on=case.identified_on,
                changed_by=case.identified_by,
                reason=gettext_noop("Identified"),  # as case_services writes it
            )
        )
        if case.status == SupportCase.Status.IDENTIFIED:
            continue
        planned_on = min(case.identified_on + datetime.timedelta(days=3), now)
        changes.append(
            CaseStatusChange(
                case=case,
                from_status=SupportCase.Status.IDENTIFIED,
                to_status=SupportCase.Status.IN_SUPPORT,
                changed_on=planned_on,
                changed_by=case.identified_by,
                reason=gettext_noop("Support plan set"),
            )
        )
        dues = [
            case.identified_on + datetime.timedelta(days=30),
            term.midterm_review,
            term.final_review,
        ]
        for step, ((description, target), due) in enumerate(zip(STEPS, dues, strict=True), 1):
            outcome, note = "", ""
            if due < now:
                outcome = rng.choice(["met", "met", "partly", "not_met"])
                note = {"met": "达成", "partly": "部分达成，继续巩固", "not_met": "未达成"}[outcome]
            goals.append(
                SupportGoal(
                    case=case,
                    step=step,
                    description=description,
                    target=target,
                    due_on=due,
                    outcome=outcome,
                    outcome_note=note,
                )
            )
        for measure in rng.sample(measures, min(2, len(measures))):
            case_measures.append(CaseMeasure(case=case, measure=measure, since=planned_on))
        if case.status in (SupportCase.Status.IMPROVED, SupportCase.Status.CLOSED):
            changed_on = min(term.midterm_review, now)
            changes.append(
                CaseStatusChange(
                    case=case,
                    from_status=SupportCase.Status.IN_SUPPORT,
                    to_status=case.status,
                    changed_on=changed_on,
                    changed_by=case.identified_by,
                    reason="期中测试合格，已转化"
                    if case.status == SupportCase.Status.IMPROVED
                    else "转出本校",
                )
            )
            case.status_changed_on = changed_on
    through.objects.bulk_create(responsible, batch_size=1000)
    CaseEvidence.objects.bulk_create(evidence, batch_size=1000)
    SupportGoal.objects.bulk_create(goals, batch_size=1000)
    CaseMeasure.objects.bulk_create(case_measures, batch_size=1000)
    CaseStatusChange.objects.bulk_create(changes, batch_size=1000)
    SupportCase.objects.bulk_update(cases, ["status_changed_on"], batch_size=500)
    _seed_previous_term(ctx, cases)


def _seed_previous_term(ctx: dict, cases: list[SupportCase]) -> None:
    """A few of last term's cases still open, for the carry-over page."""
    prev = ctx["previous_term"]
    if prev is None or SupportCase.objects.filter(term=prev).exists():
        return
    old = []
    for case in cases[:: max(1, len(cases) // 12)]:
        old.append(
            SupportCase(
                student_id=case.student_id,
                subject_id=case.subject_id,
                term=prev,
                status=SupportCase.Status.IN_SUPPORT,
                identified_on=prev.start + datetime.timedelta(days=10),
                status_changed_on=prev.start + datetime.timedelta(days=14),
                identified_by_id=case.identified_by_id,
                cause_weak_foundation=case.cause_weak_foundation,
                cause_attitude=case.cause_attitude,
                difficulty_type=case.difficulty_type,
                root_cause=case.root_cause,
            )
        )
    SupportCase.objects.bulk_create(old)
    through = SupportCase.responsible_teachers.through
    through.objects.bulk_create(
        [through(supportcase_id=c.pk, user_id=c.identified_by_id) for c in old]
    )
    # Their successors this term were carried over from them.
    # Every other one; the rest still wait on the carry-over page.
    for new, prev_case in list(zip(cases[:: max(1, len(cases) // 12)], old, strict=False))[::2]:
        new.carried_from = prev_case
    SupportCase.objects.bulk_update(cases, ["carried_from"], batch_size=500)
