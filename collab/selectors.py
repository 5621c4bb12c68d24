"""Reads of team meetings: who takes part, and each student's one-screen summary."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from archives.models import Observation, SupportCase
from school.models import User
from school.restricted import is_psychological_note

from .models import MeetingItem, SharingSession, TeamMeeting


def meeting_teachers(meeting: TeamMeeting) -> QuerySet[User]:
    """Who may attend and own actions: the teachers and head teachers of the meeting's
    class or grade (this term), the subject's teachers, and the organiser."""
    term = meeting.term
    if meeting.kind == TeamMeeting.Kind.CLASS:
        q = Q(teaching__term=term, teaching__school_class_id=meeting.school_class_id) | Q(
            headships__term=term, headships__school_class_id=meeting.school_class_id
        )
    elif meeting.kind == TeamMeeting.Kind.GRADE:
        q = Q(teaching__term=term, teaching__school_class__grade_id=meeting.grade_id) | Q(
            headships__term=term, headships__school_class__grade_id=meeting.grade_id
        )
        if meeting.subject_id:
            q = Q(
                teaching__term=term,
                teaching__school_class__grade_id=meeting.grade_id,
                teaching__subject_id=meeting.subject_id,
            ) | Q(headships__term=term, headships__school_class__grade_id=meeting.grade_id)
    else:
        q = Q(teaching__term=term, teaching__subject_id=meeting.subject_id)
    return User.objects.filter(q | Q(pk=meeting.organiser_id)).distinct().order_by("full_name")


def sessions_visible_to(scope) -> QuerySet[SharingSession]:
    """Sharing sessions a user opens: their organiser, presenters and attendees see them;
    academic directors and school leaders see all."""
    if not scope.is_authenticated:
        return SharingSession.objects.none()
    qs = SharingSession.objects.select_related("organiser")
    if scope.school_wide or scope.is_director:
        return qs
    user = scope.user
    ids = SharingSession.objects.filter(
        Q(organiser=user) | Q(presenters=user) | Q(attendees=user)
    ).values("pk")
    return qs.filter(pk__in=ids)


@dataclass
class Summary:
    """The one-screen summary of a case on the meeting page."""

    case: SupportCase
    step: object = None  # the current plan step (first goal not yet met), or None
    entries: list = field(default_factory=list)  # (date, kind label, rating, note or "")
    spark: str = ""  # SVG polyline points of the last ratings


def summaries(scope, items: list[MeetingItem]) -> dict[int, Summary]:
    """Case id → summary, in three queries whatever the number of items."""
    cases = [i.case for i in items if i.case is not None]
    if not cases:
        return {}
    goals = defaultdict(list)
    for case in SupportCase.objects.filter(pk__in=[c.pk for c in cases]).prefetch_related("goals"):
        goals[case.pk] = list(case.goals.all())
    obs = defaultdict(list)
    for o in (
        Observation.objects.alive()
        .filter(case__in=[c.pk for c in cases])
        .order_by("-date", "-created_at")
        .only("case_id", "date", "kind", "rating", "note")
    ):
        obs[o.case_id].append(o)
    out = {}
    for case in cases:
        # Psychological notes stay in the archive (where reading them is logged).
        readable = not is_psychological_note(case)
        step = next((g for g in goals[case.pk] if g.outcome != "met"), None)
        recent = obs[case.pk]
        entries = [
            (o.date, o.get_kind_display(), o.rating, o.note if readable else "") for o in recent[:3]
        ]
        ratings = [o.rating for o in reversed(recent[:10]) if o.rating]
        spark = ""
        if len(ratings) >= 2:
            step_x = 100 / (len(ratings) - 1)
            spark = " ".join(
                f"{i * step_x:.1f},{(5 - r) * 6 + 2:.1f}" for i, r in enumerate(ratings)
            )
        out[case.pk] = Summary(case=case, step=step, entries=entries, spark=spark)
    return out
