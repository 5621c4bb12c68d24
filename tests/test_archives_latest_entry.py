"""The newest-entry date a case keeps (``latest_entry_on``): stale counts read a column.

Every kind of entry that counts (observation, tutoring, discussion, summary, probe) moves
it when created, corrected, withdrawn or restored; the case's own saves never put an
older date back; bulk writers refresh it. ``with_last_entry`` / ``stale`` / ``fresh`` keep
their meaning: the newest live entry or the identification day, whichever is later.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from archives import services
from archives.models import Observation, ProbePoint, SupportCase
from archives.models.cases import refresh_latest_entries

from .factories.archives import (
    ArchiveSummaryFactory,
    CaseDiscussionFactory,
    ObservationFactory,
    TutoringSessionFactory,
    a_measure,
)
from .factories.students import case_a

IDENTIFIED = datetime.date(2026, 10, 1)  # today is 2026-12-03: stale before 2026-11-19
OLD = datetime.date(2026, 10, 20)
RECENT = datetime.date(2026, 11, 30)


def _probe(case, author, date):
    return ProbePoint.objects.create(
        case=case, measure=a_measure(), date=date, value=Decimal(20), author=author
    )


KINDS = {
    "observation": lambda case, author, date: ObservationFactory(
        case=case, author=author, date=date
    ),
    "tutoring": lambda case, author, date: TutoringSessionFactory(
        case=case, author=author, date=date
    ),
    "discussion": lambda case, author, date: CaseDiscussionFactory(
        case=case, author=author, date=date
    ),
    "summary": lambda case, author, date: ArchiveSummaryFactory(
        case=case, author=author, date=date
    ),
    "probe": _probe,
}


def _case(school) -> SupportCase:
    case = case_a(school)
    SupportCase.objects.filter(pk=case.pk).update(identified_on=IDENTIFIED)
    case.refresh_from_db()
    return case


def _last(case) -> datetime.date:
    return SupportCase.objects.with_last_entry().get(pk=case.pk).last_entry_on


def _is_stale(case) -> bool:
    return SupportCase.objects.stale().filter(pk=case.pk).exists()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_moves_the_last_entry_on_create_correct_withdraw_and_restore(school, kind):
    case = _case(school)
    assert _last(case) == IDENTIFIED and _is_stale(case)
    entry = KINDS[kind](case, school.teacher, OLD)
    assert _last(case) == OLD and _is_stale(case)
    extra = {"participants": [school.teacher]} if kind == "discussion" else {}
    services.correct_entry(entry=entry, by=school.teacher, date=RECENT, **extra)
    assert _last(case) == RECENT and not _is_stale(case)
    assert SupportCase.objects.fresh().filter(pk=case.pk).exists()
    services.withdraw_entry(entry=entry, by=school.teacher)
    assert _last(case) == IDENTIFIED and _is_stale(case)
    services.restore_entry(entry=entry, by=school.teacher)
    assert _last(case) == RECENT and not _is_stale(case)
    entry.delete()  # erasure, cascades
    assert _last(case) == IDENTIFIED


def test_the_newest_of_several_kinds_counts_and_a_withdrawn_one_does_not(school):
    case = _case(school)
    KINDS["observation"](case, school.teacher, OLD)
    newest = KINDS["probe"](case, school.teacher, RECENT)
    KINDS["summary"](case, school.teacher, datetime.date(2026, 11, 1))
    assert _last(case) == RECENT
    services.withdraw_entry(entry=newest, by=school.teacher)
    assert _last(case) == datetime.date(2026, 11, 1)


def test_an_entry_logged_through_the_page_makes_the_case_up_to_date(school, login):
    case = _case(school)
    client = login(school.teacher)
    before = client.get(reverse("archives:case_list"), {"stale": "stale"})
    assert case.pk in [c.pk for c in before.context["page"]]
    KINDS["tutoring"](case, school.teacher, RECENT)
    after = client.get(reverse("archives:case_list"), {"stale": "stale"})
    assert case.pk not in [c.pk for c in after.context["page"]]
    fresh = client.get(reverse("archives:case_list"), {"stale": "fresh"})
    assert case.pk in [c.pk for c in fresh.context["page"]]


def test_saving_a_case_loaded_before_an_entry_keeps_the_entry_s_date(school):
    case = _case(school)
    loaded = SupportCase.objects.get(pk=case.pk)
    assert loaded.latest_entry_on is None
    KINDS["observation"](case, school.teacher, RECENT)
    loaded.root_cause = "计算基础薄弱"
    loaded.save()  # a form opened before the entry was logged
    case.refresh_from_db()
    assert case.root_cause == "计算基础薄弱" and case.latest_entry_on == RECENT
    # and the case's history does not grow a row per entry
    assert case.history.count() == loaded.history.count()


def test_a_case_identified_after_its_last_entry_counts_from_the_identification(school):
    case = _case(school)
    KINDS["observation"](case, school.teacher, OLD)
    SupportCase.objects.filter(pk=case.pk).update(identified_on=RECENT)
    assert _last(case) == RECENT and not _is_stale(case)


def test_bulk_written_entries_count_once_refreshed(school):
    case = _case(school)
    Observation.objects.bulk_create(
        [Observation(case=case, date=RECENT, kind="classroom", rating=3, author=school.teacher)]
    )
    assert _last(case) == IDENTIFIED  # bulk_create sends no signal
    refresh_latest_entries([case.pk])
    assert _last(case) == RECENT
    SupportCase.objects.filter(pk=case.pk).update(latest_entry_on=None)
    refresh_latest_entries()  # every case, as the bench build and the migration do
    assert _last(case) == RECENT


def test_the_stale_panel_counts_the_stale_cases_and_lists_them_oldest_first(school, rf):
    from archives.panels import case_panels
    from school.scoping import Scope

    from .factories.students import SupportCaseFactory

    stale = _case(school)
    fresh = SupportCaseFactory.create(
        student=school.student_a2,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
        identified_on=IDENTIFIED,
    )
    KINDS["observation"](fresh, school.teacher, RECENT)
    request = rf.get("/")
    request.user = school.teacher
    request.scope = Scope.for_user(school.teacher)
    panel = next(p for p in case_panels(request) if p.template.endswith("_panel_stale.html"))
    assert panel.context["total"] == 1 and [c.pk for c in panel.context["cases"]] == [stale.pk]
    counts = next(p for p in case_panels(request) if p.template.endswith("_panel_cases.html"))
    assert counts.context["counts"]["total"] == 2 and "stale" not in counts.context["counts"]
