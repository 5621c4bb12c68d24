"""After-school attendance and peer sessions in the tutee's progress archive.

The tutor's name shows only here, to those who see the tutee's archive in the subject.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from archives.timeline import user_name
from core.plugins import TimelineEntry

from .models import Attendance, PeerSession


def entries(*, scope, student, subject, term) -> list[TimelineEntry]:
    if term is None or not scope.can_see_record(student.school_class_id, subject.pk):
        return []
    items: list[TimelineEntry] = []
    # Rows, ordered as the models' Meta orderings come out for one student and one term
    # (group name, newest first), without the joins those orderings expand into.
    attendance = (
        Attendance.objects.filter(
            Q(session__group__subject__isnull=True) | Q(session__group__subject=subject),
            student=student,
            session__group__term=term,
        )
        .order_by("session__group__name", "-session__date")
        .values(
            "present",
            "homework_done",
            "session__date",
            "session__note",
            "session__created_at",
            "session__group__name",
            "session__taken_by__full_name",
            "session__taken_by__username",
        )
    )
    label = _("After-school service")
    for a in attendance:
        if not a["present"]:
            title = _("Absent")
        elif a["homework_done"]:
            title = _("Present · written homework finished in school")
        else:
            title = _("Present")
        items.append(
            TimelineEntry(
                date=a["session__date"],
                kind="afterschool",
                kind_label=label,
                title=f"{a['session__group__name']} · {title}",
                body=a["session__note"],
                author=user_name(
                    a["session__taken_by__full_name"], a["session__taken_by__username"]
                ),
                created_at=a["session__created_at"],
            )
        )
    peer = (
        PeerSession.objects.counted()
        .filter(pairing__tutee=student, pairing__subject=subject, pairing__term=term)
        .order_by("-date", "-created_at")
        .values(
            "date",
            "practised",
            "result",
            "created_at",
            "pairing_id",
            "pairing__tutor__name",
            "author__full_name",
            "author__username",
        )
    )
    for p in peer:
        items.append(
            TimelineEntry(
                date=p["date"],
                kind="peer_tutoring",
                kind_label=_("Peer tutoring"),
                title=_("With %(tutor)s: %(practised)s")
                % {"tutor": p["pairing__tutor__name"], "practised": p["practised"]},
                body=p["result"],
                author=user_name(p["author__full_name"], p["author__username"]),
                url=reverse("afterschool:pairing_detail", args=[p["pairing_id"]]),
                created_at=p["created_at"],
            )
        )
    return items
