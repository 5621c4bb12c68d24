"""The demo's fortnight of homework: tiered, with an over-limit day and its reason."""

import datetime

from django.core.management import call_command

from archives.models import SupportCase
from homework.load import day_load
from homework.models import Assignment, LoadOverride, MarkingRecord, Tier
from homework.schooldays import non_school_days
from homework.services import check_policy
from school.models import Term, today


def test_the_demo_has_a_fortnight_of_tiered_homework_and_one_recorded_over_limit_day(db):
    call_command("seed_demo", "--quiet-logins")
    counts = (Assignment.objects.count(), Tier.objects.count(), MarkingRecord.objects.count())
    call_command("seed_demo", "--quiet-logins")
    assert (
        Assignment.objects.count(),
        Tier.objects.count(),
        MarkingRecord.objects.count(),
    ) == counts

    dates = Assignment.objects.dates("date", "day")
    term = Term.objects.current()
    assert dates.first() >= max(term.start, today() - datetime.timedelta(days=13))
    assert dates.last() <= min(term.end, today())
    assert Tier.objects.filter(level="extension").exists()

    override = LoadOverride.objects.get()
    assert override.reason
    load = day_load(override.school_class, override.date)
    assert load.over and load.average == override.average_minutes

    # Grades 1–2 have no written homework to take home; nor does a weekend or holiday.
    assert not Assignment.objects.counting_load().filter(school_class__grade__level__lte=2).exists()
    closed = non_school_days(dates)
    assert not Assignment.objects.counting_load().filter(date__in=closed).exists()
    for a in Assignment.objects.select_related("school_class__grade"):
        check_policy(a)  # raises on any homework the rules refuse
    if SupportCase.objects.open().exists():
        marked = set(MarkingRecord.objects.values_list("student_id", flat=True))
        struggling = set(SupportCase.objects.open().values_list("student_id", flat=True))
        assert marked and marked <= struggling
