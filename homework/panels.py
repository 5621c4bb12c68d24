"""Dashboard card: today's homework load of the classes one leads, teaches or heads."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.plugins import Panel
from school.models import SchoolClass, today

from .load import day_loads
from .models import Assignment, HomeworkReview, OverLimitResponse


def cut_requests(user, day):
    """The grade leaders' asks to cut, this week, on days the user set homework that counts."""
    set_days = Assignment.objects.counting_load().filter(
        set_by=user,
        school_class=OuterRef("school_class"),
        date=OuterRef("date"),
    )
    return list(
        OverLimitResponse.objects.filter(
            action=OverLimitResponse.Action.CUT_ASKED,
            date__gte=day - datetime.timedelta(days=7),
        )
        .filter(Exists(set_days))
        .select_related("school_class__grade", "responded_by")
        .order_by("-date")[:10]
    )


def panels(request) -> list[Panel]:
    scope = request.scope
    if scope.term is None or scope.school_wide:
        return []
    out = []
    asks = cut_requests(request.user, today())
    if asks:
        out.append(
            Panel(
                title=_("Asked to cut homework"),
                template="homework/_cut_panel.html",
                context={"asks": asks},
                order=25,
            )
        )
    reviews = list(
        HomeworkReview.objects.filter(
            assignment__set_by=request.user,
            created_at__gte=timezone.now() - datetime.timedelta(days=14),
        )
        .select_related("reviewer", "assignment__school_class", "assignment__subject")
        .order_by("-created_at")[:5]
    )
    if reviews:
        out.append(
            Panel(
                title=_("Quality reviews of my homework"),
                template="homework/_reviews_panel.html",
                context={"reviews": reviews},
                order=26,
            )
        )
    return out + _load_panels(request)


def _load_panels(request) -> list[Panel]:
    scope = request.scope
    class_ids = scope.led_class_ids | scope.headed_class_ids | scope.taught_class_ids
    if not class_ids:
        return []
    day = today()
    classes = list(
        SchoolClass.objects.select_related("grade").filter(pk__in=class_ids, is_active=True)
    )
    # The card shows the load, not the calendar: two queries fewer on every dashboard.
    loads = day_loads(classes, [day], calendar=False)
    return [
        Panel(
            title=_("Today's homework load"),
            template="homework/_dashboard_panel.html",
            context={"loads": [loads[(c.pk, day)] for c in classes], "day": day},
            order=30,
        )
    ]
