"""After-school attendance and peer sessions as delivered dose for the archives' 落实率.

The contracts are in ``archives/monitoring_data.py`` (``delivered``) and
``archives/dose_targets.py`` (``targets``, ``named``, ``name_target``): a plan's
after-school dose may name the group the student attends (``DoseGroup``); its 落实率
then counts that group's sessions only. A dose naming no group counts every group of
the case's subject, and groups of no subject (homework of every subject). A session
counts its group's minutes; a peer session its own (None when not recorded).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from archives.dose_targets import DoseTarget
from archives.models import PlannedDose

from .models import AfterSchoolGroup, Attendance, DoseGroup, PeerSession
from .rules import can_run_group

AFTERSCHOOL = PlannedDose.Kind.AFTERSCHOOL


def delivered(*, cases, kinds) -> list[tuple[int, str, object, int | None]]:
    if not cases:
        return []
    found: list[tuple[int, str, object, int | None]] = []
    case_of = {(c.student_id, c.subject_id, c.term_id): c.pk for c in cases}
    students = {c.student_id for c in cases}
    terms = {c.term_id for c in cases}
    if AFTERSCHOOL in kinds:
        named_group = dict(
            DoseGroup.objects.filter(
                dose__case__in=[c.pk for c in cases], dose__kind=AFTERSCHOOL
            ).values_list("dose__case_id", "group_id")
        )
        rows = Attendance.objects.filter(
            present=True, student_id__in=students, session__group__term_id__in=terms
        ).values_list(
            "student_id",
            "session__group_id",
            "session__group__subject_id",
            "session__group__term_id",
            "session__date",
            "session__group__minutes",
        )
        for student_id, group_id, subject_id, term_id, day, minutes in rows:
            for c in cases:
                if c.student_id != student_id or c.term_id != term_id:
                    continue
                wanted = named_group.get(c.pk)
                if wanted is not None:
                    counts = group_id == wanted
                else:
                    counts = subject_id in (None, c.subject_id)
                if counts:
                    found.append((c.pk, AFTERSCHOOL, day, minutes))
    if PlannedDose.Kind.PEER in kinds:
        peer = (
            PeerSession.objects.counted()
            .filter(pairing__tutee_id__in=students, pairing__term_id__in=terms)
            .values_list(
                "pairing__tutee_id", "pairing__subject_id", "pairing__term_id", "date", "minutes"
            )
        )
        for student_id, subject_id, term_id, day, minutes in peer:
            case_id = case_of.get((student_id, subject_id, term_id))
            if case_id is not None:
                found.append((case_id, PlannedDose.Kind.PEER, day, minutes))
    return found


def _label(group: AfterSchoolGroup) -> str:
    parts = [group.name, group.get_kind_display()]
    if group.schedule:
        parts.append(group.schedule)
    parts.append(_("%(n)d min") % {"n": group.minutes})
    return " · ".join(parts)


def offered_groups(*, case, scope) -> list[tuple[AfterSchoolGroup, bool]]:
    """(group, is the student a member) the plan may name: active groups of the case's
    term and subject (or of every subject) the user sees; a group the student is not in
    only to whoever runs it (choosing it adds the student)."""
    groups = (
        AfterSchoolGroup.objects.visible_to(scope)
        .filter(Q(subject__isnull=True) | Q(subject_id=case.subject_id))
        .filter(term_id=case.term_id, is_active=True)
        .select_related("teacher")
        .order_by("name")
    )
    members = set(
        AfterSchoolGroup.members.through.objects.filter(
            student_id=case.student_id, afterschoolgroup__term_id=case.term_id
        ).values_list("afterschoolgroup_id", flat=True)
    )
    out = []
    for group in groups:
        member = group.pk in members
        if member or can_run_group(scope, group):
            out.append((group, member))
    return out


def targets(*, case, scope) -> list[DoseTarget]:
    return [
        DoseTarget(
            AFTERSCHOOL,
            str(group.pk),
            _label(group)
            if member
            else _("%(group)s — adds the student") % {"group": _label(group)},
            joins=not member,
        )
        for group, member in offered_groups(case=case, scope=scope)
    ]


def named(*, doses) -> list[tuple[int, DoseTarget]]:
    ids = [d.pk for d in doses if d.kind == AFTERSCHOOL]
    if not ids:
        return []
    links = DoseGroup.objects.filter(dose_id__in=ids).select_related("group")
    return [
        (link.dose_id, DoseTarget(AFTERSCHOOL, str(link.group_id), link.group.name))
        for link in links
    ]


def name_target(*, dose, value: str, scope, by) -> None:
    """Name (or stop naming) the dose's group; a group not offered is refused."""
    if dose.kind != AFTERSCHOOL:
        return
    link = DoseGroup.objects.filter(dose=dose).first()
    if not value:
        if link is not None:
            link.delete()
        return
    if link is not None and str(link.group_id) == value:
        return  # unchanged, even if the group is no longer offered (ended, inactive)
    choices = {str(g.pk): (g, member) for g, member in offered_groups(case=dose.case, scope=scope)}
    if value not in choices:
        raise ValidationError(
            {f"{AFTERSCHOOL}-target": _("Choose one of the after-school groups offered.")}
        )
    group, member = choices[value]
    if not member:
        group.members.add(dose.case.student)
    link = link or DoseGroup(dose=dose)
    link.group = group
    link.set_by = by
    link.full_clean()
    link.save()
