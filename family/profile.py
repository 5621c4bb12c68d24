"""The family section of a student's profile: details for those who may see them, flags for others."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.plugins import Panel

from .access import can_contact, mask_phone
from .models import FamilyProfile


def sections(request, student) -> list[Panel]:
    scope = request.scope
    profile = FamilyProfile.objects.filter(student=student).prefetch_related("guardians").first()
    if not scope.can_see_family(student.school_class_id):
        # A subject teacher learns only which flags bear on the case.
        return [
            Panel(
                title=_("Family situation"),
                template="family/_profile_flags.html",
                context={"flags": profile.flag_labels() if profile else [], "noted": bool(profile)},
                order=60,
            )
        ]
    contacting = can_contact(scope, student.school_class_id)
    guardians = list(profile.guardians.all()) if profile else []
    for g in guardians:
        g.display_phone = g.phone if contacting else mask_phone(g.phone)
    contacts = list(student.family_contacts.select_related("recorded_by")[:3])
    return [
        Panel(
            title=_("Family situation and contacts"),
            template="family/_profile_full.html",
            context={
                "student": student,
                "profile": profile,
                "guardians": guardians,
                "contacts": contacts,
                "can_contact": contacting,
            },
            order=60,
        )
    ]
