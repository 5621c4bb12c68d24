import factory
from factory.django import DjangoModelFactory

from archives.models import Observation

from .students import SupportCaseFactory, case_a


class ObservationFactory(DjangoModelFactory[Observation]):
    class Meta:
        model = Observation

    case = factory.SubFactory(SupportCaseFactory)
    date = factory.LazyAttribute(lambda o: o.case.identified_on)
    kind = Observation.Kind.CLASSROOM
    rating = 3
    note = "课堂上能举手回答一次"
    author = factory.LazyAttribute(lambda o: o.case.identified_by)


def observation_a(school) -> Observation:
    case = case_a(school)
    return case.observations.first() or ObservationFactory.create(case=case, author=school.teacher)


URL_KWARGS = {
    "observation_pk": lambda school: observation_a(school).pk,
}
