"""Inspection rounds: creation by the director, the form, finalizing, results, report."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from evaluations.evidence import evidence
from inspections import services
from inspections.models import ChecklistItem, InspectionResult, InspectionRound

from .factories.school import TermFactory, UserFactory


@pytest.fixture
def backbone(school):
    return UserFactory(username="backbone", full_name="骨干教师")


@pytest.fixture
def chinese_round(school, backbone):
    """The Chinese director's mid-term round: head (class A) and the director inspected."""
    return services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.chinese,
        due=datetime.date(2026, 11, 12),
        inspectors=[backbone],
        teachers=[],
        user=school.director,
    )


def score_all(r, teacher, inspector, value=8, **extra):
    scores = {i.pk: (Decimal(value), "") for i in r.items.all()}
    return services.save_inspection(
        inspection_round=r, teacher=teacher, inspector=inspector, scores=scores, **extra
    )


def form_data(r, value="8", **extra):
    data = {f"score-{i.pk}": value for i in r.items.all()}
    data |= {f"comment-{i.pk}": "依据检查记录" for i in r.items.all()}
    return data | extra


# ---- creation ----------------------------------------------------------------------


def test_director_creates_a_round_with_the_school_checklist(school, login, backbone):
    client = login(school.director)
    response = client.post(
        reverse("inspections:round_create"),
        {
            "kind": "midterm",
            "subject": school.chinese.pk,
            "due": "2026-11-12",
            "inspectors": [backbone.pk],
        },
    )
    r = InspectionRound.objects.get()
    assert response.status_code == 302
    assert r.created_by == school.director and r.term == school.term
    assert set(r.teachers.all()) == {school.head, school.director}  # all Chinese teachers
    assert list(r.items.values_list("name", flat=True)) == [
        "备课",
        "作业布置",
        "作业批改",
        "作业记录与分析",
        "学困生档案与帮扶计划",
        "家校联系",
    ]
    assert "有发必收、有收必批、有批必评、有错必纠" in r.items.get(name="作业批改").description


def test_director_cannot_create_a_round_for_another_subject(school, login, backbone):
    client = login(school.director)
    response = client.post(
        reverse("inspections:round_create"),
        {
            "kind": "midterm",
            "subject": school.maths.pk,
            "due": "2026-11-12",
            "inspectors": [backbone.pk],
        },
    )
    assert response.status_code == 200
    assert not InspectionRound.objects.exists()


def test_a_teacher_cannot_create_rounds(school, login):
    assert login(school.teacher).get(reverse("inspections:round_create")).status_code == 403


def test_one_round_per_term_kind_and_subject(school, login, chinese_round, backbone):
    response = login(school.director).post(
        reverse("inspections:round_create"),
        {
            "kind": "midterm",
            "subject": school.chinese.pk,
            "due": "2026-11-13",
            "inspectors": [backbone.pk],
        },
    )
    assert response.status_code == 200
    assert InspectionRound.objects.count() == 1


