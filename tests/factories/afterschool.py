import factory
from factory.django import DjangoModelFactory

from afterschool.models import AfterSchoolGroup, PeerPairing

from .school import UserFactory


class AfterSchoolGroupFactory(DjangoModelFactory[AfterSchoolGroup]):
    class Meta:
        model = AfterSchoolGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"课后作业辅导{n}组")
    kind = AfterSchoolGroup.Kind.HOMEWORK
    teacher = factory.SubFactory(UserFactory)
    weekdays = [1, 3, 5]
    room = "301"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


def group_a(school, subject=None) -> AfterSchoolGroup:
    """A group of class A's students run by class A's maths teacher (homework of every
    subject, or a tutoring group of ``subject``)."""
    return AfterSchoolGroupFactory.create(
        term=school.term,
        teacher=school.teacher,
        members=[school.student_a, school.student_a2],
        subject=subject,
        kind=AfterSchoolGroup.Kind.TIERED if subject else AfterSchoolGroup.Kind.HOMEWORK,
    )


def pairing_a(school) -> PeerPairing:
    """The one maths pairing of class A (made once: a page walk asks for it twice)."""
    pairing, _created = PeerPairing.objects.get_or_create(
        term=school.term,
        tutor=school.student_a2,
        tutee=school.student_a,
        subject=school.maths,
        deleted_at=None,
        defaults={"starts_on": school.term.start, "teacher": school.teacher},
    )
    return pairing


URL_KWARGS = {
    # A maths group: the English teacher of class A may not see who is in it.
    "group_pk": lambda school: group_a(school, subject=school.maths).pk,
    "pairing_pk": lambda school: pairing_a(school).pk,
}


def peer_session_a(school):
    from afterschool.models import PeerSession

    return PeerSession.objects.create(
        pairing=pairing_a(school),
        date=school.term.start,
        practised="口算 20 题",
        minutes=15,
        author=school.teacher,
    )


URL_KWARGS["peer_session_pk"] = lambda school: peer_session_a(school).pk
