"""What an inspection shows of a head teacher's family work, from the contact log."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import Evidence
from school.models import ClassHeadship, today
from students.models import Student

from . import selectors
from .models import FamilyContact


def evidence(*, teacher, term, start, end) -> list[Evidence]:
    class_ids = list(
        ClassHeadship.objects.filter(term=term, teacher=teacher).values_list(
            "school_class_id", flat=True
        )
    )
    if not class_ids:
        return []
    counts = (
        FamilyContact.objects.alive()
        .filter(recorded_by=teacher, date__gte=start, date__lte=end)
        .aggregate(
            contacts=Count("id"),
            visits=Count("id", filter=Q(channel=FamilyContact.Channel.HOME_VISIT)),
        )
    )
    as_of = min(end, today())
    overdue = selectors.overdue(
        Student.objects.filter(school_class_id__in=class_ids), term, as_of
    ).count()
    url = reverse("family:visit_plan")
    group = "family_linkage"
    return [
        Evidence(label=_("Family contacts made"), value=counts["contacts"], url=url, group=group),
        Evidence(label=_("Home visits"), value=counts["visits"], url=url, group=group),
        Evidence(
            label=_("Struggling students overdue for a home visit"),
            value=overdue,
            url=url + "?overdue=1",
            group=group,
            warning=overdue > 0,
        ),
    ]
