import datetime

import factory
from factory.django import DjangoModelFactory

from school.models import (
    ClassHeadship,
    Grade,
    GradeLeadership,
    SchoolClass,
    Subject,
    SubjectDirectorship,
    TeachingAssignment,
    Term,
    User,
)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"教师{n}")
    password = factory.django.Password("pw-12345678")


class TermFactory(DjangoModelFactory[Term]):
    class Meta:
        model = Term

    academic_year = factory.Sequence(lambda n: f"{2000 + n}-{2001 + n}")
    name = "第一学期"
    start = datetime.date(2026, 9, 1)
    midterm_review = datetime.date(2026, 11, 12)
    final_review = datetime.date(2027, 1, 14)
    end = datetime.date(2027, 1, 23)
    is_current = False


class GradeFactory(DjangoModelFactory[Grade]):
    class Meta:
        model = Grade
        django_get_or_create = ("level",)

    level = 3


class SchoolClassFactory(DjangoModelFactory[SchoolClass]):
    class Meta:
        model = SchoolClass

    grade = factory.SubFactory(GradeFactory)
    number = factory.Sequence(lambda n: n + 1)


class SubjectFactory(DjangoModelFactory[Subject]):
    class Meta:
        model = Subject
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"学科{n}")
    code = factory.Sequence(lambda n: f"subject{n}")


class TeachingAssignmentFactory(DjangoModelFactory[TeachingAssignment]):
    class Meta:
        model = TeachingAssignment

    term = factory.LazyFunction(lambda: Term.objects.current() or TermFactory(is_current=True))
    teacher = factory.SubFactory(UserFactory)
    school_class = factory.SubFactory(SchoolClassFactory)
    subject = factory.SubFactory(SubjectFactory)


class ClassHeadshipFactory(DjangoModelFactory[ClassHeadship]):
    class Meta:
        model = ClassHeadship

    term = factory.LazyFunction(lambda: Term.objects.current() or TermFactory(is_current=True))
    school_class = factory.SubFactory(SchoolClassFactory)
    teacher = factory.SubFactory(UserFactory)


class GradeLeadershipFactory(DjangoModelFactory[GradeLeadership]):
    class Meta:
        model = GradeLeadership

    term = factory.LazyFunction(lambda: Term.objects.current() or TermFactory(is_current=True))
    grade = factory.SubFactory(GradeFactory)
    teacher = factory.SubFactory(UserFactory)


class SubjectDirectorshipFactory(DjangoModelFactory[SubjectDirectorship]):
    class Meta:
        model = SubjectDirectorship

    subject = factory.SubFactory(SubjectFactory)
    teacher = factory.SubFactory(UserFactory)


# URL keyword → a value outside the stranger's scope (see tests/test_url_scoping.py).
URL_KWARGS = {
    "class_pk": lambda school: school.class_a.pk,
    "term_pk": lambda school: school.term.pk,
    "subject_pk": lambda school: school.maths.pk,
    "user_pk": lambda school: school.teacher.pk,
    "kind": lambda school: "teaching",
    "assignment_pk": lambda school: school.term.teachingassignment_set.first().pk,
}
