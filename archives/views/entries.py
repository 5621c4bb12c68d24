"""Entries of the progress archive: observations, tutoring, discussions, summaries."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import submit
from core.http import redirect_next
from core.idempotency import create_once
from core.pagination import paginate
from school.models import today
from school.restricted import can_read_psychological_note, is_psychological_note
from school.scoping import ScopedRequest, get_object_in_scope
from students.access_log import What, record_access

from .. import services
from ..case_history import history_page
from ..forms import (
    ActionForm,
    DiscussionForm,
    ReviewForm,
    SummaryForm,
    TutoringForm,
)
from ..models import (
    AgreedAction,
    ArchiveSummary,
    CaseDiscussion,
    Correctable,
    Observation,
    PlannedDose,
    ProbePoint,
    SupportCase,
    TutoringSession,
)
from ..monitoring_forms import ProbeCorrectionForm
from ..photo_forms import ObservationPhotoForm
from ..photos import add_observation_photos
from ..restricted import note_context
from ..rules import require_change, require_correct_entry
from ..selectors import get_case, teachers_of_class
from .discussion_correct import discussion_correct


def _entry_form(
    request: ScopedRequest,
    case_pk: int,
    form_class: type[forms.BaseForm],
    title: str,
    save: Callable[..., object],
    initial: Callable[[SupportCase], dict] | None = None,
) -> HttpResponse:
    """An entry of the archive: ``save(case=, data=)`` calls the service and returns its entry."""
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    start = {"date": today(), **(initial(case) if initial else {})}
    form = form_class(request.POST or None, request.FILES or None, initial=start)
    if request.method == "POST" and form.is_valid():
        if submit(form, save, case=case, data=form.cleaned_data) is not None:
            messages.success(request, _("Saved to the archive."))
            return redirect_next(request, "archives:archive", case.pk)
    return render(
        request,
        "archives/entry_form.html",
        {"form": form, "title": title, "case": case},
    )


@login_required
@create_once
def observation_add(request: ScopedRequest, case_pk: int) -> HttpResponse:
    def save(*, case: SupportCase, data: dict) -> object:
        data = dict(data)
        photos = data.pop("photos", [])
        with transaction.atomic():
            obs = services.log_observation(case=case, by=request.user, **data)
            add_observation_photos(observation=obs, photos=photos, by=request.user)
        return obs

    return _entry_form(request, case_pk, ObservationPhotoForm, _("Log an observation"), save)


@login_required
@create_once
def tutoring_add(request: ScopedRequest, case_pk: int) -> HttpResponse:
    def save(*, case: SupportCase, data: dict) -> object:
        return services.add_tutoring(case=case, by=request.user, **data)

    def initial(case: SupportCase) -> dict:
        # The plan's minutes a session, else a usual short one-to-one session.
        planned = (
            PlannedDose.objects.filter(case=case, kind=PlannedDose.Kind.TUTORING)
            .values_list("minutes_per_session", flat=True)
            .first()
        )
        return {"minutes": planned or TutoringSession.DEFAULT_MINUTES}

    return _entry_form(request, case_pk, TutoringForm, _("One-to-one tutoring"), save, initial)


@login_required
@create_once
def summary_add(request: ScopedRequest, case_pk: int) -> HttpResponse:
    def save(*, case: SupportCase, data: dict) -> object:
        return services.add_summary(case=case, by=request.user, **data)

    return _entry_form(request, case_pk, SummaryForm, _("Periodic summary"), save)


MAX_ACTIONS = 30
ACTION_KEY = re.compile(r"^action-(\d+)-description$")


def action_row_count(request: ScopedRequest) -> int:
    """Rows of new actions: two to start, ?actions=N (no script), or as many as were posted."""
    posted = [int(m.group(1)) + 1 for k in request.POST if (m := ACTION_KEY.match(k))]
    asked = request.GET.get("actions", "")
    wanted = int(asked) if asked.isdigit() else 0
    return min(max(2, wanted, *posted), MAX_ACTIONS)


def _discussion_forms(request: ScopedRequest, case: SupportCase) -> tuple:
    """The discussion, its new agreed actions (any number), and a review per open action."""
    teachers = teachers_of_class(request.scope, case.student.school_class_id)
    post = request.POST or None
    form = DiscussionForm(post, teachers=teachers, initial={"date": today()})
    action_forms = [
        ActionForm(post, teachers=teachers, prefix=f"action-{i}")
        for i in range(action_row_count(request))
    ]
    open_actions = (
        AgreedAction.objects.filter(
            discussion__case=case, discussion__deleted_at__isnull=True, review=""
        )
        .select_related("owner", "discussion", "done_by")
        .order_by("due_on")
    )
    review_forms = [(a, ReviewForm(post, prefix=f"review-{a.pk}")) for a in open_actions]
    return form, action_forms, review_forms


@login_required
@create_once
def discussion_add(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    form, action_forms, review_forms = _discussion_forms(request, case)
    if request.method == "POST" and all(
        f.is_valid() for f in [form, *action_forms, *(r for _a, r in review_forms)]
    ):
        actions = [
            {key: f.cleaned_data[key] for key in ("description", "owner", "due_on")}
            for f in action_forms
            if f.cleaned_data.get("description")
        ]
        reviews = {
            a.pk: (r.cleaned_data["review"], r.cleaned_data["review_note"]) for a, r in review_forms
        }
        saved = submit(
            form,
            services.add_discussion,
            case=case,
            by=request.user,
            date=form.cleaned_data["date"],
            participants=form.cleaned_data["participants"],
            ideas=form.cleaned_data["ideas"],
            actions=actions,
            reviews=reviews,
        )
        if saved is not None:
            messages.success(request, _("Discussion saved to the archive."))
            return redirect("archives:archive", case_pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "action_forms": action_forms,
        "empty_action": ActionForm(
            teachers=form.fields["participants"].queryset, prefix="action-__prefix__"
        ),
        "review_forms": review_forms,
    }
    return render(request, "archives/discussion_form.html", context)


# ---- correcting, withdrawing and restoring any entry ---------------------------------


EntryModel = (
    type[Observation]
    | type[TutoringSession]
    | type[CaseDiscussion]
    | type[ArchiveSummary]
    | type[ProbePoint]
)


@dataclass(frozen=True)
class EntryKind:
    """How one kind of entry is corrected: its model, its form and the fields its history shows."""

    model: EntryModel
    form: type[forms.BaseForm]
    title: str | Promise
    fields: list[str]


KINDS = {
    "observation": EntryKind(
        Observation,
        ObservationPhotoForm,
        gettext_lazy("Correct an observation"),
        ["date", "kind", "rating", "score_percent", "note"],
    ),
    "tutoring": EntryKind(
        TutoringSession,
        TutoringForm,
        gettext_lazy("Correct a tutoring session"),
        ["date", "minutes", "content", "result", "rating"],
    ),
    "discussion": EntryKind(
        CaseDiscussion,
        DiscussionForm,
        gettext_lazy("Correct a case discussion"),
        ["date", "ideas"],
    ),
    "summary": EntryKind(
        ArchiveSummary,
        SummaryForm,
        gettext_lazy("Correct a periodic summary"),
        ["date", "period_start", "period_end", "text"],
    ),
    "probe": EntryKind(
        ProbePoint, ProbeCorrectionForm, gettext_lazy("Correct a probe"), ["date", "value", "note"]
    ),
}


def _entry(request: ScopedRequest, kind: str, kwargs: dict) -> Correctable:
    """The entry named by ``<kind>_pk``: a 404 outside the user's scope."""
    model = KINDS[kind].model
    return get_object_in_scope(model.objects.visible_to(request.scope), pk=kwargs[f"{kind}_pk"])


