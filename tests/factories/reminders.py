import factory
from factory.django import DjangoModelFactory

from reminders.models import Reminder

from .school import UserFactory


class ReminderFactory(DjangoModelFactory[Reminder]):
    class Meta:
        model = Reminder

    user = factory.SubFactory(UserFactory)
    kind = Reminder.Kind.ARCHIVE_STALE
    key = factory.Sequence(lambda n: f"key-{n}")
    title = factory.Sequence(lambda n: f"提醒 {n}")
    body = "请补全档案。"
    url = "/students/"


# A reminder belongs to its recipient alone: the stranger gets 404 on another's.
URL_KWARGS = {
    "reminder_pk": lambda school: ReminderFactory.create(user=school.teacher).pk,
}
