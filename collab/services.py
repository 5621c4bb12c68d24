"""Writes of team meetings: open one (its agenda built), run it, save its recap."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from archives import case_services
from archives import services as archive_services
from archives.models import SupportCase
from archives.rules import can_change_case
from core.text import message, stored
from school import dates
from school.models import Grade, SchoolClass, Subject, User, today
from school.scoping import Scope
from students.models import Student

from . import agenda
from .models import MeetingAction, MeetingItem, TeamMeeting
from .recap import item_recap
from .selectors import meeting_teachers


def can_open(scope: Scope, *, kind: str, school_class=None, grade=None, subject=None) -> bool:
    """A head teacher for their class; a director for their subject (school-wide or one
    grade); a grade leader for their grade; school leaders for anything."""
    if scope.school_wide:
        return True
    if kind == TeamMeeting.Kind.CLASS:
        return school_class is not None and school_class.pk in scope.headed_class_ids
    if kind == TeamMeeting.Kind.SUBJECT:
        return subject is not None and subject.pk in scope.directed_subject_ids
    if kind == TeamMeeting.Kind.GRADE:
        if grade is None:
            return False
        if subject is not None and subject.pk in scope.directed_subject_ids:
            return True
        return grade.pk in scope.led_grade_ids
    return False


def can_run(scope: Scope, meeting: TeamMeeting) -> bool:
    """The organiser, or whoever could have opened it."""
    return meeting.organiser_id == getattr(scope.user, "pk", None) or can_open(
        scope,
        kind=meeting.kind,
        school_class=meeting.school_class,
        grade=meeting.grade,
        subject=meeting.subject,
    )


@transaction.atomic
def open_meeting(
    *,
    scope: Scope,
    kind: str,
    date: datetime.date,
    title: str = "",
    school_class: SchoolClass | None = None,
    grade: Grade | None = None,
    subject: Subject | None = None,
    attendees: Iterable[User] = (),
) -> TeamMeeting:
    """Open a meeting and put the students Bangfu finds on its agenda."""
    if scope.term is None:
        raise ValidationError(_("There is no current term."))
    if not can_open(scope, kind=kind, school_class=school_class, grade=grade, subject=subject):
        raise PermissionDenied
    dates.check_in_term(date, scope.term, not_after_today=False)
    meeting = TeamMeeting(
        term=scope.term,
        kind=kind,
        school_class=school_class if kind == TeamMeeting.Kind.CLASS else None,
        grade=grade if kind == TeamMeeting.Kind.GRADE else None,
        subject=subject if kind != TeamMeeting.Kind.CLASS else None,
        date=date,
        title=title,
        organiser=scope.user,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set({*(list(attendees) or meeting_teachers(meeting)), scope.user})
    items = [
        MeetingItem(
            meeting=meeting,
            student=row.student,
            case=row.case,
            reasons=[str(r) for r in row.reasons],
            reason_messages=[stored(r) for r in row.reasons],
            order=n,
        )
        for n, row in enumerate(agenda.build(meeting, scope, today()))
    ]
    MeetingItem.objects.bulk_create(items)
    return meeting


def _check_open(meeting: TeamMeeting) -> None:
    if meeting.is_recorded:
        raise ValidationError(_("The recap of this meeting is saved: it can no longer change."))


@transaction.atomic
def save_meeting(
    *,
    meeting: TeamMeeting,
    scope: Scope,
    attendees: Iterable[User],
    notes: str,
    items: dict[int, dict],
    add_student: Student | None = None,
) -> TeamMeeting:
    """Attendance, notes, and per item: decision, status agreed, removal, a new action.

    items: item id → {decision, new_status, remove, action_description, action_owner,
    action_due_on}. A student added by hand joins the agenda (their open case too)."""
    if not can_run(scope, meeting):
        raise PermissionDenied
    meeting = TeamMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    meeting.notes = notes
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set({*attendees, meeting.organiser})
    for item in meeting.items.select_related("case", "student"):
        data = items.get(item.pk)
        if data is None:
            continue
        item.decision = data.get("decision", item.decision)
        item.new_status = data.get("new_status", item.new_status) or ""
        item.removed = bool(data.get("remove"))
        if item.new_status and item.case is None:
            raise ValidationError(
                _("%(student)s has no open case: identify them first, then agree a status.")
                % {"student": item.student.shown_name}
            )
        item.full_clean()
        item.save()
        description = (data.get("action_description") or "").strip()
        if description:
            if item.case is None:
                raise ValidationError(
                    _("%(student)s has no open case: an action needs the case it supports.")
                    % {"student": item.student.shown_name}
                )
            due_on = data["action_due_on"]
            try:
                dates.check_action_due(due_on, meeting.date)
            except ValidationError as error:
                raise ValidationError(
                    _("%(student)s: %(message)s")
                    % {
                        "student": item.student.shown_name,
                        "message": error.message_dict["due_on"][0],
                    }
                ) from error
            action = MeetingAction(
                item=item, description=description, owner=data["action_owner"], due_on=due_on
            )
            action.full_clean()
            action.save()
    if add_student is not None:
        if not agenda.meeting_students(meeting, scope).filter(pk=add_student.pk).exists():
            raise ValidationError(_("That student is not one this meeting can discuss."))
        case = agenda.meeting_cases(meeting, scope).filter(student=add_student).first()
        existing = meeting.items.filter(student=add_student).first()
        if existing is not None:
            existing.removed = False
            existing.save(update_fields=["removed"])
        else:
            by_hand = message(gettext_noop("Added by the organiser"))
            MeetingItem.objects.create(
                meeting=meeting,
                student=add_student,
                case=case,
                added_by_hand=True,
                reasons=[str(by_hand)],
                reason_messages=[stored(by_hand)],
                order=meeting.items.count(),
            )
    return meeting


@transaction.atomic
def record_recap(*, meeting: TeamMeeting, scope: Scope) -> TeamMeeting:
    """Store the recap as one discussion entry in each discussed student's archive, with
    the actions (owners then see them and are reminded) and the statuses agreed."""
    if not can_run(scope, meeting):
        raise PermissionDenied
    meeting = TeamMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_recorded:
        return meeting  # a second tap records nothing twice
    dates.check_in_term(meeting.date, meeting.term)
    attendees = list(meeting.attendees.all())
    items = meeting.items.filter(removed=False, case__isnull=False).select_related(
        "case__student__school_class", "case__subject", "case__term", "student"
    )
    for item in items.prefetch_related("actions__owner"):
        case: SupportCase = item.case  # type: ignore[assignment]
        if not can_change_case(scope, case):
            raise ValidationError(
                _("You may not write in %(student)s's %(subject)s archive.")
                % {"student": case.student.shown_name, "subject": case.subject}
            )
        actions = list(item.actions.all())
        discussion = archive_services.add_discussion(
            case=case,
            by=scope.user,
            date=meeting.date,
            participants=attendees,
            ideas=item_recap(meeting, item, actions),
            actions=[
                {"description": a.description, "owner": a.owner, "due_on": a.due_on}
                for a in actions
            ],
        )
        for action, agreed in zip(actions, discussion.actions.order_by("pk"), strict=True):
            action.agreed_action = agreed
            action.save(update_fields=["agreed_action"])
        item.discussion = discussion
        item.save(update_fields=["discussion"])
        if item.new_status and item.new_status != case.status:
            case_services.change_status(
                case=case,
                by=scope.user,
                status=item.new_status,
                on=meeting.date,
                reason=_("Agreed at the team meeting of %(date)s")
                % {"date": f"{meeting.date:%Y-%m-%d}"},
            )
    meeting.recorded_at = timezone.now()
    meeting.save(update_fields=["recorded_at"])
    return meeting
