import factory
from factory.django import DjangoModelFactory

from archives.models import (
    ArchiveSummary,
    CaseDiscussion,
    MonitoringMeasure,
    Observation,
    ObservationPhoto,
    ProbePoint,
    SupportGoal,
    TutoringSession,
    WatchNote,
)

from .students import SupportCaseFactory, SupportGoalFactory, case_a


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


class TutoringSessionFactory(DjangoModelFactory[TutoringSession]):
    class Meta:
        model = TutoringSession

    case = factory.SubFactory(SupportCaseFactory)
    date = factory.LazyAttribute(lambda o: o.case.identified_on)
    content = "口算一对一练习"
    result = "正确率提高"
    author = factory.LazyAttribute(lambda o: o.case.identified_by)


class CaseDiscussionFactory(DjangoModelFactory[CaseDiscussion]):
    class Meta:
        model = CaseDiscussion

    case = factory.SubFactory(SupportCaseFactory)
    date = factory.LazyAttribute(lambda o: o.case.identified_on)
    ideas = "先降低目标，让他尝到成功"
    author = factory.LazyAttribute(lambda o: o.case.identified_by)


class ArchiveSummaryFactory(DjangoModelFactory[ArchiveSummary]):
    class Meta:
        model = ArchiveSummary

    case = factory.SubFactory(SupportCaseFactory)
    date = factory.LazyAttribute(lambda o: o.case.identified_on)
    text = "本阶段口算速度明显提高"
    author = factory.LazyAttribute(lambda o: o.case.identified_by)


def watch_a(school):
    from archives.models import Watch

    return Watch.objects.get_or_create(
        student=school.student_a2,
        subject=school.maths,
        term=school.term,
        ended_at=None,
        defaults={"added_by": school.teacher},
    )[0]


def a_measure() -> MonitoringMeasure:
    """A monitoring measure (the migration adds six; a flushed test database has none)."""
    measure, _new = MonitoringMeasure.objects.get_or_create(
        name="口算（1 分钟正确题数）", defaults={"unit": "题", "max_value": 60}
    )
    return measure


def goal_a(school) -> SupportGoal:
    case = case_a(school)
    return case.goals.first() or SupportGoalFactory.create(case=case, step=1)


URL_KWARGS = {
    "watchnote_pk": lambda school: (
        WatchNote.objects.create(
            watch=watch_a(school), author=school.teacher, kind="classroom", rating=3
        ).pk
    ),
    "goal_pk": lambda school: goal_a(school).pk,
    "probe_pk": lambda school: (
        ProbePoint.objects.create(
            case=case_a(school),
            measure=a_measure(),
            date=school.term.start,
            value=10,
            author=school.teacher,
        ).pk
    ),
    # Measures are school structure: a stranger teacher may not edit them (404).
    "monitoring_measure_pk": lambda school: a_measure().pk,
    "observation_pk": lambda school: observation_a(school).pk,
    "tutoring_pk": lambda school: (
        TutoringSessionFactory.create(case=case_a(school), author=school.teacher).pk
    ),
    "discussion_pk": lambda school: (
        CaseDiscussionFactory.create(case=case_a(school), author=school.teacher).pk
    ),
    "summary_pk": lambda school: (
        ArchiveSummaryFactory.create(case=case_a(school), author=school.teacher).pk
    ),
    "photo_pk": lambda school: (
        ObservationPhoto.objects.create(
            observation=observation_a(school),
            image="work-photos/0.jpg",
            thumbnail="work-photos/1.jpg",
            width=1,
            height=1,
            uploaded_by=school.teacher,
        ).pk
    ),
}


def _action_pk(school) -> int:
    from archives.models import AgreedAction

    discussion = CaseDiscussionFactory.create(case=case_a(school), author=school.teacher)
    return AgreedAction.objects.create(
        discussion=discussion,
        description="每周面批一次",
        owner=school.teacher,
        due_on=discussion.date,
    ).pk


URL_KWARGS["action_pk"] = _action_pk
