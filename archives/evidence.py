"""What an inspection shows of a teacher's struggling-student archives."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import Evidence

from . import selectors
from .models import ArchiveSummary, CaseDiscussion, Observation, TutoringSession


def teacher_cases(teacher, term):
    """The teacher's cases: those they are responsible for, or in a class × subject they teach."""
    return selectors.cases_of_teacher(teacher, term)


def evidence(*, teacher, term, start: datetime.date, end: datetime.date) -> list[Evidence]:
    cases = teacher_cases(teacher, term)
    open_cases = cases.open()
    n_students = open_cases.values("student").distinct().count()
    in_period = {"case__in": cases, "date__gte": start, "date__lte": end}
    entries = (
        Observation.objects.alive().filter(**in_period).count()
        + TutoringSession.objects.alive().filter(**in_period).count()
        + CaseDiscussion.objects.alive().filter(**in_period).count()
    )
    summaries = ArchiveSummary.objects.alive().filter(**in_period).count()
    stale = cases.stale(as_of=end).count()
    with_plan = cases.filter(goals__isnull=False).distinct().count()
    per_student = round(entries / n_students, 1) if n_students else 0
    group = "archives"
    url = reverse("archives:case_list")
    return [
        Evidence(_("Struggling students"), n_students, url=url, group=group),
        Evidence(_("Archive entries in the period"), entries, group=group),
        Evidence(_("Archive entries per student"), per_student, group=group),
        Evidence(_("Summaries in the period"), summaries, group=group),
        Evidence(
            _("Support plans of the term"),
            f"{with_plan}/{cases.count()}",
            group=group,
        ),
        Evidence(
            _("Stale archives"), stale, url=url + "?stale=stale", group=group, warning=stale > 0
        ),
    ]
