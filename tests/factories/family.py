import datetime

import factory
from factory.django import DjangoModelFactory

from archives.models import SupportCase
from family.models import FamilyContact, FamilyProfile, Guardian, ParentSession, SessionAttendance
from school.models import Term

from .school import UserFactory
from .students import StudentFactory


def open_case(student, subject, term, by, identified_on=None) -> SupportCase:
    """An open support case: what makes a student 'struggling' for the family pages."""
    return SupportCase.objects.create(
        student=student,
        subject=subject,
        term=term,
        identified_by=by,
        identified_on=identified_on or term.start,
        status=SupportCase.Status.IN_SUPPORT,
    )


class FamilyProfileFactory(DjangoModelFactory[FamilyProfile]):
    class Meta:
        model = FamilyProfile
        django_get_or_create = ("student",)

    student = factory.SubFactory(StudentFactory)
    primary_caregiver = FamilyProfile.Caregiver.GRANDPARENTS
    left_behind = True
    notes = "父母在外地打工，奶奶照顾"


class GuardianFactory(DjangoModelFactory[Guardian]):
    class Meta:
        model = Guardian

    profile = factory.SubFactory(FamilyProfileFactory)
    relation = Guardian.Relation.GRANDMOTHER
    name = "张奶奶"
    phone = "13812341234"


class FamilyContactFactory(DjangoModelFactory[FamilyContact]):
    class Meta:
        model = FamilyContact

    student = factory.SubFactory(StudentFactory)
    date = datetime.date(2026, 10, 8)
    channel = FamilyContact.Channel.HOME_VISIT
    participants = "奶奶"
    summary = "家访：孩子作业常拖到深夜"
    family_actions = "奶奶每晚八点提醒孩子完成作业"
    school_actions = "数学老师每周面批两次"
    recorded_by = factory.SubFactory(UserFactory)


class ParentSessionFactory(DjangoModelFactory[ParentSession]):
    class Meta:
        model = ParentSession

    term = factory.LazyFunction(lambda: Term.objects.current())
    kind = ParentSession.Kind.PARENT_SCHOOL
    topic = "如何陪孩子写作业"
    date = datetime.date(2026, 10, 15)
    speaker = "周校长"
    created_by = factory.SubFactory(UserFactory)
    school_class = None


class SessionAttendanceFactory(DjangoModelFactory[SessionAttendance]):
    class Meta:
        model = SessionAttendance

    session = factory.SubFactory(ParentSessionFactory)
    student = factory.SubFactory(StudentFactory)
    attended = True
    recorded_by = factory.SubFactory(UserFactory)


def _contact(school):
    return FamilyContactFactory(student=school.student_a, recorded_by=school.head).pk


def _session(school):
    return ParentSessionFactory(
        term=school.term, school_class=school.class_a, created_by=school.head
    ).pk


# URL keyword → a value outside the stranger's scope (see tests/test_url_scoping.py).
URL_KWARGS = {
    "contact_pk": _contact,
    "session_pk": _session,
}
