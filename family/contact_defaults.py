"""What a new family contact starts with: channel, today's date and who took part.

Also the summary's label per channel ("what the phone call covered", not a
periodic summary), used by ``FamilyContactForm`` and by ``family/contact-label.js``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from school.models import today

from .models import FamilyContact, Guardian

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Channel = FamilyContact.Channel

SUMMARY_LABELS: dict[str, StrOrPromise] = {
    Channel.HOME_VISIT: _("What the home visit found"),
    Channel.PHONE: _("What the phone call covered"),
    Channel.CLASS_GROUP: _("The class group message"),
    Channel.PRIVATE_MESSAGE: _("What the messages said"),
    Channel.PARENT_MEETING: _("What the parent meeting covered"),
    Channel.IN_PERSON: _("What the talk covered"),
}

# Channels where the family takes part face to face or by voice: the guardians who
# live with the student; by message or phone, the first guardian only.
_HOUSEHOLD = {Channel.HOME_VISIT, Channel.PARENT_MEETING, Channel.IN_PERSON}
_PARTICIPANTS_LENGTH = 200  # FamilyContact.participants max_length


def summary_label(channel: str) -> str:
    default = FamilyContact._meta.get_field("summary").verbose_name
    return str(SUMMARY_LABELS.get(channel, default))


def default_channel(wanted: str) -> str:
    return wanted if wanted in Channel.values else Channel.HOME_VISIT


def participants(*, student, user, channel: str) -> tuple[str, bool]:
    """Who usually takes part, and whether that read the student's family file."""
    if channel == Channel.CLASS_GROUP:
        return "", False
    guardians = list(
        Guardian.objects.filter(profile__student=student).order_by("-lives_with_student", "pk")
    )
    if channel in _HOUSEHOLD:
        chosen = [g for g in guardians if g.lives_with_student and not g.works_away] or guardians[
            :1
        ]
    else:
        chosen = [g for g in guardians if g.phone][:1] or guardians[:1]
    names = [g.name for g in chosen] + [str(user)]
    text = "、".join(names)
    return text[:_PARTICIPANTS_LENGTH], bool(chosen)


def contact_initial(*, student, user, wanted_channel: str) -> tuple[dict, bool]:
    """The new contact form's initial values; True when guardians' names were read."""
    channel = default_channel(wanted_channel)
    who, read_family = participants(student=student, user=user, channel=channel)
    return {"channel": channel, "date": today(), "participants": who}, read_family
