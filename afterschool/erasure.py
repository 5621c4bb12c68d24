"""Erasure plug-in: a student's after-school attendance and peer tutoring.

Attendance stays as counted rows (so a group's rate stays true); peer sessions lose
what was said, and pairings where the student was the tutor or the tutee go.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from core.anonymise import ERASED_TEXT, history_ids, scrub

from .models import AfterSchoolGroup, PeerPairing, PeerSession


def erase(student) -> None:
    pairs = Q(tutor_id=student.pk) | Q(tutee_id=student.pk)
    pairing_ids = history_ids(PeerPairing, pairs)
    # Blank first, then delete: the "deleted" snapshot history writes holds blanks.
    scrub(
        PeerSession,
        Q(pairing_id__in=pairing_ids),
        practised=ERASED_TEXT,
        result="",
        withdraw_reason="",
    )
    scrub(PeerPairing, pairs, withdraw_reason="")
    PeerPairing.objects.filter(pairs).delete()
    for group in AfterSchoolGroup.objects.filter(members=student):
        group.members.remove(student)


def preview(student) -> list[str]:
    lines = []
    if PeerPairing.objects.filter(Q(tutor=student) | Q(tutee=student)).exists():
        lines.append(_("peer tutoring pairings and their sessions"))
    if AfterSchoolGroup.objects.filter(members=student).exists():
        lines.append(_("after-school group memberships"))
    return lines
