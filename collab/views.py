"""Team meetings (帮扶会商): open one from a built agenda, run it on one page, print and
export the recap, which is saved into each student's archive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import submit
from core.idempotency import create_once
from core.pagination import paginate
from core.plugins import Sheet
from core.xlsx import workbook_bytes, xlsx_response
from school.models import Grade, Subject, today
from school.scoping import ScopedRequest, get_object_in_scope

from . import agenda, services
from .forms import ItemForm, MeetingForm, RunForm
from .models import MeetingAction, MeetingItem, TeamMeeting
from .recap import join_reasons, recap_rows
from .selectors import meeting_teachers, summaries


def _may_open_any(scope) -> bool:
    return bool(
        scope.school_wide
        or scope.headed_class_ids
        or scope.directed_subject_ids
        or scope.led_grade_ids
    )


@login_required
def meeting_list(request: ScopedRequest) -> HttpResponse:
    meetings = TeamMeeting.objects.visible_to(request.scope)
    if request.scope.term is not None:
        meetings = meetings.filter(term=request.scope.term)
    page = paginate(request, meetings)
    return render(
        request,
        "collab/meeting_list.html",
        {"page": page, "may_open": _may_open_any(request.scope)},
    )


@login_required
@create_once
def meeting_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    if not _may_open_any(scope):
        raise PermissionDenied
    classes = (
        scope.classes().filter(pk__in=scope.headed_class_ids)
        if not scope.school_wide
        else scope.classes()
    )
    grades = (
        Grade.objects.all()
        if scope.school_wide
        else Grade.objects.filter(pk__in=scope.led_grade_ids)
    )
    if scope.directed_subject_ids and not scope.school_wide:
        grades = Grade.objects.all()
    subjects = (
        Subject.objects.all()
        if scope.school_wide
        else Subject.objects.filter(pk__in=scope.directed_subject_ids)
    )
    initial: dict[str, object] = {
        "date": today(),
        "kind": TeamMeeting.Kind.CLASS if scope.headed_class_ids else TeamMeeting.Kind.SUBJECT,
    }
    if len(scope.headed_class_ids) == 1:
        initial["school_class"] = next(iter(scope.headed_class_ids))
    form = MeetingForm(
        request.POST or None, classes=classes, grades=grades, subjects=subjects, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not services.can_open(
            scope,
            kind=data["kind"],
            school_class=data["school_class"],
            grade=data["grade"],
            subject=data["subject"],
        ):
            form.add_error(None, _("You may not open a meeting for this group."))
        else:
            meeting = submit(form, services.open_meeting, scope=scope, **data)
            if meeting is not None:
                messages.success(
                    request,
                    _("Meeting opened: %(n)d students on the agenda.")
                    % {"n": meeting.items.count()},
                )
                return redirect("collab:meeting", meeting_pk=meeting.pk)
    return render(request, "collab/meeting_form.html", {"form": form})


def _get_meeting(request: ScopedRequest, meeting_pk: int) -> TeamMeeting:
    return get_object_in_scope(TeamMeeting.objects.visible_to(request.scope), pk=meeting_pk)


def _items(request: ScopedRequest, meeting: TeamMeeting) -> list[MeetingItem]:
    """The items whose student the user may see (a case outside the scope stays hidden)."""
    scope = request.scope
    items = list(
        meeting.items.select_related(
            "student__school_class__grade", "case__subject", "case__student__school_class"
        ).prefetch_related(
            Prefetch("actions", MeetingAction.objects.select_related("owner", "agreed_action"))
        )
    )
    return [
        i
        for i in items
        if scope.can_see_class(i.student.school_class_id)
        and (
            i.case is None
            or scope.can_see_record(i.case.student.school_class_id, i.case.subject_id)
        )
    ]


@login_required
def meeting_detail(request: ScopedRequest, meeting_pk: int) -> HttpResponse:
    """The meeting on one page: attendance, and per student the summary, a decision,
    new actions with owners, and a status change if agreed."""
    scope = request.scope
    meeting = _get_meeting(request, meeting_pk)
    runs = services.can_run(scope, meeting) and not meeting.is_recorded
    items = _items(request, meeting)
    teachers = meeting_teachers(meeting)
    teacher_list = list(teachers)
    on_agenda = {i.student_id for i in items if not i.removed}
    post = request.POST if request.method == "POST" and runs else None
    run_form = RunForm(
        post,
        teachers=teachers,
        students=agenda.meeting_students(meeting, scope).exclude(pk__in=on_agenda),
        initial={"attendees": list(meeting.attendees.all()), "notes": meeting.notes},
    )
    item_forms = [
        (
            item,
            ItemForm(
                post,
                teachers=teacher_list,
                prefix=f"item-{item.pk}",
                initial={
                    "decision": item.decision,
                    "new_status": item.new_status,
                    "remove": item.removed,
                },
            ),
        )
        for item in items
    ]
    if post is not None and all([run_form.is_valid(), *(f.is_valid() for _i, f in item_forms)]):
        saved = submit(
            run_form,
            services.save_meeting,
            meeting=meeting,
            scope=scope,
            attendees=run_form.cleaned_data["attendees"],
            notes=run_form.cleaned_data["notes"],
            items={i.pk: f.cleaned_data for i, f in item_forms},
            add_student=run_form.cleaned_data["add_student"],
        )
        if saved is not None and "record" in request.POST:
            saved = submit(run_form, services.record_recap, meeting=meeting, scope=scope)
            if saved is not None:
                messages.success(request, _("Recap saved into each student's archive."))
                return redirect("collab:recap", meeting_pk=meeting.pk)
        elif saved is not None:
            messages.success(request, _("Meeting saved."))
            return redirect("collab:meeting", meeting_pk=meeting.pk)
    return render(
        request,
        "collab/meeting_detail.html",
        {
            "meeting": meeting,
            "runs": runs,
            "run_form": run_form,
            "item_forms": item_forms,
            "summaries": summaries(scope, items),
            "today": today(),
        },
    )


def _recap_context(request: ScopedRequest, meeting_pk: int) -> dict:
    meeting = _get_meeting(request, meeting_pk)
    return {
        "meeting": meeting,
        "rows": recap_rows(meeting, _items(request, meeting)),
        "attendees": list(meeting.attendees.order_by("full_name")),
    }


@login_required
def meeting_recap(request: ScopedRequest, meeting_pk: int) -> HttpResponse:
    """The recap, printable: per student who gets what support from whom, until when."""
    return render(request, "collab/recap.html", _recap_context(request, meeting_pk))


@login_required
def meeting_recap_xlsx(request: ScopedRequest, meeting_pk: int) -> HttpResponse:
    ctx = _recap_context(request, meeting_pk)
    meeting = ctx["meeting"]
    rows = []
    for row in ctx["rows"]:
        item = row.item
        actions = list(item.actions.all()) or [None]
        for action in actions:
            rows.append(
                [
                    str(item.student.school_class),
                    item.student.shown_name,
                    str(item.case.subject) if item.case else "",
                    join_reasons(item),
                    item.decision,
                    item.get_new_status_display() if item.new_status else "",
                    action.description if action else "",
                    str(action.owner) if action else "",
                    action.due_on if action else None,
                ]
            )
    sheet = Sheet(
        title=_("Meeting recap"),
        headers=[
            _("class"),
            _("student"),
            _("subject"),
            _("on the agenda because"),
            _("decision"),
            _("status agreed"),
            _("action"),
            _("owner"),
            _("due date"),
        ],
        rows=rows,
        widths=[14, 10, 8, 40, 30, 10, 30, 10, 12],
    )
    name = f"{_('Meeting recap')} {meeting.date:%Y-%m-%d}.xlsx"
    return xlsx_response(workbook_bytes([sheet]), name)