def test_editing_the_checklist_does_not_rewrite_past_rounds(school, login, chinese_round):
    item = ChecklistItem.objects.get(name="备课")
    client = login(school.principal)
    response = client.post(
        reverse("inspections:checklist_edit", args=[item.pk]),
        {
            "subject": "",
            "name": "教学设计",
            "area": "lesson_preparation",
            "description": "",
            "weight": "5",
            "order": "1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert chinese_round.items.filter(name="备课", weight=2).exists()
    assert not chinese_round.items.filter(name="教学设计").exists()


def test_school_leader_creates_a_whole_school_round(school, login, backbone):
    client = login(school.principal)
    response = client.post(
        reverse("inspections:round_create"),
        {"kind": "final", "subject": "", "due": "2027-01-14", "inspectors": [backbone.pk]},
    )
    assert response.status_code == 302
    r = InspectionRound.objects.get()
    assert r.subject is None
    assert set(r.teachers.all()) == {school.teacher, school.head, school.stranger, school.director}


# ---- the inspection form and scoping ---------------------------------------------------


def test_inspector_scores_a_teacher(school, login, chinese_round, backbone):
    client = login(backbone)
    url = reverse("inspections:inspect", args=[chinese_round.pk, school.head.pk])
    assert client.get(url).status_code == 200
    data = form_data(chinese_round, "10", problems="面批偏少", follow_up="每周面批两次")
    data[f"score-{chinese_round.items.get(name='作业批改').pk}"] = "5"
    response = client.post(url, data)
    assert response.status_code == 302
    result = InspectionResult.objects.get(round=chinese_round, teacher=school.head)
    assert result.inspector == backbone and result.problems == "面批偏少"
    # weights 2,2,3,1,2 and the family item's 1: (2+2+1.5+1+2+1)/11
    assert result.total_percent == Decimal("86.4")


def test_scores_outside_the_scale_are_form_errors(school, login, chinese_round, backbone):
    client = login(backbone)
    url = reverse("inspections:inspect", args=[chinese_round.pk, school.head.pk])
    response = client.post(url, form_data(chinese_round, "11"))
    assert response.status_code == 200
    response = client.post(url, form_data(chinese_round, "abc"))
    assert response.status_code == 200
    assert not InspectionResult.objects.exists()


def test_inspector_sees_only_the_teachers_of_their_round(school, login, chinese_round, backbone):
    client = login(backbone)
    assert (
        client.get(reverse("inspections:round_detail", args=[chinese_round.pk])).status_code == 200
    )
    other = reverse("inspections:inspect", args=[chinese_round.pk, school.teacher.pk])
    assert client.get(other).status_code == 404
    maths_round = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.maths,
        due=datetime.date(2026, 11, 12),
        inspectors=[school.principal],
        teachers=[],
        user=school.principal,
    )
    assert client.get(reverse("inspections:round_detail", args=[maths_round.pk])).status_code == 404
    listing = client.get(reverse("inspections:rounds")).content.decode()
    assert reverse("inspections:round_detail", args=[chinese_round.pk]) in listing
    assert reverse("inspections:round_detail", args=[maths_round.pk]) not in listing


def test_inspected_teacher_cannot_open_the_round_or_others_forms(school, login, chinese_round):
    client = login(school.head)
    assert (
        client.get(reverse("inspections:round_detail", args=[chinese_round.pk])).status_code == 404
    )
    url = reverse("inspections:inspect", args=[chinese_round.pk, school.director.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("inspections:report", args=[chinese_round.pk])).status_code == 404


def test_inspector_cannot_read_the_report_or_finalize(school, login, chinese_round, backbone):
    client = login(backbone)
    assert client.get(reverse("inspections:report", args=[chinese_round.pk])).status_code == 404
    assert (
        client.post(reverse("inspections:round_finalize", args=[chinese_round.pk])).status_code
        == 404
    )


# ---- lifecycle --------------------------------------------------------------------------


def test_round_lifecycle_and_read_only_after_finalizing(school, login, chinese_round, backbone):
    client = login(school.director)
    finalize = reverse("inspections:round_finalize", args=[chinese_round.pk])
    score_all(chinese_round, school.head, backbone, 9)
    client.post(finalize, {"review_note": "总体良好"})
    chinese_round.refresh_from_db()
    assert not chinese_round.is_finalized  # the director is not yet inspected
    score_all(chinese_round, school.director, backbone, 7)
    client.post(finalize, {"review_note": "总体良好"})
    chinese_round.refresh_from_db()
    assert chinese_round.is_finalized and chinese_round.finalized_by == school.director
    assert chinese_round.review_note == "总体良好"

    with pytest.raises(ValidationError):
        score_all(chinese_round, school.head, backbone, 1)
    with pytest.raises(ValidationError):
        services.update_round(
            inspection_round=chinese_round,
            due=datetime.date(2026, 12, 1),
            inspectors=[],
            teachers=[],
        )
    with pytest.raises(ValidationError):
        services.finalize_round(inspection_round=chinese_round, user=school.director)
    url = reverse("inspections:inspect", args=[chinese_round.pk, school.head.pk])
    login(backbone).post(url, form_data(chinese_round, "1"))
    result = InspectionResult.objects.get(round=chinese_round, teacher=school.head)
    assert result.total_percent == Decimal("90.0")
    assert "disabled" in login(backbone).get(url).content.decode()
    response = login(school.director).get(
        reverse("inspections:round_edit", args=[chinese_round.pk])
    )
    assert response.status_code == 302


def test_teacher_reads_only_their_own_results_once_finalized(
    school, login, chinese_round, backbone
):
    score_all(chinese_round, school.head, backbone, 9, problems="批改及时")
    score_all(chinese_round, school.director, backbone, 6, problems="备课不足")
    client = login(school.head)
    assert "批改及时" not in client.get(reverse("inspections:my_results")).content.decode()
    services.finalize_round(inspection_round=chinese_round, user=school.director)
    html = client.get(reverse("inspections:my_results")).content.decode()
    assert "批改及时" in html and "备课不足" not in html
    url = reverse("inspections:teacher_process", args=[school.director.pk])
    assert client.get(url).status_code == 404


def test_process_evaluation_shows_results_across_rounds(school, login, chinese_round, backbone):
    score_all(chinese_round, school.head, backbone, 6)
    score_all(chinese_round, school.director, backbone, 6)
    services.finalize_round(inspection_round=chinese_round, user=school.director)
    final = services.create_round(
        term=school.term,
        kind="final",
        subject=school.chinese,
        due=datetime.date(2027, 1, 14),
        inspectors=[backbone],
        teachers=[school.head],
        user=school.director,
    )
    score_all(final, school.head, backbone, 9)
    response = login(school.director).get(
        reverse("inspections:teacher_process", args=[school.head.pk])
    )
    assert [r.total for r in response.context["results"]] == [
        Decimal("90.0"),
        Decimal("60.0"),
    ]


# ---- evidence -------------------------------------------------------------------------------


def test_inspection_form_shows_evidence_drawn_from_the_records(school, login, backbone):
    from .factories.evaluations import EvaluationFactory, EvaluationResultFactory, GapFactory

    r = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.maths,
        due=datetime.date(2026, 11, 12),
        inspectors=[backbone],
        teachers=[school.teacher],
        user=school.principal,
    )
    for day in (5, 12, 19):
        e = EvaluationFactory(
            term=school.term,
            school_class=school.class_a,
            subject=school.maths,
            date=datetime.date(2026, 10, day),
        )
        res = EvaluationResultFactory(evaluation=e, student=school.student_a, score=40)
        GapFactory(
            result=res,
            due=datetime.date(2026, 10, 30),
            done=day == 5,
            done_on=datetime.date(2026, 10, 20) if day == 5 else None,
        )
    # outside the period and another teacher's class: not counted
    EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        date=datetime.date(2026, 12, 1),
    )
    EvaluationFactory(
        term=school.term,
        school_class=school.class_b,
        subject=school.maths,
        date=datetime.date(2026, 10, 1),
    )
    with translation.override("en"):
        figures = {
            e.label: e.value
            for e in evidence(
                teacher=school.teacher,
                term=school.term,
                start=school.term.start,
                end=datetime.date(2026, 11, 12),
            )
        }
    assert figures == {
        "Evaluations recorded": 3,
        "Student results entered": 3,
        "Gaps found": 3,
        "Gaps followed up (done)": 1,
        "Gap follow-ups overdue": 2,
    }
    response = login(backbone).get(reverse("inspections:inspect", args=[r.pk, school.teacher.pk]))
    shown = [f["e"] for f in response.context["general"] if f["e"].group == "evaluations"]
    assert [e.value for e in shown] == [3, 3, 3, 1, 2]
    assert shown[-1].warning


