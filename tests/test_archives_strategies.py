"""The strategy library: teachers read and propose, the subject's director approves,
local evidence (n < 5 → 案例不足), and plans choosing measures ranked by that evidence."""

from __future__ import annotations

import itertools

from django.urls import reverse
from django.utils import translation

from archives.models import CaseMeasure, SupportCase, SupportGoal, SupportMeasure
from archives.strategy_evidence import local_evidence, recommend
from archives.strategy_library import STRATEGIES

from .factories.students import StudentFactory, SupportCaseFactory, SupportMeasureFactory, case_a

NUMBERS = itertools.count()


def _closed_cases(school, strategy, *, improved: int, other: int, type_="weak_foundation"):
    """``improved`` 转化 cases and ``other`` closed ones that used ``strategy``."""
    for i in range(improved + other):
        student = StudentFactory(
            school_class=school.class_b, student_number=f"X{next(NUMBERS):05d}"
        )
        case = SupportCaseFactory.create(
            student=student,
            subject=school.maths,
            term=school.term,
            identified_by=school.teacher,
            status=SupportCase.Status.IMPROVED if i < improved else SupportCase.Status.CLOSED,
            difficulty_type=type_,
        )
        CaseMeasure.objects.create(case=case, measure=strategy)


def test_the_seeds_strategies_come_preloaded_with_descriptions(school):
    names = set(SupportMeasure.objects.approved().values_list("name", flat=True))
    for wanted in (
        "降低目标初尝成功",
        "提升目标充分表扬",
        "掌握方法不惧困难",
        "分层作业",
        "面批讲评个性化评语",
        "同伴互助",
        "课后答疑",
        "家校合作",
    ):
        assert wanted in names
    layered = SupportMeasure.objects.get(name="分层作业")
    assert layered.summary and layered.steps and layered.evidence_kind == "research"
    assert len(STRATEGIES) >= 8


def test_local_evidence_counts_closed_cases_and_hides_the_share_below_5(school):
    many = SupportMeasureFactory(name="多案例策略")
    few = SupportMeasureFactory(name="少案例策略")
    _closed_cases(school, many, improved=3, other=1)
    # A closed case whose every goal was met counts as worked; one with a goal not met does not.
    _closed_cases(school, many, improved=0, other=2)
    met, not_met = SupportCase.objects.filter(status="closed", measures__measure=many)[:2]
    SupportGoal.objects.create(case=met, step=1, description="a", outcome="met")
    SupportGoal.objects.create(case=met, step=2, description="b", outcome="met")
    SupportGoal.objects.create(case=not_met, step=1, description="a", outcome="not_met")
    _closed_cases(school, few, improved=4, other=0)
    # Open cases do not count.
    CaseMeasure.objects.create(case=case_a(school), measure=many)

    evidence = local_evidence()
    assert (evidence[many.pk].overall.n, evidence[many.pk].overall.succeeded) == (6, 4)
    assert evidence[many.pk].overall.percent == 67
    assert "67%" in evidence[many.pk].overall.label
    assert evidence[few.pk].overall.n == 4 and evidence[few.pk].overall.percent is None
    with translation.override("zh-hans"):
        assert evidence[few.pk].overall.label == "案例不足（n=4）"
        assert evidence[many.pk].overall.label == "67% 有效（n=6）"
    assert evidence[many.pk].by_type["weak_foundation"].n == 6
    assert evidence[many.pk].by_cause["weak_foundation"].n == 6


def test_recommendations_rank_by_evidence_for_the_cases_type(school):
    good = SupportMeasureFactory(name="好策略", types=["weak_foundation"])
    fair = SupportMeasureFactory(name="一般策略")
    thin = SupportMeasureFactory(name="新策略")
    unsuited = SupportMeasureFactory(name="不合适", types=["psychological_pressure"])
    chinese_only = SupportMeasureFactory(name="语文专用")
    chinese_only.subjects.set([school.chinese])
    _closed_cases(school, good, improved=5, other=1)
    _closed_cases(school, fair, improved=3, other=3)
    _closed_cases(school, thin, improved=2, other=0)
    case = case_a(school)
    case.difficulty_type = "weak_foundation"
    strategies = SupportMeasure.objects.filter(
        pk__in=[good.pk, fair.pk, thin.pk, unsuited.pk, chinese_only.pk]
    ).prefetch_related("subjects")
    ranked = [r.strategy.name for r in recommend(case, strategies, local_evidence())]
    assert ranked == ["好策略", "一般策略", "新策略"]


def test_the_plan_shows_recommended_strategies_with_local_evidence(school, login):
    good = SupportMeasure.objects.get(name="分层作业")
    _closed_cases(school, good, improved=5, other=0)
    case = case_a(school)
    case.difficulty_type = "weak_foundation"
    case.save()
    page = login(school.teacher).get(reverse("archives:case_plan", args=[case.pk]))
    html = page.content.decode()
    top = html.split('id="plan-recommended"')[1].split("</div>")[0]
    assert "分层作业" in top and "100%" in top
    names = [r.strategy.name for _w, r in page.context["recommended"]]
    assert names[0] == "分层作业"
    assert "家校合作" not in names  # it suits attitude problems, the case has none


