"""Family contacts in a student's progress archive, in the detail each viewer may see."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from archives.timeline import ArchiveEntry, correction_links
from core.plugins import TimelineEntry
from students.models import AccessRecord

from . import rules
from .models import FamilyContact


def _correction_links(scope, contact, full: bool) -> dict:
    """Correct and withdraw for its recorder or a leader; its history for them and the file's holders."""
    links = correction_links(scope.user, contact, "contact", namespace="family")
    if not (full or links.get("edit_url")):
        links["history_url"] = ""
    return links


def entries(*, scope, student, subject, term) -> list[TimelineEntry]:
    """Contacts are about the student, not one subject: they appear in every subject's archive."""
    contacts = FamilyContact.objects.alive().filter(student=student).select_related("recorded_by")
    if term is not None:
        contacts = contacts.between(term.start, term.end)
    level = rules.family_level(scope, student)
    detailed = rules.sees_flags(level)
    full = level == rules.FULL
    kind_label = _("Family contact")
    result: list[TimelineEntry] = []
    for c in contacts:
        channel = c.get_channel_display()
        reads = ""
        withheld = False
        if detailed:
            title = _("Progress letter") if c.is_progress_letter else channel
            reads = AccessRecord.What.CONTACT_LOG
            if full or not c.restricted:
                parts = [c.summary]
                if c.restricted:
                    reads = AccessRecord.What.RESTRICTED_NOTE
            else:
                parts = [_("A restricted note exists; ask the head teacher.")]
                withheld = True
            if full and c.family_actions:
                parts.append(_("The family will: %(actions)s") % {"actions": c.family_actions})
            if full and c.school_actions:
                parts.append(_("The school will: %(actions)s") % {"actions": c.school_actions})
            body = "\n".join(parts)
        else:
            title = _("Family contact on %(date)s (%(channel)s)") % {
                "date": c.date.strftime("%Y-%m-%d"),
                "channel": channel,
            }
            body = ""
        result.append(
            ArchiveEntry(
                date=c.date,
                kind="family_contact",
                kind_label=kind_label,
                title=title,
                body=body,
                reads=reads,
                withheld=withheld,
                author=str(c.recorded_by),
                url=reverse("family:student", args=[student.pk]) if detailed else "",
                created_at=c.created_at,
                **_correction_links(scope, c, full),
            )
        )
    return result
