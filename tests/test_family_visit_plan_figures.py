"""The visit plan's figures stay exact with many cases and contacts across terms (no fan-out).

Each figure is a subquery of its own (family/selectors.py), so a student with several open
cases and many contacts, in this term and the last, is counted once and dated right.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from archives.models import SupportCase
from family import selectors
from family.models import FamilyContact
from students.models import Student

from .factories.family import FamilyContactFactory, open_case
from .factories.school import TermFactory

TODAY = datetime.date(2026, 11, 20)


def _contact(student, by, day, channel=FamilyContact.Channel.HOME_VISIT, **kwargs):
    return FamilyContactFactory(
        student=student, recorded_by=by, date=day, channel=channel, **kwargs
    )


def test_figures_of_a_student_with_many_cases_and_contacts(school, settings):
    settings.HOME_VISIT_INTERVAL_DAYS = 30
    term = school.term
    last_term = TermFactory(
        academic_year="2025-2026",
        name="第二学期",
        start=datetime.date(2026, 2, 20),
        midterm_review=datetime.date(2026, 4, 20),
        final_review=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 7, 10),
    )
    pupil = school.student_a
    # Three open cases this term, identified on different days, one closed, one last term.
    open_case(pupil, school.maths, term, school.teacher, identified_on=datetime.date(2026, 10, 8))
    open_case(pupil, school.chinese, term, school.head, identified_on=datetime.date(2026, 9, 20))
    SupportCase.objects.create(
        student=pupil,
        subject=school.maths,
        term=last_term,
        identified_by=school.teacher,
        identified_on=datetime.date(2026, 3, 1),
        status=SupportCase.Status.IN_SUPPORT,
    )
    # Contacts: two calls and a visit this term, a visit last term, a withdrawn later visit.
    _contact(pupil, school.head, datetime.date(2026, 9, 25), FamilyContact.Channel.PHONE)
    _contact(pupil, school.head, datetime.date(2026, 11, 2), FamilyContact.Channel.PHONE)
    _contact(pupil, school.head, datetime.date(2026, 10, 1))
    _contact(pupil, school.head, datetime.date(2026, 5, 6))
    _contact(pupil, school.head, datetime.date(2026, 11, 10), deleted_at=timezone.now())

    row = selectors.with_visit_status(Student.objects.all(), term).get(pk=pupil.pk)
    assert row.last_visit == datetime.date(2026, 10, 1)  # the withdrawn visit does not count
    assert row.last_contact == datetime.date(2026, 11, 2)
    assert row.term_contacts == 3  # not multiplied by the two open cases
    assert row.term_visits == 1
    assert row.identified == datetime.date(2026, 9, 20)  # this term's earliest open case
    assert row.clock == datetime.date(2026, 10, 1)
    assert selectors.days_overdue(row.clock, TODAY) == 20

    summary = {
        s.school_class.pk: s
        for s in selectors.class_summaries(Student.objects.all(), [school.class_a], term, TODAY)
    }[school.class_a.pk]
    assert (summary.struggling, summary.overdue, summary.visited_this_term) == (1, 1, 1)


def test_never_visited_clock_starts_at_this_terms_case(school, settings):
    settings.HOME_VISIT_INTERVAL_DAYS = 30
    term = school.term
    pupil = school.student_b
    open_case(pupil, school.maths, term, school.stranger, identified_on=datetime.date(2026, 11, 1))
    _contact(pupil, school.stranger, datetime.date(2026, 11, 5), FamilyContact.Channel.PHONE)
    row = selectors.with_visit_status(Student.objects.all(), term).get(pk=pupil.pk)
    assert row.last_visit is None
    assert row.term_visits == 0 and row.term_contacts == 1
    assert row.clock == datetime.date(2026, 11, 1)
    assert not selectors.overdue(Student.objects.all(), term, TODAY).filter(pk=pupil.pk).exists()
