"""Every checklist item's figures computed from the records, hand-counted here; suggested
scores from the school's thresholds; a changed score needs its reason; the inspector's
drill-down, logged, ends with the round."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from archives import evidence as archive_evidence
from archives.models import SupportGoal
from family import evidence as family_evidence
from family.models import FamilyContact
from homework import evidence as homework_evidence
from homework.models import Assignment, LessonRecord, LoadOverride
from inspections import scoring, services
from inspections.models import ItemScore, ScoreThreshold
from students.models import AccessRecord

from .factories.archives import ObservationFactory
from .factories.family import FamilyContactFactory
from .factories.homework import (
    AssignmentFactory,
    MarkingRecordFactory,
    PersonalisedItemFactory,
    TierFactory,
)
from .factories.school import UserFactory
from .factories.students import SupportCaseFactory

END = datetime.date(2026, 11, 30)
D1 = datetime.date(2026, 11, 2)
D2 = datetime.date(2026, 11, 3)


def _assignment(school, *, tiers=1, date=D1, **kw):
    a = AssignmentFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        set_by=school.teacher,
        date=date,
        **kw,
    )
    for level in ("basic", "improving", "extension")[:tiers]:
        TierFactory(assignment=a, level=level)
    return a


@pytest.fixture
def records(school):
    """The maths teacher's term, counted by hand in the tests below."""
    t = school.teacher
    a1 = _assignment(school, tiers=3, unit="分数")
    a2 = _assignment(school, tiers=3, unit="分数")
    a3 = _assignment(school, tiers=1, unit="小数", date=D2)
    a4 = _assignment(school, phase=Assignment.Phase.IN_CLASS, unit="口算")
    _assignment(school, kind=Assignment.Kind.READING)
    _assignment(school, kind=Assignment.Kind.GREEN)
    _assignment(school, kind=Assignment.Kind.PRACTICAL)
    _assignment(school, tiers=3, date=datetime.date(2026, 12, 2))  # after the period
    # another teacher's homework is never counted
    other = AssignmentFactory(
        term=school.term, school_class=school.class_b, subject=school.maths, set_by=school.stranger
    )
    MarkingRecordFactory(assignment=other, student=school.student_b, mistakes="x")

    a, a2_ = school.student_a, school.student_a2
    case = SupportCaseFactory(student=a, subject=school.maths, term=school.term)
    SupportCaseFactory(student=a2_, subject=school.maths, term=school.term)
    mark = MarkingRecordFactory
    mark(
        assignment=a1,
        student=a,
        marked_by=t,
        comment="进步了",
        mistakes="通分错误",
        corrected=True,
        face_to_face=True,
    )
    mark(assignment=a1, student=a2_, marked_by=t, quality="A")
    mark(assignment=a2, student=a, marked_by=t, quality="", mistakes="约分")
    mark(assignment=a2, student=a2_, marked_by=t, submitted=False, on_time=False, quality="")
    mark(assignment=a3, student=a, marked_by=t, quality="C", mistakes="小数点", corrected=True)
    mark(assignment=a4, student=a, marked_by=t, mistakes="口算慢")
    PersonalisedItemFactory(assignment=a1, student=a)
    for assignment, day in ((a1, D1), (a2, D1), (a3, D2)):
        LoadOverride.objects.create(
            assignment=assignment,
            school_class=school.class_a,
            date=day,
            reason="单元测验前复习",
            average_minutes=65,
            limit_minutes=60,
            recorded_by=t,
        )
    for n, reflection in enumerate(("学生对通分掌握较好", "", "约分需要再练")):
        LessonRecord.objects.create(
            term=school.term,
            teacher=t,
            school_class=school.class_a,
            subject=school.maths,
            date=datetime.date(2026, 10, 10 + n),
            title=f"第{n + 1}课",
            reflection=reflection,
        )
    SupportGoal.objects.create(case=case, step=1, description="口算每分钟10题", outcome="met")
    SupportGoal.objects.create(case=case, step=2, description="口算每分钟15题")
    for day in (20, 22, 25):
        ObservationFactory(case=case, date=datetime.date(2026, 11, day), author=t)
    return {"case": case, "a1": a1}


def by_key(evidence):
    return {e.key: e.display for e in evidence if e.key}


