import datetime

import factory
from factory.django import DjangoModelFactory

from homework.models import (
    Assignment,
    HomeworkReview,
    LoadLimit,
    MarkingRecord,
    PersonalisedItem,
    ReviewGroupMember,
    StudentTier,
    Tier,
)
from school.models import Term

from .school import SchoolClassFactory, SubjectFactory, TermFactory, UserFactory
from .students import StudentFactory

DAY = datetime.date(2026, 11, 18)  # a Wednesday in the fixture's term


class AssignmentFactory(DjangoModelFactory[Assignment]):
    class Meta:
        model = Assignment

    term = factory.LazyFunction(lambda: Term.objects.current() or TermFactory(is_current=True))
    school_class = factory.SubFactory(SchoolClassFactory)
    subject = factory.SubFactory(SubjectFactory)
    date = DAY
    title = factory.Sequence(lambda n: f"作业{n}")
    unit = "第三单元"
    phase = Assignment.Phase.AFTER_CLASS
    kind = Assignment.Kind.WRITTEN
    default_level = "basic"
    set_by = factory.SubFactory(UserFactory)


class TierFactory(DjangoModelFactory[Tier]):
    class Meta:
        model = Tier

    assignment = factory.SubFactory(AssignmentFactory)
    level = "basic"
    content = "练习册第12页"
    minutes = 20


class StudentTierFactory(DjangoModelFactory[StudentTier]):
    class Meta:
        model = StudentTier

    assignment = factory.SubFactory(AssignmentFactory)
    student = factory.SubFactory(StudentFactory)
    level = "extension"


class PersonalisedItemFactory(DjangoModelFactory[PersonalisedItem]):
    class Meta:
        model = PersonalisedItem

    assignment = factory.SubFactory(AssignmentFactory)
    student = factory.SubFactory(StudentFactory)
    content = "基础题前三题"
    minutes = 10


class MarkingRecordFactory(DjangoModelFactory[MarkingRecord]):
    class Meta:
        model = MarkingRecord

    assignment = factory.SubFactory(AssignmentFactory)
    student = factory.SubFactory(StudentFactory)
    quality = "B"
    marked_by = factory.SubFactory(UserFactory)


class HomeworkReviewFactory(DjangoModelFactory[HomeworkReview]):
    class Meta:
        model = HomeworkReview

    assignment = factory.SubFactory(AssignmentFactory)
    reviewer = factory.SubFactory(UserFactory)
    design = "good"
    tiering = "adequate"
    load = "good"


def class_a_homework(school) -> Assignment:
    """Maths homework of class A (the fixture's teacher), with two tiers."""
    existing = Assignment.objects.filter(school_class=school.class_a, title="class A maths").first()
    if existing:
        return existing
    a = AssignmentFactory.create(
        school_class=school.class_a,
        subject=school.maths,
        set_by=school.teacher,
        title="class A maths",
    )
    TierFactory(assignment=a, level="basic", minutes=20)
    TierFactory(assignment=a, level="extension", minutes=30)
    return a


# URL keyword → a value outside the stranger's scope (see tests/test_url_scoping.py).
URL_KWARGS = {
    "assignment_pk": lambda school: class_a_homework(school).pk,
    "day": lambda school: DAY.isoformat(),
    "limit_pk": lambda school: LoadLimit.objects.get(band="upper").pk,
    "member_pk": lambda school: (
        ReviewGroupMember.objects.get_or_create(subject=school.chinese, teacher=school.teacher)[
            0
        ].pk
    ),
}


def _subject_cap(school) -> int:
    from homework.models import SubjectCap

    return SubjectCap.objects.get_or_create(
        grade=school.grade, subject=school.chinese, defaults={"minutes": 20}
    )[0].pk


def _calendar_day(school) -> int:
    from homework.models import CalendarDay

    return CalendarDay.objects.get_or_create(
        date=datetime.date(2026, 10, 1), defaults={"note": "国庆节"}
    )[0].pk


URL_KWARGS["cap_pk"] = _subject_cap
URL_KWARGS["calendar_day_pk"] = _calendar_day


def _marking_photo(school) -> int:
    from homework.models import MarkingPhoto

    homework = class_a_homework(school)
    marking = MarkingRecord.objects.filter(
        assignment=homework, student=school.student_a
    ).first() or MarkingRecordFactory.create(
        assignment=homework, student=school.student_a, marked_by=school.teacher
    )
    return MarkingPhoto.objects.create(
        marking=marking,
        image="work-photos/0.jpg",
        thumbnail="work-photos/1.jpg",
        width=1,
        height=1,
        uploaded_by=school.teacher,
    ).pk


URL_KWARGS["marking_photo_pk"] = _marking_photo


def _notice_token(school) -> str:
    from homework.models import NoticeLink

    return NoticeLink.objects.create(
        school_class=school.class_a,
        date=DAY,
        created_by=school.head,
        expires_on=DAY + datetime.timedelta(days=30),
    ).token


URL_KWARGS["token"] = _notice_token


def _lesson(school) -> int:
    from homework.models import LessonRecord

    return LessonRecord.objects.create(
        term=school.term,
        teacher=school.teacher,
        school_class=school.class_a,
        subject=school.maths,
        date=DAY,
        title="分数的初步认识",
    ).pk


URL_KWARGS["lesson_pk"] = _lesson
