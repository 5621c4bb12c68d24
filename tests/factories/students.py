import factory
from factory.django import DjangoModelFactory

from archives.models import CaseEvidence, CaseMeasure, SupportCase, SupportGoal, SupportMeasure
from school.models import Term
from students.models import Student

from .school import SchoolClassFactory, SubjectFactory, UserFactory


class StudentFactory(DjangoModelFactory[Student]):
    class Meta:
        model = Student

    student_number = factory.Sequence(lambda n: f"S{n:06d}")
    name = factory.Sequence(lambda n: f"学生{n}")
    gender = "M"
    school_class = factory.SubFactory(SchoolClassFactory)


def _current_term():
    from .school import TermFactory

    return Term.objects.current() or TermFactory(is_current=True)


class SupportCaseFactory(DjangoModelFactory[SupportCase]):
    class Meta:
        model = SupportCase
        skip_postgeneration_save = True

    student = factory.SubFactory(StudentFactory)
    subject = factory.SubFactory(SubjectFactory)
    term = factory.LazyFunction(_current_term)
    identified_by = factory.SubFactory(UserFactory)
    identified_on = factory.LazyAttribute(lambda o: o.term.start)
    status_changed_on = factory.LazyAttribute(lambda o: o.identified_on)
    cause_weak_foundation = True
    difficulty_type = SupportCase.Type.WEAK_FOUNDATION

    @factory.post_generation
    def responsible_teachers(self, create, extracted, **kwargs):
        if create:
            self.responsible_teachers.set(extracted or [self.identified_by])


class CaseEvidenceFactory(DjangoModelFactory[CaseEvidence]):
    class Meta:
        model = CaseEvidence

    case = factory.SubFactory(SupportCaseFactory)
    source = CaseEvidence.Source.TEST_RESULTS
    note = "期中测试 52 分"


class SupportMeasureFactory(DjangoModelFactory[SupportMeasure]):
    class Meta:
        model = SupportMeasure
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"措施{n}")


class CaseMeasureFactory(DjangoModelFactory[CaseMeasure]):
    class Meta:
        model = CaseMeasure

    case = factory.SubFactory(SupportCaseFactory)
    measure = factory.SubFactory(SupportMeasureFactory)


class SupportGoalFactory(DjangoModelFactory[SupportGoal]):
    class Meta:
        model = SupportGoal

    case = factory.SubFactory(SupportCaseFactory)
    step = factory.Sequence(lambda n: n + 1)
    description = "降低目标，初尝成功"


def case_a(school) -> SupportCase:
    """The story's case: 张小明 (class A) struggling in maths, taught by school.teacher."""
    case = SupportCase.objects.filter(student=school.student_a, subject=school.maths).first()
    return case or SupportCaseFactory.create(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )


def _measure(school) -> SupportMeasure:
    """A proposal for 语文 by its director: no one else's but school leaders' to open."""
    strategy = SupportMeasureFactory.create(
        name="语文晨读打卡",
        author=school.director,
        status=SupportMeasure.Status.PROPOSED,
    )
    strategy.subjects.set([school.chinese])
    return strategy


# URL keyword → a value outside the stranger's scope (see tests/test_url_scoping.py).
URL_KWARGS = {
    "student_pk": lambda school: school.student_a.pk,
    "case_pk": lambda school: case_a(school).pk,
    "measure_pk": lambda school: _measure(school).pk,
}
