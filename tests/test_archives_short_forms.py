"""Shorter identification and plan forms (issue 14, item 4): what shows on first load."""

from __future__ import annotations

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from archives.models import SupportCase
from school.models import Subject, today

from .factories.archives import ObservationFactory
from .factories.evaluations import EvaluationFactory, EvaluationResultFactory
from .factories.school import TeachingAssignmentFactory, UserFactory
from .factories.students import SupportCaseFactory, case_a

pytestmark = pytest.mark.django_db


class VisibleControls(HTMLParser):
    """Inputs, selects and textareas a user sees on load: not hidden, not in a closed <details>."""

    def __init__(self):
        super().__init__()
        self.folded = 0  # depth of closed <details> and <template> we are inside
        self.stack: list[bool] = []  # per open <details>/<template>: does it fold?
        self.controls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("details", "template"):
            folds = tag == "template" or "open" not in a
            self.stack.append(folds)
            self.folded += folds
            return
        if tag in ("input", "select", "textarea") and not self.folded and "hidden" not in a:
            if tag == "input" and a.get("type") in ("hidden", "submit", "button"):
                return
            self.controls.append(a.get("name") or "")

    def handle_endtag(self, tag):
        if tag in ("details", "template") and self.stack:
            self.folded -= self.stack.pop()


def visible_controls(response) -> list[str]:
    reader = VisibleControls()
    reader.feed(response.content.decode())
    return reader.controls


def selected(response, name: str) -> str:
    """The value of the selected option of <select name=…>, '' if none."""
    html = response.content.decode()
    start = html.index(f'name="{name}"')
    block = html[start : html.index("</select>", start)]
    marker = block.find(" selected")
    if marker < 0:
        return ""
    return block[:marker].rsplit('value="', 1)[1].split('"', 1)[0]


