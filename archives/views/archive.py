"""The progress archive: timeline and chart, logging (one entry or a lesson's batch),
printable page and .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import redirect_next
from core.pagination import paginate
from core.plugins import collect
from core.xlsx import Sheet, workbook_bytes, xlsx_response
from school.models import Subject, today
from school.scoping import get_object_in_scope

from .. import chart, services
from ..forms import (
    ActionForm,
    DiscussionForm,
    LessonForm,
    LessonRowForm,
    ObservationForm,
    ReviewForm,
    SummaryForm,
    TutoringForm,
)
from ..models import AgreedAction, CaseMeasure, Observation, SupportCase
from ..rules import require_change
from ..selectors import get_case, teachers_of_class


def timeline(request: HttpRequest, case: SupportCase) -> list:
    """Every app's entries for the case's student × subject × term, newest first."""
    entries = collect(
        "timeline",
        "entries",
        scope=request.scope,
        student=case.student,
        subject=case.subject,
        term=case.term,
    )
    return sorted(
        entries,
        key=lambda e: (e.date, e.created_at.timestamp() if e.created_at else 0),
        reverse=True,
    )


def _case_with_activity(request: HttpRequest, case_pk: int) -> SupportCase:
    case = get_case(request, case_pk)
    case = (
        SupportCase.objects.filter(pk=case.pk)
        .with_last_entry()
        .select_related("student__school_class__grade", "subject", "term", "identified_by")
        .get()
    )
    case.stale = case.is_stale()
    return case


TIMELINE_SHOWN = 60


@login_required
def archive(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case_with_activity(request, case_pk)
    entries = timeline(request, case)
    can_change = request.scope.can_change_record(case.student.school_class_id, case.subject_id)
    deleted = Observation.objects.filter(case=case, deleted_at__isnull=False).select_related(
        "deleted_by"
    )
    if not request.user.is_school_leader:
        deleted = deleted.filter(author=request.user)
    # A term of daily logging is hundreds of entries: the page shows the most recent
    # ones (the chart still draws them all), and every entry on request.
    shown = entries if request.GET.get("all") else entries[:TIMELINE_SHOWN]
    return render(
        request,
        "archives/archive.html",
        {
            "case": case,
            "entries": shown,
            "hidden_count": len(entries) - len(shown),
            "chart": chart.build(entries, case.term.start, min(case.term.end, today())),
            "can_change": can_change,
            "form": ObservationForm(initial={"date": today(), "kind": "classroom"}),
            "deleted": deleted[:10],
        },
    )


def _entry_form(request, case_pk, form_class, title, save):
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    form = form_class(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        try:
            save(case, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved to the archive."))
            return redirect_next(request, "archives:archive", case.pk)
    return render(
        request,
        "archives/entry_form.html",
        {"form": form, "title": title, "case": case},
    )


@login_required
def observation_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    def save(case, data):
        services.log_observation(case=case, by=request.user, **data)

    return _entry_form(request, case_pk, ObservationForm, _("Log an observation"), save)


@login_required
def tutoring_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    def save(case, data):
        services.add_tutoring(case=case, by=request.user, **data)

    return _entry_form(request, case_pk, TutoringForm, _("One-to-one tutoring"), save)


@login_required
def summary_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    def save(case, data):
        services.add_summary(case=case, by=request.user, **data)

    return _entry_form(request, case_pk, SummaryForm, _("Periodic summary"), save)


@login_required
def discussion_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    teachers = teachers_of_class(request.scope, case.student.school_class_id)
    post = request.POST or None
    form = DiscussionForm(post, teachers=teachers, initial={"date": today()})
    action_forms = [ActionForm(post, teachers=teachers, prefix=f"action-{i}") for i in range(3)]
    open_actions = list(
        AgreedAction.objects.filter(discussion__case=case, review="")
        .select_related("owner", "discussion")
        .order_by("due_on")
    )
    review_forms = [(a, ReviewForm(post, prefix=f"review-{a.pk}")) for a in open_actions]
    if request.method == "POST" and all(
        f.is_valid() for f in [form, *action_forms, *(r for _a, r in review_forms)]
    ):
        actions = [
            {
                "description": f.cleaned_data["description"],
                "owner": f.cleaned_data["owner"],
                "due_on": f.cleaned_data["due_on"],
            }
            for f in action_forms
            if f.cleaned_data.get("description")
        ]
        reviews = {
            a.pk: (r.cleaned_data["review"], r.cleaned_data["review_note"]) for a, r in review_forms
        }
        try:
            services.add_discussion(
                case=case,
                by=request.user,
                date=form.cleaned_data["date"],
                participants=form.cleaned_data["participants"],
                ideas=form.cleaned_data["ideas"],
                actions=actions,
                reviews=reviews,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Discussion saved to the archive."))
            return redirect("archives:archive", case_pk=case.pk)
    return render(
        request,
        "archives/discussion_form.html",
        {
            "case": case,
            "form": form,
            "action_forms": action_forms,
            "review_forms": review_forms,
        },
    )


def _observation(request: HttpRequest, observation_pk: int) -> Observation:
    return get_object_in_scope(
        request.scope.records(
            Observation.objects.select_related("case"),
            class_field="case__student__school_class",
            subject_field="case__subject",
        ),
        pk=observation_pk,
    )


@login_required
def observation_edit(request: HttpRequest, observation_pk: int) -> HttpResponse:
    obs = _observation(request, observation_pk)
    if obs.is_deleted or not services.can_delete(obs, request.user):
        raise Http404
    form = ObservationForm(request.POST or None, instance=obs)
    if request.method == "POST" and form.is_valid():
        services.change_observation(
            observation=Observation.objects.get(pk=obs.pk), by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Observation corrected."))
        return redirect("archives:archive", case_pk=obs.case_id)
    return render(
        request,
        "archives/entry_form.html",
        {"form": form, "title": _("Correct an observation"), "case": obs.case},
    )


@login_required
@require_POST
def observation_delete(request: HttpRequest, observation_pk: int) -> HttpResponse:
    obs = _observation(request, observation_pk)
    try:
        services.delete_observation(observation=obs, by=request.user)
    except PermissionDenied:
        messages.error(request, _("Only its author or an administrator can delete an entry."))
    else:
        messages.success(request, _("Observation deleted. You can undo this below."))
    return redirect("archives:archive", case_pk=obs.case_id)


@login_required
@require_POST
def observation_restore(request: HttpRequest, observation_pk: int) -> HttpResponse:
    obs = _observation(request, observation_pk)
    try:
        services.restore_observation(observation=obs, by=request.user)
    except PermissionDenied:
        messages.error(request, _("Only its author or an administrator can undo a deletion."))
    else:
        messages.success(request, _("Observation restored."))
    return redirect("archives:archive", case_pk=obs.case_id)


@login_required
def observation_history(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Every version of every observation of the archive: who, when, before and after."""
    case = get_case(request, case_pk)
    records = (
        Observation.history.filter(case_id=case.pk)
        .select_related("history_user")
        .order_by("-history_date")
    )
    page = paginate(request, records)
    return render(request, "archives/history.html", {"case": case, "page": page})


