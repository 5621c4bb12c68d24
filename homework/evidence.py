"""Figures a routine inspection shows for a teacher's homework setting and marking."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import Evidence

from .models import Assignment, HomeworkReview, LoadOverride, MarkingRecord


def evidence(*, teacher, term, start, end) -> list[Evidence]:
    # Withdrawn homework is not counted as set, but its reviews, markings and
    # over-limit reasons stay in the figures: withdrawing erases no evidence.
    assignments = Assignment.objects.filter(
        set_by=teacher, term=term, date__gte=start, date__lte=end
    )
    figures = (
        assignments.active()
        .annotate(n_tiers=Count("tiers"))
        .aggregate(total=Count("id"), tiered=Count("id", filter=Q(n_tiers__gte=2)))
    )
    total, tiered = figures["total"] or 0, figures["tiered"] or 0
    overrides = LoadOverride.objects.filter(
        recorded_by=teacher, date__gte=start, date__lte=end
    ).count()
    marking = MarkingRecord.objects.filter(
        marked_by=teacher,
        assignment__term=term,
        assignment__date__gte=start,
        assignment__date__lte=end,
    ).aggregate(
        total=Count("id"),
        face=Count("id", filter=Q(face_to_face=True)),
        commented=Count("id", filter=~Q(comment="")),
    )
    reviews = HomeworkReview.objects.filter(assignment__in=assignments).count()
    url = reverse("homework:list")
    share = round(100 * tiered / total) if total else 0
    return [
        Evidence(_("Homework assignments set"), total, url=url, group="homework_setting"),
        Evidence(
            _("Share of assignments with tiers"),
            f"{share}%",
            url=url,
            group="homework_setting",
            warning=bool(total) and share < 50,
        ),
        Evidence(
            _("Over-limit saves with a reason"),
            overrides,
            group="homework_setting",
            warning=overrides > 0,
        ),
        Evidence(_("Marking records"), marking["total"], group="homework_marking"),
        Evidence(_("Face-to-face markings"), marking["face"], group="homework_marking"),
        Evidence(_("Personalised comments"), marking["commented"], group="homework_marking"),
        Evidence(
            _("Quality reviews received"),
            reviews,
            url=reverse("homework:reviews"),
            group="homework_setting",
        ),
    ]