def identify_url(school, student=None, **query):
    url = reverse("archives:case_identify", args=[(student or school.student_a).pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# ---- identification ------------------------------------------------------------


def test_the_one_subject_a_teacher_may_choose_is_preselected(school, login):
    response = login(school.teacher).get(identify_url(school))
    assert selected(response, "subject") == str(school.maths.pk)


def test_a_head_teacher_with_all_subjects_gets_their_own_subject(school, login):
    # The head teacher of class A sees every subject there, and teaches Chinese.
    response = login(school.head).get(identify_url(school))
    assert selected(response, "subject") == str(school.chinese.pk)


def test_the_class_pages_subject_is_preselected(school, login):
    TeachingAssignmentFactory(
        term=school.term, teacher=school.head, school_class=school.class_a, subject=school.maths
    )
    response = login(school.head).get(identify_url(school, subject=school.maths.pk))
    assert selected(response, "subject") == str(school.maths.pk)


def test_with_several_subjects_none_is_preselected_and_links_prefill_them(school, login):
    response = login(school.principal).get(identify_url(school))
    assert selected(response, "subject") == ""
    page = response.content.decode()
    assert "预填以下学科的依据" in page
    assert f'href="?subject={school.maths.pk}"' in page


def test_a_subject_outside_the_users_scope_is_not_preselected(school, login):
    response = login(school.teacher).get(identify_url(school, subject=school.chinese.pk))
    assert selected(response, "subject") == str(school.maths.pk)  # their only subject


def test_the_type_starts_blank_and_must_be_chosen(school, login, unchanged):
    client = login(school.teacher)
    response = client.get(identify_url(school))
    assert selected(response, "difficulty_type") == ""
    assert '<option value="" selected>—</option>' in response.content.decode()
    data = {
        "subject": school.maths.pk,
        "identified_on": "2026-09-10",
        "causes": ["weak_foundation"],
        "difficulty_type": "",
        "evidence_test_results_note": "摸底测试",
    }
    with unchanged(SupportCase):
        response = client.post(identify_url(school), data)
    assert response.status_code == 200
    assert "请选择学困类型。" in response.content.decode()


def test_evidence_is_prefilled_from_the_early_warning_scores_and_observations(school, login):
    for day, score in ((3, "52"), (20, "45")):
        evaluation = EvaluationFactory(
            term=school.term,
            school_class=school.class_a,
            subject=school.maths,
            name=f"第{day}单元测验",
            date=datetime.date(2026, 9, day),
            created_by=school.teacher,
        )
        EvaluationResultFactory(
            evaluation=evaluation, student=school.student_a, score=Decimal(score)
        )
    # An earlier case of the term, closed, left observations behind.
    earlier = SupportCaseFactory(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
        status=SupportCase.Status.CLOSED,
    )
    ObservationFactory(
        case=earlier,
        date=datetime.date(2026, 9, 15),
        note="计算题常抄错数字",
        author=school.teacher,
    )
    response = login(school.teacher).get(identify_url(school, subject=school.maths.pk))
    page = response.content.decode()
    assert (
        'name="evidence_test_results_score" id="id_evidence_test_results_score" value="45%"' in page
    )
    assert "09-20 第20单元测验" in page and "09-03 第3单元测验" in page
    assert "目标未达成" in page  # the warning's reason: below the pass line
    assert "计算题常抄错数字" in page
    assert f'value="{today():%Y-%m-%d}"' in page  # today lies in the test term


def test_no_evidence_is_invented_without_records(school, login):
    response = login(school.teacher).get(identify_url(school))
    page = response.content.decode()
    assert 'id="id_evidence_test_results_note" value=""' in page
    assert 'id="id_evidence_observation_note" value=""' in page


def test_the_long_texts_and_teachers_fold_away_until_opened(school, login):
    response = login(school.teacher).get(identify_url(school))
    controls = visible_controls(response)
    assert "how_it_shows" not in controls and "root_cause" not in controls
    assert "responsible_teachers" not in controls
    assert {"subject", "identified_on", "causes", "difficulty_type"} <= set(controls)
    assert len(controls) < 15


def test_folded_texts_open_when_they_hold_an_error_or_input(school, login):
    client = login(school.teacher)
    data = {
        "subject": school.maths.pk,
        "identified_on": "2026-09-10",
        "causes": ["weak_foundation"],
        "difficulty_type": "",
        "how_it_shows": "作业经常不交",
        "evidence_test_results_note": "摸底测试",
    }
    response = client.post(identify_url(school), data)
    assert "how_it_shows" in visible_controls(response)


def test_identification_saves_with_the_prefilled_subject_and_a_chosen_type(school, login):
    client = login(school.teacher)
    data = {
        "subject": school.maths.pk,
        "identified_on": "2026-09-10",
        "causes": ["weak_foundation"],
        "difficulty_type": "poor_study_method",
        "evidence_observation_note": "上课走神",
    }
    response = client.post(identify_url(school), data)
    case = SupportCase.objects.get()
    assert response.status_code == 302
    assert case.difficulty_type == "poor_study_method"


# ---- plan ----------------------------------------------------------------------


def test_the_plan_starts_with_the_seeds_three_steps_each_folded(school, login):
    case = case_a(school)
    response = login(school.teacher).get(reverse("archives:case_plan", args=[case.pk]))
    page = response.content.decode()
    steps = page.split("data-plan-step")[1:4]
    assert len(page.split("data-plan-step")) == 4 + 1  # three steps and the empty template
    for step, words in zip(steps, ("降低目标", "提升目标", "掌握方法"), strict=True):
        assert words in step.split("</summary>")[0]  # one line per step
    assert "goals-0-description" not in visible_controls(response)


def test_the_plan_shows_under_15_controls_on_first_load(school, login):
    case = case_a(school)
    # A class with many teachers still fits.
    for n in range(4):
        TeachingAssignmentFactory(
            term=school.term,
            teacher=UserFactory(username=f"extra{n}"),
            school_class=school.class_a,
            subject=Subject.objects.create(name=f"科{n}", code=f"s{n}", order=10 + n),
        )
    response = login(school.teacher).get(reverse("archives:case_plan", args=[case.pk]))
    controls = visible_controls(response)
    assert len(controls) < 15, controls
    assert "responsible_teachers" in controls


def test_a_step_with_an_error_opens(school, login):
    case = case_a(school)
    data = {
        "version": case.plan_version,
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "10",
        "goals-0-description": "",
        "goals-0-target": "只有目标",
        "responsible_teachers": [school.teacher.pk],
    }
    response = login(school.teacher).post(reverse("archives:case_plan", args=[case.pk]), data)
    assert response.status_code == 200
    assert "goals-0-description" in visible_controls(response)
    assert not case.goals.exists()
