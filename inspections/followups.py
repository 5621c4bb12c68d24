"""Follow-up items (整改): problems found become items with an owner and a due date; the
owner marks them done; the next round and the report show each one as done or not."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.http import safe_next
from school import dates
from school.forms import DateInput
from school.scoping import ScopedRequest, get_object_in_scope

from . import rules
from .models import FollowUpItem, InspectionRound
from .selectors import get_round


class FollowUpForm(forms.Form):
    problem = forms.CharField(label=gettext_lazy("Problem found"), max_length=300)
    action = forms.CharField(label=gettext_lazy("What to do"), max_length=300, required=False)
    due = forms.DateField(label=gettext_lazy("Due date"), widget=DateInput())


@transaction.atomic
def add_follow_up(
    *, inspection_round: InspectionRound, teacher, problem: str, action: str, due, user
) -> FollowUpItem:
    """A follow-up for the teacher (its owner), due within the round's term."""
    if inspection_round.is_finalized:
        raise ValidationError(_("This round is finalized and can no longer be changed."))
    dates.check_in_term(due, inspection_round.term, field="due", not_after_today=False)
    item = FollowUpItem(
        round=inspection_round,
        teacher=teacher,
        owner=teacher,
        problem=problem.strip(),
        action=action.strip(),
        due=due,
        created_by=user,
    )
    item.full_clean()
    item.save()
    return item


def earlier_follow_ups(inspection_round: InspectionRound, teacher) -> list[FollowUpItem]:
    """The teacher's follow-ups from earlier rounds: what this round checks."""
    return list(
        FollowUpItem.objects.filter(teacher=teacher, round__due__lt=inspection_round.due)
        .exclude(round=inspection_round)
        .select_related("round__term")
        .order_by("done_at", "due", "pk")
    )


@login_required
@require_POST
def follow_up_add(request: ScopedRequest, round_pk: int, teacher_pk: int) -> HttpResponse:
    scope = request.scope
    inspection_round = get_round(scope, round_pk)
    teacher = get_object_in_scope(rules.teachers_visible(scope, inspection_round), pk=teacher_pk)
    if not (
        rules.can_score(scope, inspection_round, teacher)
        or rules.can_manage_round(scope, inspection_round)
    ):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            add_follow_up(
                inspection_round=inspection_round,
                teacher=teacher,
                problem=form.cleaned_data["problem"],
                action=form.cleaned_data["action"],
                due=form.cleaned_data["due"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Follow-up item added."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    return redirect("inspections:inspect", round_pk=inspection_round.pk, teacher_pk=teacher.pk)


@login_required
@require_POST
def follow_up_done(request: ScopedRequest, follow_up_pk: int) -> HttpResponse:
    """The owner marks their follow-up done, with what was done."""
    item = get_object_in_scope(FollowUpItem.objects.filter(owner=request.user), pk=follow_up_pk)
    if item.done_at is None:
        item.done_at = timezone.now()
        item.done_note = request.POST.get("done_note", "").strip()[:300]
        item.full_clean()
        item.save()
        messages.success(request, _("Follow-up marked done."))
    return redirect(safe_next(request, "dashboard"))