# ---- a lesson's observations at once ------------------------------------------------


@login_required
def lesson_log(request: HttpRequest, class_pk: int, subject_pk: int) -> HttpResponse:
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    subject = get_object_in_scope(Subject.objects.all(), pk=subject_pk)
    if not scope.can_change_record(school_class.pk, subject.pk):
        raise Http404
    cases = list(
        SupportCase.objects.open()
        .filter(term=scope.term, student__school_class=school_class, subject=subject)
        .with_last_entry()
        .select_related("student")
        .order_by("student__student_number")
    )
    for case in cases:
        case.stale = case.is_stale()
    post = request.POST or None
    lesson = LessonForm(post, initial={"date": today(), "kind": "classroom"})
    rows = [(case, LessonRowForm(post, prefix=f"row-{case.pk}")) for case in cases]
    no_rows_error = ""
    if request.method == "POST":
        filled = [(case, f) for case, f in rows if f.is_filled]
        valid = lesson.is_valid() & all([f.is_valid() for _c, f in rows])
        if valid and not filled:
            no_rows_error = _("Fill in at least one student's row.")
        elif valid:
            saved = services.log_lesson(
                by=request.user,
                date=lesson.cleaned_data["date"],
                kind=lesson.cleaned_data["kind"],
                rows=[
                    {
                        "case": case,
                        "rating": f.cleaned_data["rating"],
                        "note": f.cleaned_data["note"],
                    }
                    for case, f in filled
                ],
            )
            messages.success(
                request,
                _("%(n)d observations saved for %(cls)s · %(subject)s.")
                % {"n": len(saved), "cls": school_class, "subject": subject},
            )
            return redirect("archives:lesson_log", class_pk=class_pk, subject_pk=subject_pk)
        else:
            no_rows_error = _("Nothing was saved: correct the rows marked below.")
    return render(
        request,
        "archives/lesson_log.html",
        {
            "school_class": school_class,
            "subject": subject,
            "lesson": lesson,
            "rows": rows,
            "error": no_rows_error,
        },
    )


