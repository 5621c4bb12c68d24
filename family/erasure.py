"""Erasure plug-in: the family file, guardians and contact texts of one student.

Contacts and home visits stay as dated, counted events (so "home visits this
term" remains true); what was said, by whom, and every guardian go.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.anonymise import ERASED_TEXT, history_ids, scrub

from .models import FamilyContact, FamilyProfile, Guardian


def erase(student) -> None:
    profile_ids = history_ids(FamilyProfile, Q(student_id=student.pk))
    scrub(FamilyProfile, Q(id__in=profile_ids), notes="")
    guardians = Q(profile_id__in=profile_ids)
    # Blank first, then delete: the "deleted" snapshot history writes holds blanks.
    scrub(Guardian, guardians, name=ERASED_TEXT, phone="")
    Guardian.objects.filter(guardians).delete()
    scrub(
        FamilyContact,
        Q(student_id=student.pk),
        participants="",
        summary=ERASED_TEXT,
        family_actions="",
        school_actions="",
    )


def preview(student) -> list[str]:
    guardians = Guardian.objects.filter(profile__student=student).count()
    contacts = FamilyContact.objects.filter(student=student).count()
    lines = []
    if FamilyProfile.objects.filter(student=student).exists():
        lines.append(_("the family notes"))
    if guardians:
        lines.append(
            ngettext(
                "%(n)d guardian with their phone number",
                "%(n)d guardians with their phone numbers",
                guardians,
            )
            % {"n": guardians}
        )
    if contacts:
        lines.append(
            ngettext(
                "the summary of %(n)d family contact",
                "the summaries of %(n)d family contacts",
                contacts,
            )
            % {"n": contacts}
        )
    return lines