def test_a_plan_links_its_measures_to_library_strategies(school, login):
    case = case_a(school)
    layered = SupportMeasure.objects.get(name="分层作业")
    client = login(school.teacher)
    page = client.get(reverse("archives:case_plan", args=[case.pk]))
    data = {
        "version": case.plan_version,
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-0-description": "降低目标",
        "measures": [layered.pk],
        "responsible_teachers": [school.teacher.pk],
    }
    assert page.status_code == 200
    response = client.post(reverse("archives:case_plan", args=[case.pk]), data)
    assert response.status_code == 302
    assert list(case.measures.values_list("measure__name", flat=True)) == ["分层作业"]


def test_a_teacher_reads_the_library_and_proposes_the_director_approves(school, login):
    client = login(school.teacher)
    page = client.get(reverse("archives:measure_list"))
    assert page.status_code == 200 and "分层作业" in page.content.decode()
    response = client.post(
        reverse("archives:measure_create"),
        {
            "name": "语文错字本",
            "summary": "每天整理三个错字",
            "causes": ["weak_foundation"],
            "subjects": [school.chinese.pk],
            "evidence_kind": "practice",
        },
    )
    strategy = SupportMeasure.objects.get(name="语文错字本")
    assert response.status_code == 302
    assert strategy.status == "proposed" and strategy.author == school.teacher
    # Not in the library, nor on plans, until approved.
    assert (
        "语文错字本"
        not in login(school.stranger).get(reverse("archives:measure_list")).content.decode()
    )
    assert (
        login(school.stranger)
        .get(reverse("archives:strategy_detail", args=[strategy.pk]))
        .status_code
        == 404
    )
    # The teacher cannot approve their own proposal.
    login(school.teacher).post(
        reverse("archives:strategy_review", args=[strategy.pk]), {"decision": "approve"}
    )
    strategy.refresh_from_db()
    assert strategy.status == "proposed"
    # The 语文 director approves it.
    login(school.director).post(
        reverse("archives:strategy_review", args=[strategy.pk]), {"decision": "approve"}
    )
    strategy.refresh_from_db()
    assert strategy.status == "approved" and strategy.reviewed_by == school.director
    assert (
        "语文错字本"
        in login(school.stranger).get(reverse("archives:measure_list")).content.decode()
    )


def test_a_bad_grade_band_is_refused_next_to_the_field(school, login, unchanged):
    client = login(school.teacher)
    with unchanged(SupportMeasure):
        response = client.post(
            reverse("archives:measure_create"),
            {"name": "倒过来的年级", "grade_from": 6, "grade_to": 3},
        )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["form"]["name"].value() == "倒过来的年级"


def test_strategy_detail_shows_too_few_cases_below_5(school, login):
    strategy = SupportMeasure.objects.get(name="同伴互助")
    _closed_cases(school, strategy, improved=2, other=1)
    html = (
        login(school.teacher)
        .get(reverse("archives:strategy_detail", args=[strategy.pk]))
        .content.decode()
    )
    table = html.split('id="local-evidence"')[1].split("</table>")[0]
    assert "案例不足" in table and "%" not in table


def test_the_library_runs_a_constant_number_of_queries(school, login, constant_queries):
    client = login(school.teacher)

    def grow():
        for i in range(6):
            s = SupportMeasureFactory(name=f"新增策略{i}", summary="说明")
            s.subjects.set([school.maths])
            _closed_cases(school, s, improved=1, other=0)

    constant_queries(lambda: client.get(reverse("archives:measure_list")), grow)
    constant_queries(
        lambda: client.get(reverse("archives:case_plan", args=[case_a(school).pk])),
        grow,
        max_queries=40,
    )


def test_the_library_filters_by_cause_type_and_subject(school, login):
    client = login(school.teacher)

    def names(**params):
        return {
            s.name for s, _e in client.get(reverse("archives:measure_list"), params).context["rows"]
        }

    everything = names()
    assert {"分层作业", "家校合作", "同伴互助"} <= everything
    attitude = names(cause="attitude")
    assert "家校合作" in attitude and "分层作业" not in attitude  # 分层作业 suits weak foundations
    assert "面批讲评个性化评语" in attitude  # it suits both causes
    psych = names(type="psychological_pressure")
    assert "降低目标初尝成功" in psych and "掌握方法不惧困难" not in psych
    chinese_only = SupportMeasureFactory(name="语文朗读")
    chinese_only.subjects.set([school.chinese])
    assert "语文朗读" not in names(subject=school.maths.pk)
    assert "语文朗读" in names(subject=school.chinese.pk)
    assert "分层作业" in names(subject=school.chinese.pk)  # every subject
