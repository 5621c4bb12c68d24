"""A plan's after-school dose names the group the student attends; 落实率 counts minutes too."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.urls import reverse

from afterschool import services
from afterschool.models import DoseGroup, PeerSession
from archives.models import PlannedDose, TutoringSession
from archives.monitoring_data import monitoring_for, monitoring_of

from .factories.afterschool import AfterSchoolGroupFactory, group_a, pairing_a
from .factories.archives import TutoringSessionFactory
from .factories.students import SupportCaseFactory

pytestmark = pytest.mark.django_db

SINCE = datetime.date(2026, 11, 2)  # a Monday; the school's today is 2026-12-03: 32 days
MONDAYS = [SINCE + datetime.timedelta(days=7 * i) for i in range(5)]


def text(response) -> str:
    """The page as a reader sees it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def maths_case(school, student=None):
    return SupportCaseFactory(
        student=student or school.student_a, subject=school.maths, identified_by=school.teacher
    )


def dose_post(**afterschool):
    data = {"submission_key": uuid.uuid4().hex}
    for kind in ("tutoring", "peer", "face_to_face"):
        data.update({f"{kind}-sessions_per_week": "", f"{kind}-minutes_per_session": ""})
    data.update({f"afterschool-{k}": v for k, v in afterschool.items()})
    return data


def attend(group, school, days, students=None):
    for day in days:
        services.take_attendance(
            group=group,
            by=school.teacher,
            date=day,
            present={s.pk for s in students or [school.student_a]},
            homework_done=set(),
        )


def test_the_plan_names_a_group_and_only_its_attendance_counts(school, login):
    case = maths_case(school)
    homework = group_a(school)  # homework of every subject: would count for maths too
    maths = group_a(school, subject=school.maths)
    client = login(school.teacher)
    url = reverse("archives:case_doses", args=[case.pk])
    form = client.get(url).context["rows"][1][2]
    offered = dict(form.fields["target"].choices)
    assert set(offered) == {"", str(homework.pk), str(maths.pk)}
    assert offered[str(maths.pk)].startswith(maths.name)
    response = client.post(
        url,
        dose_post(
            sessions_per_week="1", minutes_per_session="60", since="2026-11-02", target=maths.pk
        ),
    )
    assert response.status_code == 302
    link = DoseGroup.objects.get()
    assert link.group == maths and link.dose.case == case and link.set_by == school.teacher
    attend(homework, school, MONDAYS[:4])
    attend(maths, school, MONDAYS[:2])
    line = monitoring_of(case).doses[0]
    # Once a week for 32 days: 5 sessions, 5 × 60 = 300 minutes; the maths group met twice.
    assert line.target.label == maths.name
    assert (line.fidelity.planned, line.fidelity.delivered) == (5, 2)
    assert (line.fidelity.planned_minutes, line.fidelity.delivered_minutes) == (300, 120)
    page = client.get(reverse("archives:archive", args=[case.pk]))
    assert f'<span class="dose-target-name">{maths.name}</span>' in page.content.decode()
    assert "2/5 次 (40%) · 120/300 分钟 (40%)" in text(page)
    # The plan's form shows the group chosen; "any group" counts both groups again.
    assert client.get(url).context["rows"][1][2].initial["target"] == str(maths.pk)
    client.post(url, dose_post(sessions_per_week="1", minutes_per_session="60", target=""))
    assert not DoseGroup.objects.exists()
    assert monitoring_of(case).doses[0].fidelity.delivered == 6


def test_a_group_the_student_is_not_in_is_offered_to_who_runs_it_and_adds_them(school, login):
    case = maths_case(school)
    group = AfterSchoolGroupFactory(
        term=school.term, teacher=school.teacher, members=[school.student_a2], name="数学提高组"
    )
    client = login(school.teacher)
    url = reverse("archives:case_doses", args=[case.pk])
    label = dict(client.get(url).context["rows"][1][2].fields["target"].choices)[str(group.pk)]
    assert label.startswith("数学提高组") and "将把该生加入小组" in label
    client.post(url, dose_post(sessions_per_week="2", target=group.pk))
    assert set(group.members.all()) == {school.student_a, school.student_a2}
    assert DoseGroup.objects.get().group == group
    # The history of the group keeps the member added.
    assert group.history.count() >= 2


