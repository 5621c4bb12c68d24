"""After-school attendance and peer sessions in the tutee's progress archive.

The tutor's name shows only here, to those who see the tutee's archive in the subject.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import TimelineEntry

from .models import Attendance, PeerSession


def entries(*, scope, student, subject, term) -> list[TimelineEntry]:
    if term is None or not scope.can_see_record(student.school_class_id, subject.pk):
        return []
    items: list[TimelineEntry] = []
    attendance = Attendance.objects.filter(
        Q(session__group__subject__isnull=True) | Q(session__group__subject=subject),
        student=student,
        session__group__term=term,
    ).select_related("session__group", "session__taken_by")
    for a in attendance:
        s = a.session
        if not a.present:
            title = _("Absent")
        elif a.homework_done:
            title = _("Present · written homework finished in school")
        else:
            title = _("Present")
        items.append(
            TimelineEntry(
                date=s.date,
                kind="afterschool",
                kind_label=_("After-school service"),
                title=f"{s.group.name} · {title}",
                body=s.note,
                author=str(s.taken_by),
                created_at=s.created_at,
            )
        )
    peer = (
        PeerSession.objects.counted()
        .filter(pairing__tutee=student, pairing__subject=subject, pairing__term=term)
        .select_related("pairing__tutor", "author")
    )
    for p in peer:
        items.append(
            TimelineEntry(
                date=p.date,
                kind="peer_tutoring",
                kind_label=_("Peer tutoring"),
                title=_("With %(tutor)s: %(practised)s")
                % {"tutor": p.pairing.tutor.name, "practised": p.practised},
                body=p.result,
                author=str(p.author),
                url=reverse("afterschool:pairing_detail", args=[p.pairing_id]),
                created_at=p.created_at,
            )
        )
    return items
