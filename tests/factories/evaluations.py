import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from evaluations.models import Evaluation, EvaluationResult, Gap

from .school import SchoolClassFactory, SubjectFactory, TermFactory, UserFactory
from .students import StudentFactory


class EvaluationFactory(DjangoModelFactory[Evaluation]):
    class Meta:
        model = Evaluation

    term = factory.SubFactory(TermFactory)
    school_class = factory.SubFactory(SchoolClassFactory)
    subject = factory.SubFactory(SubjectFactory)
    kind = Evaluation.Kind.UNIT
    name = factory.Sequence(lambda n: f"第{n}单元测验")
    date = datetime.date(2026, 10, 1)
    scale = Evaluation.Scale.SCORE
    full_marks = Decimal("100")
    pass_line = Decimal("60")
    created_by = factory.SubFactory(UserFactory)


class EvaluationResultFactory(DjangoModelFactory[EvaluationResult]):
    class Meta:
        model = EvaluationResult

    evaluation = factory.SubFactory(EvaluationFactory)
    student = factory.SubFactory(StudentFactory)
    score = Decimal("80")
    level = ""
    goal_attained = factory.LazyAttribute(
        lambda o: o.evaluation.attained(score=o.score, level=o.level)
    )


class GapFactory(DjangoModelFactory[Gap]):
    class Meta:
        model = Gap

    result = factory.SubFactory(EvaluationResultFactory)
    knowledge_point = factory.Sequence(lambda n: f"知识点{n}")
    due = datetime.date(2026, 10, 15)


def class_a_evaluation(school) -> Evaluation:
    return EvaluationFactory.create(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        created_by=school.teacher,
    )


def class_a_gap(school) -> Gap:
    result = EvaluationResultFactory(
        evaluation=class_a_evaluation(school), student=school.student_a, score=Decimal("40")
    )
    return GapFactory.create(result=result)


# URL keyword → a value outside the stranger's scope (see tests/test_url_scoping.py).
URL_KWARGS = {
    "evaluation_pk": lambda school: class_a_evaluation(school).pk,
    "gap_pk": lambda school: class_a_gap(school).pk,
}