def _form(request: ScopedRequest, kind: str, entry: Correctable) -> forms.BaseForm:
    post = request.POST or None
    if isinstance(entry, CaseDiscussion):
        teachers = teachers_of_class(request.scope, entry.case.student.school_class_id)
        initial = {
            "date": entry.date,
            "ideas": entry.ideas,
            "participants": list(entry.participants.all()),
        }
        return DiscussionForm(post, teachers=teachers, initial=initial)
    return KINDS[kind].form(post, request.FILES or None, instance=entry)  # type: ignore[call-arg]


@login_required
def entry_edit(request: ScopedRequest, kind: str, **pk: int) -> HttpResponse:
    entry = _entry(request, kind, pk)
    if entry.is_deleted:
        raise Http404
    require_correct_entry(request.user, entry)
    if isinstance(entry, CaseDiscussion):
        return discussion_correct(request, entry)
    form = _form(request, kind, entry)
    if request.method == "POST" and form.is_valid():
        # A model form has written the input onto ``entry``: the service gets a fresh copy.
        fresh = KINDS[kind].model.objects.get(pk=entry.pk)
        if submit(form, _correct, entry=fresh, by=request.user, **form.cleaned_data):
            messages.success(request, _("Entry corrected."))
            return redirect_next(request, "archives:archive", entry.case_id)  # type: ignore[attr-defined]
    context = {"form": form, "title": KINDS[kind].title, "case": entry.case}  # type: ignore[attr-defined]
    if isinstance(entry, Observation):
        context["photos"] = list(entry.photos.live())
        context["photos_removable"] = True
    return render(request, "archives/entry_form.html", context)