def test_a_group_not_offered_is_refused_and_nothing_changes(school, login, unchanged):
    case = maths_case(school)
    # The class-B maths teacher's group: not the student's, not run by this teacher.
    other = AfterSchoolGroupFactory(
        term=school.term, teacher=school.stranger, members=[school.student_b]
    )
    # A group of another subject (Chinese) the student is in: not offered for maths.
    chinese = group_a(school, subject=school.chinese)
    offered_group = group_a(school)
    client = login(school.teacher)
    url = reverse("archives:case_doses", args=[case.pk])
    offered = dict(client.get(url).context["rows"][1][2].fields["target"].choices)
    assert set(offered) == {"", str(offered_group.pk)}
    assert str(other.pk) not in offered and str(chinese.pk) not in offered
    with unchanged(PlannedDose, DoseGroup):
        response = client.post(url, dose_post(sessions_per_week="2", target=other.pk))
    assert response.status_code == 200, response
    assert response.context["rows"][1][2].errors["target"]
    # The refused form keeps what was typed.
    assert 'value="2"' in response.content.decode()


def test_named_groups_and_minutes_in_a_batch_run_constant_queries(
    school, django_assert_num_queries
):
    def make(n, first):
        cases = []
        for i in range(first, first + n):
            from .factories.students import StudentFactory

            student = StudentFactory(school_class=school.class_a, student_number=f"A5{i:02d}")
            case = maths_case(school, student)
            group = AfterSchoolGroupFactory(
                term=school.term, teacher=school.teacher, members=[student]
            )
            dose = PlannedDose.objects.create(
                case=case,
                kind="afterschool",
                sessions_per_week=1,
                minutes_per_session=60,
                since=SINCE,
            )
            DoseGroup.objects.create(dose=dose, group=group, set_by=school.teacher)
            attend(group, school, MONDAYS[:1], [student])
            cases.append(case)
        return cases

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = make(1, 0)
    with CaptureQueriesContext(connection) as one:
        monitoring_for(few)
    many = make(4, 1)
    with CaptureQueriesContext(connection) as four:
        result = monitoring_for(many)
    assert len(one) == len(four)
    assert all(cm.doses[0].target is not None for cm in result.values())
    assert all(cm.doses[0].fidelity.delivered_minutes == 60 for cm in result.values())


def test_short_tutoring_sessions_gate_the_decision_on_minutes(school, login):
    case = maths_case(school)
    PlannedDose.objects.create(
        case=case, kind="tutoring", sessions_per_week=2, minutes_per_session=40, since=SINCE
    )
    # 8 of the 9 sessions planned (89 %), but 20 of the 40 minutes each: 160 / 360 = 44 %.
    for i in range(8):
        TutoringSessionFactory(case=case, date=SINCE + datetime.timedelta(days=3 * i), minutes=20)
    cm = monitoring_of(case)
    f = cm.fidelity
    assert (f.planned, f.delivered, f.planned_minutes, f.delivered_minutes) == (9, 8, 360, 160)
    assert f.percent == 89 and f.minutes_percent == 44 and cm.below_bar
    client = login(school.teacher)
    archive = text(client.get(reverse("archives:archive", args=[case.pk])))
    assert "8/9 次 (89%) · 160/360 分钟 (44%)" in archive
    caseload = client.get(reverse("archives:caseload")).content.decode()
    assert "落实率 44%" in caseload


def test_tutoring_asks_minutes_offering_the_plans(school, login, unchanged):
    case = maths_case(school)
    PlannedDose.objects.create(
        case=case, kind="tutoring", sessions_per_week=2, minutes_per_session=40, since=SINCE
    )
    client = login(school.teacher)
    url = reverse("archives:tutoring_add", args=[case.pk])
    assert client.get(url).context["form"].initial["minutes"] == 40
    data = {"date": "2026-12-01", "content": "口算练习", "submission_key": uuid.uuid4().hex}
    with unchanged(TutoringSession):
        refused = client.post(url, {**data, "minutes": "300"})
    assert refused.status_code == 200 and refused.context["form"].errors["minutes"]
    assert client.post(url, {**data, "minutes": "35"}).status_code == 302
    assert TutoringSession.objects.get().minutes == 35


def test_peer_sessions_count_their_minutes(school, login):
    case = maths_case(school)
    PlannedDose.objects.create(
        case=case, kind="peer", sessions_per_week=1, minutes_per_session=20, since=SINCE
    )
    pairing = pairing_a(school)
    client = login(school.teacher)
    url = reverse("afterschool:peer_session_add", args=[pairing.pk])
    assert client.get(url).context["form"].initial["minutes"] == PeerSession.DEFAULT_MINUTES
    for day, minutes in (("2026-11-03", "20"), ("2026-11-10", "10"), ("2026-11-17", "")):
        client.post(
            url,
            {
                "date": day,
                "practised": "口算",
                "minutes": minutes,
                "submission_key": uuid.uuid4().hex,
            },
        )
    f = monitoring_of(case).doses[0].fidelity
    # 5 planned (100 minutes); 3 delivered: 20 + 10 + (not recorded: the planned 20) = 50.
    assert (f.planned, f.delivered, f.planned_minutes, f.delivered_minutes) == (5, 3, 100, 50)
