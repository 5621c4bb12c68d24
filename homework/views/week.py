"""The grade's week, the class's day, the notice, the export."""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.page_cache import kept_page
from core.pagination import paginate
from core.xlsx import xlsx_response
from school.models import Grade, today
from school.scoping import ScopedRequest, get_object_in_scope

from .. import exports, forms, selectors, services
from ..load import day_load, day_loads
from ..models import Assignment, LoadOverride, NoticeLink, OverLimitResponse
from ..schooldays import non_school_days
from .common import parse_day
from .governance import ResponseForm, can_respond
from .notice import notice_context


def _chosen_week(
    request: ScopedRequest, grades: list[Grade]
) -> tuple[Grade | None, datetime.date, forms.WeekForm]:
    """The grade and week asked for; a garbled week falls back to this week, saying so."""
    form = forms.WeekForm(request.GET or None, grades=grades)
    grade = None
    week_day = today()
    if form.is_valid():
        grade = form.grade_objects.get(form.cleaned_data.get("grade") or "")
        week_day = form.cleaned_data.get("week") or week_day
    elif form.is_bound:
        grade = form.grade_objects.get(request.GET.get("grade") or "")
        if "week" in form.errors:
            messages.warning(
                request,
                _("That week could not be shown (%(value)s); here is this week.")
                % {"value": request.GET.get("week", "")[:20]},
            )
    if grade is None and grades:
        led = [g for g in grades if g.pk in request.scope.led_grade_ids]
        grade = (led or grades)[0]
    return grade, week_day, form


def over_days(classes, days, loads) -> list[dict]:
    """Each over-limit class-day of the week: the per-subject breakdown, the reasons given
    and the grade leader's answer (two queries whatever the number of classes)."""
    reasons: dict[tuple[int, Any], list] = {}
    for o in LoadOverride.objects.filter(school_class__in=classes, date__in=days).select_related(
        "assignment__subject", "recorded_by"
    ):
        reasons.setdefault((o.school_class_id, o.date), []).append(o)
    answers = {
        (r.school_class_id, r.date): r
        for r in OverLimitResponse.objects.filter(
            school_class__in=classes, date__in=days
        ).select_related("responded_by")
    }
    out = []
    for c in classes:
        for d in days:
            load = loads[(c.pk, d)]
            if load.over:
                out.append(
                    {
                        "school_class": c,
                        "load": load,
                        "reasons": reasons.get((c.pk, d), []),
                        "answer": answers.get((c.pk, d)),
                    }
                )
    return out


# Classes a page of the grid: a grade of a large school (44 classes at the bench's 10×)
# is paged rather than 308 cells and their pupils' loads at once.
WEEK_CLASSES = 10


def _week_context(request: ScopedRequest, *, paged: bool = True) -> dict[str, Any]:
    """The grade's week; ``paged``: only the classes of the page asked for (the export
    takes the whole grade)."""
    scope = request.scope
    grade, week_day, form = _chosen_week(request, selectors.visible_grades(scope))
    days = services.week_of(week_day)
    classes = list(scope.classes().filter(grade=grade)) if grade else []
    page = None
    if paged:
        page = paginate(request, classes, per_page=WEEK_CLASSES)
        classes = list(page.object_list)
    loads = day_loads(classes, days)
    rows = [{"school_class": c, "cells": [loads[(c.pk, d)] for d in days]} for c in classes]
    if classes:
        closed = {d: loads[(classes[0].pk, d)].non_school_reason for d in days}
    else:
        closed = non_school_days(days)
    return {
        "form": form,
        "grade": grade,
        "page": page,
        "days": days,
        "day_heads": [{"date": d, "closed": closed.get(d, "")} for d in days],
        "rows": rows,
        "over_days": over_days(classes, days, loads),
        "today": today(),
        "previous_week": days[0] - datetime.timedelta(days=7),
        "next_week": days[0] + datetime.timedelta(days=7),
    }


@login_required
@kept_page
def week_grid(request: ScopedRequest) -> HttpResponse:
    ctx = _week_context(request)
    _show(ctx["rows"], ctx["days"])
    ctx["over_label"] = _("over the limit")
    return render(request, "homework/week_grid.html", ctx)