def test_an_inspector_does_not_inspect_themselves(school, chinese_round):
    chinese_round.inspectors.add(school.head)
    with pytest.raises(ValidationError):
        score_all(chinese_round, school.head, school.head)


def _rounds_with_results(school, n, first=0):
    """n finalized rounds (one per term) in which the head teacher was inspected."""
    inspector = UserFactory(username="backbone2")
    for i in range(first, first + n):
        term = TermFactory(
            start=datetime.date(2000 + i, 2, 1),
            midterm_review=datetime.date(2000 + i, 4, 1),
            final_review=datetime.date(2000 + i, 6, 1),
            end=datetime.date(2000 + i, 7, 1),
        )
        r = services.create_round(
            term=term,
            kind="midterm",
            subject=school.chinese,
            due=term.midterm_review,
            inspectors=[inspector],
            teachers=[school.head],
            user=school.director,
        )
        score_all(r, school.head, inspector, 7)
        services.finalize_round(inspection_round=r, user=school.director)


@pytest.mark.parametrize(
    ("who", "url_name", "args"),
    [
        ("director", "inspections:rounds", []),
        ("director", "inspections:teacher_process", ["head"]),
        ("director", "inspections:checklist", []),
        ("head", "inspections:my_results", []),
    ],
)
def test_round_pages_run_a_constant_number_of_queries(
    school, login, constant_queries, who, url_name, args
):
    _rounds_with_results(school, 3)
    client = login(getattr(school, who))
    url = reverse(url_name, args=[getattr(school, a).pk for a in args])

    def fetch():
        assert client.get(url).status_code == 200

    constant_queries(fetch, lambda: _rounds_with_results(school, 27, first=3))
    if url_name == "inspections:my_results":
        assert len(client.get(url).context["page"]) == 20


@pytest.mark.parametrize("typed", ["NaN", "inf", "5.25", "9.99", "a\x00b", "1e309", "-1"])
def test_scores_the_column_cannot_hold_are_form_errors(
    school, login, chinese_round, backbone, typed
):
    client = login(backbone)
    url = reverse("inspections:inspect", args=[chinese_round.pk, school.head.pk])
    response = client.post(url, form_data(chinese_round, typed))
    assert response.status_code == 200
    assert all(row["error"] for row in response.context["rows"])
    assert not InspectionResult.objects.exists()


def test_scores_typed_the_chinese_way_are_saved(school, login, chinese_round, backbone):
    client = login(backbone)
    url = reverse("inspections:inspect", args=[chinese_round.pk, school.head.pk])
    data = form_data(chinese_round, "９．５")
    first, second = list(chinese_round.items.all())[:2]
    data[f"score-{first.pk}"] = "8分"
    data[f"score-{second.pk}"] = "7,5"
    assert client.post(url, data).status_code == 302
    scores = dict(
        InspectionResult.objects.get(teacher=school.head).scores.values_list("item", "score")
    )
    assert scores[first.pk] == Decimal("8") and scores[second.pk] == Decimal("7.5")
    assert set(scores.values()) == {Decimal("8"), Decimal("7.5"), Decimal("9.5")}