def test_homework_and_lesson_figures_match_the_hand_count(school, records):
    with translation.override("en"):
        figures = homework_evidence.evidence(
            teacher=school.teacher, term=school.term, start=school.term.start, end=END
        )
    shown = by_key(figures)
    assert shown["lessons.prepared"] == "3"
    assert shown["lessons.reflections"] == "2"
    # only after-class written homework: reading and in-class practice do not dilute it
    assert shown["homework.tiered_share"] == "2/3 · 67%"
    assert shown["homework.personalised"] == "1"
    assert shown["homework.green_practical"] == "2"
    assert shown["homework.over_limit_days"] == "2"  # two overrides on D1 are one day
    # 收: 3 take-home assignments × 2 students = 6 expected; 4 submitted
    assert shown["homework.collected"] == "4/6 · 67%"
    assert shown["homework.marked"] == "3/4 · 75%"  # one submitted without a grade
    # both students have a maths case: 4 submitted pieces of theirs, one commented
    assert shown["homework.commented"] == "1/4 · 25%"
    assert shown["homework.corrected"] == "2/4 · 50%"  # in-class mistakes count too
    assert shown["homework.face_to_face"] == "1/4 · 25%"
    common = [e for e in figures if e.label == "Most common knowledge points of the mistakes"]
    assert common[0].value == "分数 (2), 口算 (1), 小数 (1)"  # English, so ", " between items
    assert [e.value for e in figures if e.label == "Mistakes recorded"] == [4]


def test_archive_figures_match_the_hand_count(school, records):
    figures = by_key(
        archive_evidence.evidence(
            teacher=school.teacher, term=school.term, start=school.term.start, end=END
        )
    )
    assert figures["archives.plan_share"] == "1/2 · 50%"
    assert figures["archives.goal_outcomes"] == "1/2 · 50%"
    assert figures["archives.stale"] == "1"  # 刘小红's case has no entry since September
    fortnights = ((END - school.term.start).days + 1) / 14
    assert figures["archives.entries_per_fortnight"] == str(round(3 / 2 / fortnights, 1))


def test_family_figures_count_the_teachers_struggling_students_only(school, records):
    FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    FamilyContactFactory(
        student=school.student_a,
        recorded_by=school.head,
        channel=FamilyContact.Channel.PHONE,
        date=datetime.date(2026, 11, 5),
    )
    FamilyContactFactory(student=school.student_b, recorded_by=school.head)  # not theirs
    figures = family_evidence.evidence(
        teacher=school.head, term=school.term, start=school.term.start, end=END
    )
    assert {e.group for e in figures} == {"family"}
    shown = by_key(figures)
    assert shown["family.contacts"] == "2"
    assert shown["family.reached"] == "1/2 · 50%"
    assert shown["family.visits"] == "1"


# ---- suggested scores ---------------------------------------------------------------


def test_suggested_score_runs_between_the_thresholds(school, records):
    table = scoring.thresholds()
    figures = homework_evidence.evidence(
        teacher=school.teacher, term=school.term, start=school.term.start, end=END
    )
    setting = [e for e in figures if e.key == "homework.tiered_share"]
    # 66.7 % between 20 % (none) and 80 % (full): 7.8 of 10, rounded to half a point
    assert scoring.suggest(setting, 10, table) == Decimal("8.0")
    fewer_is_better = [e for e in figures if e.key == "homework.over_limit_days"]
    assert scoring.suggest(fewer_is_better, 10, table) == Decimal("6.0")  # 2 of 0→5
    assert scoring.suggest([], 10, table) is None


def test_the_school_changes_a_threshold_and_the_change_is_kept(school, login):
    client = login(school.principal)
    page = client.get(reverse("inspections:thresholds"))
    data = {name: str(field.initial) for name, field in page.context["form"].fields.items()}
    data["full_homework.tiered_share"] = "60"
    response = client.post(reverse("inspections:thresholds"), data)
    assert response.status_code == 302
    row = ScoreThreshold.objects.get()
    assert (row.key, row.full_at, row.changed_by) == ("homework.tiered_share", 60, school.principal)
    assert row.history.get().history_user == school.principal
    assert scoring.thresholds()["homework.tiered_share"].full_at == 60
    assert "homework.tiered_share" in client.get(reverse("inspections:thresholds")).content.decode()


