"""The progress letter: a short, plain-language message to the family, drafted from the records.

It draws on what the system holds today: the student's support cases of the
term (subject and status) and the latest family contacts (what the family
agreed to do). The teacher edits the draft before sending it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from students.models import SupportCase

from .models import FamilyContact, FamilyProfile


def draft(*, student, term, teacher) -> str:
    cases = list(
        SupportCase.objects.filter(student=student, term=term)
        .select_related("subject")
        .order_by("subject__order")
    )
    contacts = list(
        FamilyContact.objects.filter(student=student, is_progress_letter=False).order_by(
            "-date", "-created_at"
        )[:3]
    )
    profile = FamilyProfile.objects.filter(student=student).first()
    name = student.name
    lines = [_("Dear parent of %(name)s,") % {"name": name}, ""]
    lines.append(
        _("Here is a short update from school on how %(name)s has been doing recently.")
        % {"name": name}
    )
    for case in cases:
        values = {"name": name, "subject": case.subject.name}
        if case.status == SupportCase.Status.IMPROVED:
            lines.append(
                _(
                    "In %(subject)s, %(name)s has made clear progress and no longer needs extra support. Well done!"
                )
                % values
            )
        elif case.status == SupportCase.Status.IN_SUPPORT:
            lines.append(
                _(
                    "In %(subject)s, %(name)s is getting extra help from the teacher and is working on the basics step by step."
                )
                % values
            )
        elif case.status == SupportCase.Status.IDENTIFIED:
            lines.append(
                _(
                    "In %(subject)s, we have noticed that %(name)s needs some extra help, and the teacher is making a plan."
                )
                % values
            )
    agreed = next((c for c in contacts if c.family_actions.strip()), None)
    if agreed:
        lines.append(
            _("When we spoke on %(date)s, we agreed that at home: %(actions)s")
            % {"date": agreed.date.strftime("%Y-%m-%d"), "actions": agreed.family_actions.strip()}
        )
    lines += ["", _("How you can help at home:")]
    lines.append(
        _(
            "- Keep a fixed, quiet time for homework every day and check that it is finished (you do not need to mark it)."
        )
    )
    lines.append(_("- Praise effort and small steps forward; ask what was learnt today."))
    if profile and profile.left_behind:
        lines.append(
            _(
                "- If you work away from home, a short call each week to talk about school means a lot."
            )
        )
    lines.append(_("- Tell me whenever you notice a change, good or worrying."))
    lines += ["", _("Thank you for working with us."), str(teacher)]
    return "\n".join(lines)
