"""The grade leader on an over-limit day, and the parents' read-only notice link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import submit
from school.models import SchoolClass, today
from school.scoping import ScopedRequest, get_object_in_scope

from .. import services
from ..models import NoticeLink, OverLimitResponse
from .common import parse_day
from .notice import grade_notices, notice_context


class ResponseForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=OverLimitResponse.Action.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the teachers (what to cut)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


def can_respond(scope, school_class: SchoolClass) -> bool:
    """The class's grade leader (or a school leader) answers an over-limit day."""
    return scope.school_wide or school_class.pk in scope.led_class_ids


def _classes(scope, ids):
    classes = SchoolClass.objects.select_related("grade")
    return classes if scope.school_wide else classes.filter(pk__in=ids)


@login_required
@require_POST
def respond(request: ScopedRequest, class_pk: int, day: str) -> HttpResponse:
    scope = request.scope
    # Only the grade's leader answers: any other class is a 404.
    school_class = get_object_in_scope(_classes(scope, scope.led_class_ids), pk=class_pk)
    date = parse_day(day)
    form = ResponseForm(request.POST)
    back = reverse("homework:class_day", args=[school_class.pk, date.isoformat()])
    if form.is_valid():
        saved = submit(
            form,
            services.respond_to_over_limit,
            school_class=school_class,
            date=date,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        if saved is not None:
            messages.success(request, _("Your answer is saved; the teachers see it."))
            return redirect(back)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))
    return redirect(back)


@login_required
@require_POST
def make_notice_link(request: ScopedRequest, class_pk: int, day: str) -> HttpResponse:
    """The head teacher (or the grade leader) makes the link for the parents' group."""
    scope = request.scope
    school_class = get_object_in_scope(
        _classes(scope, scope.headed_class_ids | scope.led_class_ids), pk=class_pk
    )
    date = parse_day(day)
    services.notice_link(school_class=school_class, date=date, user=request.user)
    return redirect("homework:notice", school_class.pk, date.isoformat())


def public_notice(request, token: str) -> HttpResponse:
    """What parents read from the link: the day's homework and minutes, no student."""
    link = (
        NoticeLink.objects.select_related("school_class__grade")
        .filter(token=token[:64], expires_on__gte=today())
        .first()
    )
    if link is None:
        raise Http404
    context = notice_context(link.school_class, link.date)
    context |= {"public": True, "link": link}
    return render(request, "homework/notice_public.html", context)


@login_required
def day_notice(request: ScopedRequest) -> HttpResponse:
    """One daily notice for a grade (``?grade=``) or for the whole school: every class's
    homework that counts, its total, and the work done in class listed apart."""
    scope = request.scope
    date = parse_day(request.GET.get("day", "") or today().isoformat())
    classes = scope.classes().select_related("grade").filter(is_active=True)
    grade_id = request.GET.get("grade", "")
    grade = None
    if grade_id.isdigit():
        classes = classes.filter(grade_id=int(grade_id))
        first = classes.first()
        if first is None:
            raise Http404
        grade = first.grade
    ordered = list(classes.order_by("grade__level", "number"))
    return render(
        request,
        "homework/day_notice.html",
        {"date": date, "grade": grade, "notices": grade_notices(ordered, date)},
    )