def test_a_director_cannot_change_the_school_wide_thresholds(school, login, unchanged):
    client = login(school.director)
    page = client.get(reverse("inspections:thresholds"))
    assert page.status_code == 200
    data = {name: "1" for name in page.context["form"].fields}
    with unchanged(ScoreThreshold):
        assert client.post(reverse("inspections:thresholds"), data).status_code == 403


def test_equal_thresholds_are_refused_next_to_the_figure(school, login, unchanged):
    client = login(school.admin)
    page = client.get(reverse("inspections:thresholds"))
    data = {name: str(f.initial) for name, f in page.context["form"].fields.items()}
    data["full_homework.marked"] = data["zero_homework.marked"] = "50"
    with unchanged(ScoreThreshold):
        response = client.post(reverse("inspections:thresholds"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["full_homework.marked"]


# ---- the inspection form ------------------------------------------------------------


@pytest.fixture
def maths_round(school, records):
    inspector = UserFactory(username="backbone", full_name="骨干教师")
    r = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.maths,
        due=END,
        inspectors=[inspector],
        teachers=[school.teacher],
        user=school.principal,
    )
    return r, inspector


def test_the_inspector_sees_figures_beside_items_with_a_suggestion(school, login, maths_round):
    r, inspector = maths_round
    page = login(inspector).get(reverse("inspections:inspect", args=[r.pk, school.teacher.pk]))
    rows = {row["item"].area: row for row in page.context["rows"]}
    marking = rows["homework_marking"]
    assert [f["e"].key for f in marking["figures"]][:2] == [
        "homework.collected",
        "homework.marked",
    ]
    assert marking["suggested"] is not None
    assert marking["score"] == str(marking["suggested"]).removesuffix(".0")  # pre-filled
    link = marking["figures"][0]["url"]
    assert link == reverse(
        "inspections:records", args=[r.pk, school.teacher.pk, "homework.collected"]
    )
    # family figures sit beside the family item, not among the unfiled ones
    assert [f["e"].group for f in rows["family"]["figures"]] == ["family"] * 4
    assert not [f for f in page.context["general"] if f["e"].group == "family"]


def _post(client, r, teacher, rows, overrides=None, comments=None):
    data = {"version": "0", "problems": "", "follow_up": ""}
    for row in rows:
        pk = row["item"].pk
        data[f"score-{pk}"] = row["score"] or "5"
        data[f"comment-{pk}"] = ""
    data |= overrides or {}
    data |= comments or {}
    return client.post(reverse("inspections:inspect", args=[r.pk, teacher.pk]), data)


def test_changing_a_suggested_score_needs_a_reason(school, login, maths_round, unchanged):
    r, inspector = maths_round
    client = login(inspector)
    url = reverse("inspections:inspect", args=[r.pk, school.teacher.pk])
    rows = client.get(url).context["rows"]
    marking = next(row for row in rows if row["item"].area == "homework_marking")
    other = "10" if marking["score"] != "10" else "9"
    with unchanged(ItemScore):
        refused = _post(client, r, school.teacher, rows, {f"score-{marking['item'].pk}": other})
    assert refused.status_code == 200
    errors = [row["error"] for row in refused.context["rows"] if row["error"]]
    assert len(errors) == 1
    assert str(marking["suggested"]).removesuffix(".0") in errors[0]
    saved = _post(
        client,
        r,
        school.teacher,
        rows,
        {f"score-{marking['item'].pk}": other},
        {f"comment-{marking['item'].pk}": "抽查作业本，批改细致"},
    )
    assert saved.status_code == 302
    score = ItemScore.objects.get(item=marking["item"])
    assert score.score == Decimal(other)
    assert score.suggested == marking["suggested"]
    assert "收" in score.evidence_note


# ---- drill-down ---------------------------------------------------------------------


def test_an_assigned_inspector_reads_the_records_and_the_read_is_logged(school, login, maths_round):
    r, inspector = maths_round
    url = reverse("inspections:records", args=[r.pk, school.teacher.pk, "homework.collected"])
    page = login(inspector).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "张小明" in body and "通分错误" in body
    assert "陈小刚" not in body  # another teacher's homework
    logged = AccessRecord.objects.filter(user=inspector, what=AccessRecord.What.INSPECTION)
    assert set(logged.values_list("student_id", flat=True)) == {
        school.student_a.pk,
        school.student_a2.pk,
    }


def test_archive_drill_down_shows_no_family_detail(school, login, maths_round):
    r, inspector = maths_round
    FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    url = reverse("inspections:records", args=[r.pk, school.teacher.pk, "archives.plan_share"])
    body = login(inspector).get(url).content.decode()
    assert "张小明" in body
    assert "奶奶" not in body and "深夜" not in body


def test_drill_down_ends_when_the_round_is_finalized(school, login, maths_round):
    r, inspector = maths_round
    url = reverse("inspections:records", args=[r.pk, school.teacher.pk, "homework.collected"])
    r.status = r.Status.FINALIZED
    r.finalized_at = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    r.save()
    before = AccessRecord.objects.count()
    assert login(inspector).get(url).status_code == 403
    assert AccessRecord.objects.count() == before


def test_an_inspector_not_assigned_to_the_teacher_gets_404(school, login, maths_round):
    r, _inspector = maths_round
    outsider = UserFactory(username="outsider", full_name="别组骨干")
    url = reverse("inspections:records", args=[r.pk, school.teacher.pk, "homework.collected"])
    assert login(outsider).get(url).status_code == 404
    unknown = reverse("inspections:records", args=[r.pk, school.teacher.pk, "nothing.here"])
    assert login(_inspector).get(unknown).status_code == 404


def test_the_round_page_runs_constant_queries_whatever_the_teachers(
    school, login, maths_round, constant_queries
):
    r, _inspector = maths_round
    client = login(school.principal)
    url = reverse("inspections:round_detail", args=[r.pk])
    n = [0]

    def grow():
        for _ in range(3):
            n[0] += 1
            r.teachers.add(UserFactory(username=f"extra{n[0]}", full_name=f"老师{n[0]}"))

    constant_queries(lambda: client.get(url), grow)


# ---- the report as a document ----------------------------------------------------------


def _score_everything(client, r, teacher):
    rows = client.get(reverse("inspections:inspect", args=[r.pk, teacher.pk])).context["rows"]
    comments = {f"comment-{row['item'].pk}": "抽查作业本" for row in rows}
    assert _post(client, r, teacher, rows, comments=comments).status_code == 302


def test_the_report_carries_the_evidence_comments_and_marks_an_open_round(
    school, login, maths_round
):
    import io

    import openpyxl

    r, inspector = maths_round
    _score_everything(login(inspector), r, school.teacher)
    director = login(school.principal)
    page = director.get(reverse("inspections:report", args=[r.pk]))
    body = page.content.decode()
    assert 'data-testid="unfinished"' in body
    assert "2/3 · 67%" in body and "抽查作业本" in body  # the tiered share, the comment
    wb = openpyxl.load_workbook(
        io.BytesIO(director.get(reverse("inspections:report_xlsx", args=[r.pk])).content)
    )
    cover = wb.worksheets[0]
    values = {cover.cell(row, 1).value: cover.cell(row, 2).value for row in range(2, 13)}
    assert "未完成" in values["状态"]
    evidence_sheet = wb.worksheets[6]
    notes = [evidence_sheet.cell(row, 6).value or "" for row in range(2, 9)]
    assert any("收" in n for n in notes)


def test_the_report_runs_constant_queries_whatever_the_teachers(
    school, login, maths_round, constant_queries
):
    r, _inspector = maths_round
    client = login(school.principal)
    url = reverse("inspections:report", args=[r.pk])
    n = [0]

    def grow():
        for _ in range(3):
            n[0] += 1
            r.teachers.add(UserFactory(username=f"more{n[0]}", full_name=f"教师{n[0]}"))

    constant_queries(lambda: client.get(url), grow)


def test_the_gaps_behind_the_evaluation_figures_open_for_the_inspector(school, login, maths_round):
    from .factories.evaluations import EvaluationFactory, EvaluationResultFactory, GapFactory

    r, inspector = maths_round
    e = EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        date=datetime.date(2026, 11, 5),
    )
    result = EvaluationResultFactory(evaluation=e, student=school.student_a, score=40)
    GapFactory(result=result, knowledge_point="进位加法")
    url = reverse("inspections:records", args=[r.pk, school.teacher.pk, "evaluations.gaps"])
    body = login(inspector).get(url).content.decode()
    assert "进位加法" in body and "张小明" in body
    assert AccessRecord.objects.filter(
        user=inspector, student=school.student_a, what=AccessRecord.What.INSPECTION
    ).exists()
