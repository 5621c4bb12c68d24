"""Correcting a discussion: its date, participants and ideas, and its agreed actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import submit
from school import dates
from school.models import User
from school.scoping import ScopedRequest

from ..discussion_services import correct_discussion
from ..forms import ActionForm, DiscussionForm
from ..models import CaseDiscussion
from ..selectors import teachers_of_class


class ActionCorrectionForm(ActionForm):
    """One agreed action of the discussion being corrected: all three fields needed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True

    def check_due(self, discussion_date) -> None:
        """The due date against the (corrected) discussion date, next to the field."""
        try:
            dates.check_action_due(self.cleaned_data.get("due_on"), discussion_date)
        except ValidationError as error:
            self.add_error("due_on", error.message_dict["due_on"])


def discussion_correct(request: ScopedRequest, discussion: CaseDiscussion) -> HttpResponse:
    """The discussion's form and one row per agreed action; one save corrects them all."""
    post = request.POST or None
    teachers = teachers_of_class(request.scope, discussion.case.student.school_class_id)
    form = DiscussionForm(
        post,
        teachers=teachers,
        initial={
            "date": discussion.date,
            "ideas": discussion.ideas,
            "participants": list(discussion.participants.all()),
        },
    )
    actions = list(discussion.actions.select_related("owner").order_by("pk"))
    teacher_ids = list(teachers.values_list("pk", flat=True)) if actions else []
    action_forms = [
        (
            action,
            ActionCorrectionForm(
                post,
                # The owner stays choosable even if no longer one of the class's teachers.
                teachers=_owners(teacher_ids, action.owner_id),
                prefix=f"action-{action.pk}",
                initial={
                    "description": action.description,
                    "owner": action.owner,
                    "due_on": action.due_on,
                },
            ),
        )
        for action in actions
    ]
    if request.method == "POST" and all(
        [form.is_valid(), *(f.is_valid() for _a, f in action_forms)]
    ):
        for _a, f in action_forms:
            f.check_due(form.cleaned_data["date"])
        if not any(f.errors for _a, f in action_forms):
            fresh = CaseDiscussion.objects.get(pk=discussion.pk)
            done = submit(
                form,
                correct_discussion,
                entry=fresh,
                by=request.user,
                actions={a.pk: dict(f.cleaned_data) for a, f in action_forms},
                **form.cleaned_data,
            )
            if done is not None:
                messages.success(request, _("Entry corrected."))
                return redirect("archives:archive", case_pk=discussion.case_id)
    context = {
        "form": form,
        "action_forms": action_forms,
        "title": TITLE,
        "case": discussion.case,
    }
    return render(request, "archives/discussion_correct.html", context)


TITLE = gettext_lazy("Correct a case discussion")


def _owners(teacher_ids: list[int], owner_id: int) -> QuerySet[User]:
    return User.objects.filter(pk__in=[*teacher_ids, owner_id])