# ---- printable page and workbook ------------------------------------------------------


def _paper_context(request: HttpRequest, case_pk: int) -> dict:
    case = _case_with_activity(request, case_pk)
    case = (
        SupportCase.objects.filter(pk=case.pk)
        .select_related("student__school_class__grade", "subject", "term", "identified_by")
        .prefetch_related(
            "responsible_teachers",
            "evidence",
            "goals",
            Prefetch("measures", CaseMeasure.objects.select_related("measure")),
        )
        .get()
    )
    entries = timeline(request, case)
    own = {"observation", "tutoring", "discussion", "summary"}
    return {
        "case": case,
        "entries": entries,
        "observations": [e for e in entries if e.kind == "observation"],
        "tutoring": [e for e in entries if e.kind == "tutoring"],
        "discussions": [e for e in entries if e.kind == "discussion"],
        "summaries": [e for e in entries if e.kind == "summary"],
        "family": [e for e in entries if e.kind.startswith("family")],
        "others": [e for e in entries if e.kind not in own and not e.kind.startswith("family")],
        "printed_on": today(),
    }


@login_required
def archive_print(request: HttpRequest, case_pk: int) -> HttpResponse:
    return render(request, "archives/print.html", _paper_context(request, case_pk))


@login_required
def archive_xlsx(request: HttpRequest, case_pk: int) -> HttpResponse:
    ctx = _paper_context(request, case_pk)
    case = ctx["case"]
    s = case.student
    info = [
        (_("Name"), s.name),
        (_("Student number"), s.student_number),
        (_("Class"), str(s.school_class)),
        (_("Gender"), s.get_gender_display()),
        (_("Subject"), str(case.subject)),
        (_("Term"), str(case.term)),
        (_("Status"), case.get_status_display()),
        (_("Identified on"), case.identified_on),
        (_("Identified by"), str(case.identified_by)),
        (_("Responsible teachers"), "、".join(str(t) for t in case.responsible_teachers.all())),
        (_("Primary causes"), "、".join(case.causes)),
        (_("Type"), case.get_difficulty_type_display()),
        (_("How the difficulty shows"), case.how_it_shows),
        (_("Root cause"), case.root_cause),
    ]
    info += [(e.get_source_display(), f"{e.note} {e.score}".strip()) for e in case.evidence.all()]
    info += [(_("Measure"), f"{m.measure} ({m.since:%Y-%m-%d})") for m in case.measures.all()]
    goals = [
        (g.step, g.description, g.target, g.due_on, g.get_outcome_display(), g.outcome_note)
        for g in case.goals.all()
    ]
    lines = [
        (
            e.date,
            e.kind_label,
            e.title,
            e.body,
            e.rating if e.rating is not None else "",
            e.score_percent if e.score_percent is not None else "",
            e.author,
        )
        for e in reversed(ctx["entries"])
    ]
    content = workbook_bytes(
        [
            Sheet(title=_("Archive"), headers=[_("Item"), _("Value")], rows=info, widths=[18, 50]),
            Sheet(
                title=_("Support plan"),
                headers=[_("Step"), _("Goal"), _("Target"), _("Due"), _("Outcome"), _("Note")],
                rows=goals,
                widths=[6, 30, 20, 12, 20, 24],
            ),
            Sheet(
                title=_("Timeline"),
                headers=[
                    _("Date"),
                    _("Kind"),
                    _("Title"),
                    _("Note"),
                    _("Rating"),
                    _("Score (%)"),
                    _("By"),
                ],
                rows=lines,
                widths=[12, 12, 24, 40, 8, 10, 12],
            ),
        ]
    )
    return xlsx_response(content, f"archive-{s.student_number}-{case.subject.code}.xlsx")
