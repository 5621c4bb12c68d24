"""The family section of a student's profile, at the level ``family/rules.py`` grants.

- full file (head teacher, school leaders): situation, guardians, notes, recent
  contacts, and who read this student's data lately (最近查看);
- summary (a director with a case in their subject): flags, guardians with
  masked phones, contact summaries, no notes;
- everyone else: one neutral line, no flag names.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.plugins import Panel
from students.access_log import What, recent_for_student, record_access

from . import rules
from .models import FamilyProfile


def sections(request, student) -> list[Panel]:
    scope = request.scope
    level = rules.family_level(scope, student)
    if level == rules.NEUTRAL:
        return [
            Panel(
                title=_("Family situation"),
                template="family/_profile_neutral.html",
                context={"line": rules.NEUTRAL_LINE},
                order=60,
            )
        ]
    full = level == rules.FULL
    profile = FamilyProfile.objects.filter(student=student).prefetch_related("guardians").first()
    guardians = list(profile.guardians.all()) if profile else []
    for g in guardians:
        g.display_phone = g.phone if full else rules.mask_phone(g.phone)  # type: ignore[attr-defined]  # for the template
    contacts = list(student.family_contacts.alive().select_related("recorded_by")[:3])
    for c in contacts:
        c.text_visible = full or not c.restricted
    record_access(request, students=student, what=What.FAMILY_FILE if full else What.FAMILY_SUMMARY)
    return [
        Panel(
            title=_("Family situation and contacts"),
            template="family/_profile_full.html",
            context={
                "student": student,
                "profile": profile,
                "guardians": guardians,
                "contacts": contacts,
                "can_contact": full,
                "full": full,
                "ask": rules.head_teacher_names([student.school_class_id], scope.term).get(
                    student.school_class_id, ""
                ),
                "recent_reads": recent_for_student(student) if full else [],
            },
            order=60,
        )
    ]
