"""The date rules: each date a user enters is checked against what it belongs to.

One place for every app's services, forms and imports. Each check does nothing for
an empty value and otherwise raises ``ValidationError({field: message})``, one
sentence that names the allowed range, so ``core.forms.submit`` shows it next to
the field. "Today" is the school's today (``school.models.today()``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Term, today

# A school child is 5 to 18 years old (entry at six, some start early or repeat).
YOUNGEST_AGE = 5
OLDEST_AGE = 18


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: message})


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year - years, day=28)


def check_not_after_today(value: datetime.date | None, *, field: str = "date") -> None:
    if value is None:
        return
    now = today()
    if value > now:
        _refuse(field, _("The date cannot be after today (%(today)s).") % {"today": _iso(now)})


def check_in_term(
    value: datetime.date | None,
    term: Term | None,
    *,
    field: str = "date",
    not_after_today: bool = True,
) -> None:
    """The date lies within ``term`` and, unless told otherwise, not after today.

    Without a term only the today rule applies.
    """
    if value is None:
        return
    if term is None:
        if not_after_today:
            check_not_after_today(value, field=field)
        return
    now = today()
    inside = term.start <= value <= term.end
    if not_after_today and not (inside and value <= now):
        _refuse(
            field,
            _(
                "The date must lie within this term (%(start)s to %(end)s) and not after today (%(today)s)."
            )
            % {"start": _iso(term.start), "end": _iso(term.end), "today": _iso(now)},
        )
    if not inside:
        _refuse(
            field,
            _("The date must lie within this term (%(start)s to %(end)s).")
            % {"start": _iso(term.start), "end": _iso(term.end)},
        )


def check_identification(
    value: datetime.date | None, term: Term, *, field: str = "identified_on"
) -> None:
    check_in_term(value, term, field=field, not_after_today=False)


def check_plan_date(value: datetime.date | None, case, *, field: str = "due_on") -> None:
    """A plan step (goal) falls between the identification and the end of the term."""
    if value is None:
        return
    first, last = case.identified_on, case.term.end
    if not first <= value <= last:
        _refuse(
            field,
            _(
                "The date must lie between the identification (%(first)s) and the end of the term (%(last)s)."
            )
            % {"first": _iso(first), "last": _iso(last)},
        )


def check_action_due(
    value: datetime.date | None, discussion_date: datetime.date, *, field: str = "due_on"
) -> None:
    """An agreed action is due on or after the discussion that agreed it."""
    if value is None:
        return
    if value < discussion_date:
        _refuse(
            field,
            _("The due date cannot be before the discussion (%(date)s).")
            % {"date": _iso(discussion_date)},
        )


def check_status_change(value: datetime.date | None, case, *, field: str = "on") -> None:
    """A status change falls on or after the identification, and not after today."""
    if value is None:
        return
    now = today()
    if not case.identified_on <= value <= now:
        _refuse(
            field,
            _("The date must lie between the identification (%(first)s) and today (%(today)s).")
            % {"first": _iso(case.identified_on), "today": _iso(now)},
        )


def check_next_contact(
    value: datetime.date | None,
    contact_date: datetime.date | None,
    *,
    field: str = "next_contact_on",
) -> None:
    """The next contact is later than the contact it follows."""
    if value is None or contact_date is None:
        return
    if value <= contact_date:
        _refuse(
            field,
            _("The next contact must be after this contact (%(date)s).")
            % {"date": _iso(contact_date)},
        )


def birth_date_range(as_of: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest dates of birth of a school child on ``as_of``."""
    now = as_of or today()
    earliest = years_before(now, OLDEST_AGE + 1) + datetime.timedelta(days=1)
    return earliest, years_before(now, YOUNGEST_AGE)


def check_birth_date(value: datetime.date | None, *, field: str = "date_of_birth") -> None:
    if value is None:
        return
    earliest, latest = birth_date_range()
    if not earliest <= value <= latest:
        _refuse(
            field,
            _("A school child's date of birth lies between %(first)s and %(last)s.")
            % {"first": _iso(earliest), "last": _iso(latest)},
        )


def birth_date_message(value: datetime.date) -> str | None:
    """The refusal ``check_birth_date`` would give, for callers that collect messages."""
    try:
        check_birth_date(value)
    except ValidationError as error:
        return error.message_dict["date_of_birth"][0]
    return None


def check_measure_since(value: datetime.date | None, case, *, field: str = "since") -> None:
    """A support measure starts between the identification and today, within the term."""
    if value is None:
        return
    first, last = measure_since_range(case)
    if not first <= value <= last:
        _refuse(
            field,
            _(
                "The measure's start must lie between the identification (%(first)s) and "
                "%(last)s (today, or the end of the term)."
            )
            % {"first": _iso(first), "last": _iso(last)},
        )


def measure_since_range(case) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest start of a measure of ``case``."""
    return case.identified_on, min(today(), case.term.end)


def default_measure_since(case) -> datetime.date:
    """Today, moved into the case's allowed range (a past term's case: its end)."""
    first, last = measure_since_range(case)
    return max(first, min(today(), last)) if first <= last else first


def check_gap_due(
    value: datetime.date | None, evaluation_date: datetime.date, term: Term, *, field: str = "due"
) -> None:
    """A gap's remediation is due on or after the evaluation, within the term."""
    if value is None:
        return
    first, last = max(evaluation_date, term.start), term.end
    if not first <= value <= last:
        _refuse(
            field,
            _(
                "The due date must lie between the evaluation (%(first)s) and the end of the "
                "term (%(last)s)."
            )
            % {"first": _iso(first), "last": _iso(last)},
        )


def check_student_status_date(
    value: datetime.date | None, previous: datetime.date | None, *, field: str = "date"
) -> None:
    """A student's status changes on or after the previous change, and not after today."""
    if value is None:
        return
    if previous is None:
        check_not_after_today(value, field=field)
        return
    now = today()
    if not previous <= value <= now:
        _refuse(
            field,
            _(
                "The date must lie between the previous status change (%(first)s) and today "
                "(%(today)s)."
            )
            % {"first": _iso(previous), "today": _iso(now)},
        )


def check_held(day: datetime.date, *, field: str = "attended") -> None:
    """Attendance is recorded once the session has taken place."""
    if day > today():
        _refuse(
            field,
            _("Attendance can be recorded from the day of the session (%(date)s) on.")
            % {"date": _iso(day)},
        )


def clamp_to_term(
    day: datetime.date, term: Term, *, not_after_today: bool = False
) -> datetime.date:
    """``day`` moved into ``term`` (and, if asked, not after today when the term allows)."""
    last = min(term.end, today()) if not_after_today and today() >= term.start else term.end
    return min(max(day, term.start), last)
