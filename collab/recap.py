"""The recap of a team meeting: per student, "who gets what support from whom, until
when", the decision and the status agreed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from archives.models import SupportCase

from .models import MeetingAction, MeetingItem, TeamMeeting


def action_line(student_name: str, action: MeetingAction) -> str:
    return _("%(student)s gets “%(action)s” from %(owner)s, until %(date)s") % {
        "student": student_name,
        "action": action.description,
        "owner": action.owner,
        "date": f"{action.due_on:%Y-%m-%d}",
    }


def join_reasons(item: MeetingItem) -> str:
    """The item's reasons on one line: "；" in Chinese, "; " in English."""
    return pgettext("reasons separator", "; ").join(item.shown_reasons)


def item_recap(meeting: TeamMeeting, item: MeetingItem, actions: list[MeetingAction]) -> str:
    """The text stored as the discussion entry of the student's archive."""
    lines = [_("Team meeting %(meeting)s") % {"meeting": meeting}]
    if item.shown_reasons:
        lines.append(_("On the agenda: %(reasons)s") % {"reasons": join_reasons(item)})
    if item.decision:
        lines.append(_("Decision: %(decision)s") % {"decision": item.decision})
    if item.new_status:
        lines.append(
            _("Status agreed: %(status)s") % {"status": SupportCase.Status(item.new_status).label}
        )
    lines += [action_line(item.student.shown_name, a) for a in actions]
    return "\n".join(lines)


@dataclass
class RecapRow:
    item: MeetingItem
    lines: list[str] = field(default_factory=list)


def recap_rows(meeting: TeamMeeting, items: list[MeetingItem]) -> list[RecapRow]:
    """Prefetch the items' ``actions__owner``."""
    rows = []
    for item in items:
        if item.removed:
            continue
        rows.append(
            RecapRow(
                item=item,
                lines=[action_line(item.student.shown_name, a) for a in item.actions.all()],
            )
        )
    return rows
