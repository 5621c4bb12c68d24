"""Factories and the seeded school of the reports tests."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import factory
from factory.django import DjangoModelFactory

from archives.models import SupportCase
from reports.models import ExportJob
from school.models import Term

from .school import TermFactory
from .students import StudentFactory


class ExportJobFactory(DjangoModelFactory[ExportJob]):
    class Meta:
        model = ExportJob

    user = factory.SubFactory("tests.factories.school.UserFactory")
    params = factory.LazyFunction(lambda: {"filters": {}, "language": "zh-hans"})


def make_case(*, student, subject, term, status="identified", by, responsible=(), on=None):
    """A support case as the students app records it (no factory: that app owns the model)."""
    case = SupportCase.objects.create(
        student=student,
        subject=subject,
        term=term,
        status=status,
        identified_by=by,
        identified_on=on or term.start + datetime.timedelta(days=10),
    )
    case.responsible_teachers.set(responsible)
    return case


def seed_cases(school) -> SimpleNamespace:
    """Cases across the fixture school: class A (maths and Chinese), class B, class C,
    and last term's cases for the term comparison."""
    s = school
    previous = TermFactory(
        academic_year="2025-2026",
        name="第二学期",
        start=datetime.date(2026, 2, 17),
        midterm_review=datetime.date(2026, 4, 22),
        final_review=datetime.date(2026, 6, 24),
        end=datetime.date(2026, 7, 4),
    )
    assert Term.objects.current() == s.term
    a_maths = make_case(
        student=s.student_a,
        subject=s.maths,
        term=s.term,
        status="in_support",
        by=s.teacher,
        responsible=[s.teacher],
    )
    a2_maths = make_case(
        student=s.student_a2,
        subject=s.maths,
        term=s.term,
        status="improved",
        by=s.teacher,
        responsible=[s.teacher, s.head],
    )
    a_chinese = make_case(
        student=s.student_a, subject=s.chinese, term=s.term, by=s.head, responsible=[s.head]
    )
    b_maths = make_case(
        student=s.student_b, subject=s.maths, term=s.term, by=s.stranger, responsible=[s.stranger]
    )
    c_chinese = make_case(
        student=s.student_c,
        subject=s.chinese,
        term=s.term,
        status="improved",
        by=s.director,
        responsible=[s.director],
    )
    old_cases = [
        make_case(
            student=s.student_a, subject=s.maths, term=previous, status="improved", by=s.teacher
        ),
        make_case(
            student=s.student_b, subject=s.maths, term=previous, status="closed", by=s.teacher
        ),
        make_case(
            student=s.student_c, subject=s.chinese, term=previous, status="closed", by=s.director
        ),
        make_case(
            student=s.student_a2, subject=s.chinese, term=previous, status="closed", by=s.head
        ),
    ]
    extra_student = StudentFactory(school_class=s.class_b, name='=HYPERLINK("http://x")')
    return SimpleNamespace(
        previous=previous,
        a_maths=a_maths,
        a2_maths=a2_maths,
        a_chinese=a_chinese,
        b_maths=b_maths,
        c_chinese=c_chinese,
        old_cases=old_cases,
        extra_student=extra_student,
    )


# URL keyword → a value outside the stranger's scope (see tests/test_url_scoping.py):
# an export belongs to the user who asked for it, and nobody else sees it.
URL_KWARGS = {
    "job_pk": lambda school: ExportJobFactory.create(user=school.teacher).pk,
}


def seed_records(school) -> SimpleNamespace:
    """Observations, family contacts and homework over ``seed_cases``'s cases."""
    from archives.models import Observation
    from family.models import FamilyContact
    from homework.models import Assignment, Tier
    from school.models import today

    s = school
    c = s.cases
    obs = [
        Observation.objects.create(
            case=c.a_maths,
            date=datetime.date(2026, 9, 15),
            kind="classroom",
            rating=2,
            note="=cmd|' /C calc'!A0",
            author=s.teacher,
        ),
        Observation.objects.create(
            case=c.a_maths, date=today(), kind="homework", score_percent=72.5, author=s.teacher
        ),
        Observation.objects.create(
            case=c.a_chinese, date=datetime.date(2026, 9, 20), kind="test", rating=3, author=s.head
        ),
        Observation.objects.create(
            case=c.b_maths,
            date=datetime.date(2026, 9, 21),
            kind="classroom",
            rating=4,
            author=s.stranger,
        ),
    ]
    contacts = [
        FamilyContact.objects.create(
            student=s.student_a,
            date=datetime.date(2026, 10, 1),
            channel="home_visit",
            participants="母亲",
            summary="家访：作业习惯",
            next_contact_on=datetime.date(2026, 11, 30),
            recorded_by=s.head,
        ),
        FamilyContact.objects.create(
            student=s.student_c,
            date=datetime.date(2026, 10, 5),
            channel="phone",
            summary="=1+2",
            recorded_by=s.admin,
        ),
    ]
    day = datetime.date(2026, 10, 12)

    def homework(school_class, subject, minutes):
        assignment = Assignment.objects.create(
            term=s.term,
            school_class=school_class,
            subject=subject,
            date=day,
            title="练习",
            set_by=s.admin,
        )
        Tier.objects.create(assignment=assignment, level="basic", content="练习", minutes=minutes)
        return assignment

    homework(s.class_a, s.maths, 40)
    homework(s.class_a, s.chinese, 30)
    homework(s.class_b, s.maths, 30)
    return SimpleNamespace(observations=obs, contacts=contacts, homework_day=day)


def seed_evaluations(school) -> SimpleNamespace:
    """A maths unit test in class A and class B, and a Chinese mid-term inspection round."""
    from evaluations.models import Evaluation, EvaluationResult, Gap
    from inspections.models import InspectionResult, InspectionRound

    s = school

    def evaluation(school_class, subject, name, results):
        item = Evaluation.objects.create(
            term=s.term,
            school_class=school_class,
            subject=subject,
            kind="unit",
            name=name,
            date=datetime.date(2026, 10, 20),
            full_marks=100,
            pass_line=60,
            created_by=s.admin,
        )
        made = [
            EvaluationResult.objects.create(
                evaluation=item, student=student, score=score, goal_attained=score >= 60
            )
            for student, score in results
        ]
        return item, made

    maths_a, results_a = evaluation(
        s.class_a, s.maths, "=第三单元", [(s.student_a, 55), (s.student_a2, 80)]
    )
    Gap.objects.create(
        result=results_a[0], knowledge_point="分数加减", due=datetime.date(2026, 11, 1)
    )
    maths_b, _ = evaluation(s.class_b, s.maths, "第三单元", [(s.student_b, 90)])
    round_ = InspectionRound.objects.create(
        term=s.term,
        kind="midterm",
        subject=s.chinese,
        due=datetime.date(2026, 11, 12),
        created_by=s.director,
    )
    round_.teachers.set([s.head, s.director])
    round_.inspectors.set([s.director])
    InspectionResult.objects.create(
        round=round_,
        teacher=s.head,
        inspector=s.director,
        total_percent=85,
        problems="@批改记录不全",
    )
    return SimpleNamespace(maths_a=maths_a, maths_b=maths_b, round=round_)
