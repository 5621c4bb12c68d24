"""Reads about archives: when each was last written to, and which are stale."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import DateField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from school.models import today

from .models import ArchiveSummary, CaseDiscussion, Observation, TutoringSession


def stale_cutoff(day: datetime.date | None = None) -> datetime.date:
    """An archive whose last entry is before this day is stale."""
    return (day or today()) - datetime.timedelta(days=settings.ARCHIVE_STALE_DAYS)


def _latest(model, **extra) -> Subquery:
    qs = model.objects.filter(case=OuterRef("pk"), **extra).order_by("-date").values("date")[:1]
    return Coalesce(Subquery(qs, output_field=DateField()), F("identified_on"))


def with_last_entry(cases: QuerySet) -> QuerySet:
    """Annotate ``last_entry_on``: the newest entry, or the identification day if none."""
    return cases.annotate(
        last_entry_on=Greatest(
            _latest(Observation, deleted_at__isnull=True),
            _latest(TutoringSession),
            _latest(CaseDiscussion),
            _latest(ArchiveSummary),
        )
    )


def stale(cases: QuerySet, day: datetime.date | None = None) -> QuerySet:
    """Open cases of their term whose archive has had no entry for ARCHIVE_STALE_DAYS."""
    return with_last_entry(cases.open()).filter(last_entry_on__lt=stale_cutoff(day))


def fresh(cases: QuerySet, day: datetime.date | None = None) -> QuerySet:
    return with_last_entry(cases).exclude(
        last_entry_on__lt=stale_cutoff(day), status__in=("identified", "in_support")
    )


def is_stale(case, day: datetime.date | None = None) -> bool:
    """For a case annotated by with_last_entry()."""
    return case.is_open and case.last_entry_on < stale_cutoff(day)