_MARKER = 987654321


def _show(rows: list[dict], days: list[datetime.date]) -> None:
    """Each row's heading and each cell's class, link, title and figure, computed here
    rather than by tags and filters per cell (core/rows.py): a grade of 44 classes is
    308 cells."""
    shown_days = {d: date_format(d, "Y-m-d") for d in days}
    prefix, _marker, suffix = reverse("homework:class_day", args=[_MARKER, "DAY"]).partition(
        str(_MARKER)
    )
    figure = cache(lambda average: floatformat(average, 0))
    for row in rows:
        c = row["school_class"]
        row["heading"] = _("Class %(n)s") % {"n": c.number}
        name = str(c)
        url = f"{prefix}{c.pk}{suffix}"
        row["shown"] = [
            {
                "css": (
                    "table-danger fw-bold"
                    if cell.over
                    else "table-secondary text-muted"
                    if not cell.school_day
                    else "text-muted"
                    if cell.empty
                    else ""
                ),
                "url": url.replace("DAY", shown_days[cell.date]),
                "title": f"{name} {shown_days[cell.date]}",
                "figure": "·" if cell.empty else figure(cell.average),
                "over": cell.over,
            }
            for cell in row["cells"]
        ]


@login_required
def week_export(request: ScopedRequest) -> HttpResponse:
    ctx = _week_context(request, paged=False)
    if ctx["grade"] is None:
        raise Http404
    content = exports.week_workbook(
        grade=ctx["grade"], days=ctx["days"], rows=ctx["rows"], over_days=ctx["over_days"]
    )
    name = f"homework-load-grade{ctx['grade'].level}-{ctx['days'][0]:%Y%m%d}.xlsx"
    return xlsx_response(content, name)


def _class_day(request: ScopedRequest, class_pk: int, day: str) -> dict[str, Any]:
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    date = parse_day(day)
    # The day's homework of every subject: it is what the class publishes (作业公示).
    items = (
        Assignment.objects.on_day(date)
        .filter(school_class=school_class)
        .select_related("subject", "set_by")
        .prefetch_related("tiers")
        .order_by("subject__order", "phase", "created_at")
    )
    return {
        "school_class": school_class,
        "date": date,
        "items": items,
        "load": day_load(school_class, date),
        "previous_day": date - datetime.timedelta(days=1),
        "next_day": date + datetime.timedelta(days=1),
    }


@login_required
def class_day(request: ScopedRequest, class_pk: int, day: str) -> HttpResponse:
    ctx = _class_day(request, class_pk, day)
    ctx["response"] = (
        OverLimitResponse.objects.select_related("responded_by")
        .filter(school_class=ctx["school_class"], date=ctx["date"])
        .first()
    )
    ctx["can_respond"] = can_respond(request.scope, ctx["school_class"])
    if ctx["can_respond"] and ctx["load"].over:
        initial = (
            {"action": ctx["response"].action, "note": ctx["response"].note}
            if ctx["response"]
            else None
        )
        ctx["response_form"] = ResponseForm(initial=initial)
    ctx["overrides"] = list(
        LoadOverride.objects.filter(school_class=ctx["school_class"], date=ctx["date"])
        .select_related("assignment__subject", "recorded_by")
        .order_by("created_at")
    )
    return render(request, "homework/class_day.html", ctx)


@login_required
def class_day_notice(request: ScopedRequest, class_pk: int, day: str) -> HttpResponse:
    school_class = get_object_in_scope(request.scope.classes(), pk=class_pk)
    ctx = notice_context(school_class, parse_day(day))
    scope = request.scope
    ctx["can_link"] = scope.school_wide or school_class.pk in (
        scope.headed_class_ids | scope.led_class_ids
    )
    ctx["link"] = NoticeLink.objects.filter(
        school_class=school_class, date=ctx["date"], expires_on__gte=today()
    ).first()
    if ctx["link"]:
        ctx["link_url"] = request.build_absolute_uri(
            reverse("homework:public_notice", args=[ctx["link"].token])
        )
    return render(request, "homework/notice.html", ctx)
