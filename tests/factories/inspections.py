import datetime

import factory
from factory.django import DjangoModelFactory

from inspections.models import ChecklistItem, InspectionResult, InspectionRound, RoundItem

from .school import SubjectFactory, TermFactory, UserFactory


class InspectionRoundFactory(DjangoModelFactory[InspectionRound]):
    class Meta:
        model = InspectionRound

    term = factory.SubFactory(TermFactory)
    kind = InspectionRound.Kind.MIDTERM
    subject = factory.SubFactory(SubjectFactory)
    due = datetime.date(2026, 11, 12)
    created_by = factory.SubFactory(UserFactory)


class RoundItemFactory(DjangoModelFactory[RoundItem]):
    class Meta:
        model = RoundItem

    round = factory.SubFactory(InspectionRoundFactory)
    name = factory.Sequence(lambda n: f"项目{n}")
    weight = 1


class InspectionResultFactory(DjangoModelFactory[InspectionResult]):
    class Meta:
        model = InspectionResult

    round = factory.SubFactory(InspectionRoundFactory)
    teacher = factory.SubFactory(UserFactory)
    inspector = factory.SubFactory(UserFactory)


def chinese_round(school) -> InspectionRound:
    """A Chinese round of the director; the stranger (maths, class B) is not part of it.

    One per school: a URL naming a round and a follow-up of it asks twice."""
    existing = InspectionRound.objects.filter(term=school.term, subject=school.chinese).first()
    if existing is not None:
        return existing
    r = InspectionRoundFactory.create(
        term=school.term, subject=school.chinese, created_by=school.director
    )
    r.teachers.set([school.head])
    r.inspectors.set([school.director])
    RoundItemFactory(round=r, name="备课")
    return r


# URL keyword → a value outside the stranger's scope (see tests/test_url_scoping.py).
URL_KWARGS = {
    "round_pk": lambda school: chinese_round(school).pk,
    "teacher_pk": lambda school: school.head.pk,
    "checklist_item_pk": lambda school: ChecklistItem.objects.earliest("pk").pk,
    "evidence_key": lambda school: "homework.collected",
    "follow_up_pk": lambda school: _follow_up(school),
}


def _follow_up(school) -> int:
    from inspections.models import FollowUpItem

    return FollowUpItem.objects.create(
        round=chinese_round(school),
        teacher=school.head,
        owner=school.head,
        problem="面批偏少",
        due=datetime.date(2026, 12, 20),
        created_by=school.director,
    ).pk