@transaction.atomic
def _correct(*, entry: Correctable, by, photos: list | None = None, **data) -> Correctable:
    """Correct the entry and attach the new photos of an observation: both or neither."""
    corrected = services.correct_entry(entry=entry, by=by, **data)
    if isinstance(entry, Observation) and photos:
        add_observation_photos(observation=entry, photos=photos, by=by)
    return corrected


@login_required
@require_POST
def entry_withdrawal(
    request: ScopedRequest, kind: str, undo: bool = False, **pk: int
) -> HttpResponse:
    """Withdraw an entry (soft), or with ``undo`` restore it."""
    entry = _entry(request, kind, pk)
    (services.restore_entry if undo else services.withdraw_entry)(entry=entry, by=request.user)
    done = _("Entry restored.") if undo else _("Entry withdrawn. You can undo this below.")
    messages.success(request, done)
    return redirect("archives:archive", case_pk=entry.case_id)  # type: ignore[attr-defined]


@login_required
def entry_history(request: ScopedRequest, kind: str, **pk: int) -> HttpResponse:
    """Every version of one entry: who, when, and each field before → after."""
    entry = _entry(request, kind, pk)
    case = entry.case  # type: ignore[attr-defined]
    # Every text of a psychological-pressure case's archive is restricted, its history too.
    if is_psychological_note(case):
        if not can_read_psychological_note(request.scope, case.student.school_class_id):
            raise PermissionDenied
        record_access(request, students=case.student_id, what=What.PSYCHOLOGICAL)
    return history_page(
        request,
        entry=entry,
        fields=KINDS[kind].fields,
        title=KINDS[kind].model._meta.verbose_name,
        back=reverse("archives:archive", args=[case.pk]),
        back_label=f"{case.student.shown_name} · {case.subject}",
    )


@login_required
def observation_history(request: ScopedRequest, case_pk: int) -> HttpResponse:
    """Every version of every observation of the archive: who, when, before and after."""
    case = get_case(request, case_pk)
    records = (
        Observation.history.filter(case_id=case.pk)
        .select_related("history_user")
        .order_by("-history_date")
    )
    page = paginate(request, records)
    notes = note_context(request.scope, case)
    if notes["notes_visible"] and notes["notes_restricted"] and any(h.note for h in page):
        record_access(request, students=case.student_id, what=What.PSYCHOLOGICAL)
    return render(request, "archives/history.html", {"case": case, "page": page, **notes})
