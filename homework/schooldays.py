"""Which days are school days: the school week, with holidays and make-up days (调休).

The administrator sets both on the limits page. Until they do, Monday to Friday
are school days and weekends are not; written homework to take home is set on
a school day and counts toward that day's load, so weekends and holidays stay
controlled by the same limits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .models import CalendarDay, SchoolWeek


def non_school_days(days: Iterable[datetime.date]) -> dict[datetime.date, str]:
    """{day: why it is not a school day} for the days given that are not: two queries."""
    days = sorted(set(days))
    if not days:
        return {}
    week = SchoolWeek.current()
    exceptions = {
        c.date: c for c in CalendarDay.objects.filter(date__gte=days[0], date__lte=days[-1])
    }
    out = {}
    for day in days:
        exception = exceptions.get(day)
        if exception is not None:
            if not exception.is_school_day:
                out[day] = exception.note or _("Holiday")
        elif not week.is_school_weekday(day):
            out[day] = _("Weekend")
    return out


def is_school_day(day: datetime.date) -> bool:
    return day not in non_school_days([day])
