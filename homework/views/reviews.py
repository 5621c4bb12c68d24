"""Homework reviews and the review groups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagination import paginate
from school.models import today
from school.scoping import ScopedRequest, get_object_in_scope

from .. import forms, rules, selectors, services
from ..models import HomeworkReview, ReviewGroupMember
from .common import assignment_in_scope


@login_required
def review_create(request: ScopedRequest, assignment_pk: int) -> HttpResponse:
    assignment = assignment_in_scope(request, assignment_pk)
    if not rules.can_review(request.scope, assignment):
        raise PermissionDenied
    review = HomeworkReview.objects.filter(assignment=assignment, reviewer=request.user).first()
    review = review or HomeworkReview(assignment=assignment, reviewer=request.user)
    form = forms.HomeworkReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        services.record_review(review=form.instance)
        messages.success(request, _("Review saved."))
        return redirect("homework:detail", assignment_pk=assignment.pk)
    return render(
        request,
        "homework/review_form.html",
        {"form": form, "assignment": assignment, "tiers": assignment.tiers.all()},
    )


@login_required
def review_list(request: ScopedRequest) -> HttpResponse:
    """Reviews of my homework, and the ones I wrote; reviewers also get a sample to review."""
    scope = request.scope
    reviews = HomeworkReview.objects.visible_to(scope).select_related(
        "reviewer", "assignment__school_class__grade", "assignment__subject"
    )
    page = paginate(request, reviews)
    reviewing = rules.review_subject_ids(scope)
    sample = selectors.review_sample(scope, reviewing=reviewing, today=today())
    coverage = selectors.review_coverage(scope, reviewing=reviewing)
    return render(
        request,
        "homework/review_list.html",
        {
            "page": page,
            "sample": sample,
            "coverage": coverage,
            "reviewed_count": sum(1 for c in coverage if c["reviews"]),
        },
    )


@login_required
def review_group(request: ScopedRequest) -> HttpResponse:
    """The homework review groups: academic directors pick backbone teachers for their subject."""
    scope = request.scope
    if not rules.can_manage_review_groups(scope):
        raise PermissionDenied
    subjects = selectors.review_group_subjects(scope)
    form = forms.ReviewGroupMemberForm(request.POST or None, subjects=subjects)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Added to the review group."))
        return redirect("homework:review_group")
    members = (
        ReviewGroupMember.objects.filter(subject__in=subjects)
        .select_related("subject", "teacher")
        .order_by("subject__order", "teacher__full_name", "pk")
    )
    return render(
        request,
        "homework/review_group.html",
        {"form": form, "page": paginate(request, members)},
    )


@login_required
@require_POST
def review_group_remove(request: ScopedRequest, member_pk: int) -> HttpResponse:
    members = ReviewGroupMember.objects.filter(
        subject__in=selectors.review_group_subjects(request.scope)
    )
    member = get_object_in_scope(members, pk=member_pk)
    member.delete()
    messages.success(request, _("Removed from the review group."))
    return redirect("homework:review_group")
