"""After-school groups and their sessions, the homework-in-school rate, peer pairings."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import history as change_history
from core.forms import submit
from core.idempotency import create_once
from core.pagination import paginate
from school.models import Subject, User, today
from school.scoping import ScopedRequest, get_object_in_scope
from students.models import Student

from . import rules, services
from .forms import (
    AttendanceForm,
    GroupForm,
    PairingCorrectionForm,
    PairingForm,
    PeerSessionForm,
    WithdrawForm,
    staff,
)
from .models import AfterSchoolGroup, Attendance, GroupSession, PeerPairing, PeerSession


def _term(request: ScopedRequest):
    if request.scope.term is None:
        raise Http404
    return request.scope.term


def _teachers(request: ScopedRequest):
    if request.scope.school_wide:
        return staff()
    return User.objects.filter(pk=request.user.pk)


@login_required
def group_list(request: ScopedRequest) -> HttpResponse:
    term = _term(request)
    groups = (
        AfterSchoolGroup.objects.visible_to(request.scope)
        .filter(term=term)
        .select_related("teacher", "subject")
        .prefetch_related("members")
    )
    return render(request, "afterschool/group_list.html", {"page": paginate(request, groups)})


@login_required
def group_form(request: ScopedRequest, group_pk: int | None = None) -> HttpResponse:
    term = _term(request)
    group = None
    if group_pk is not None:
        # Only whoever runs the group edits it; to anyone else it is not there.
        runs = AfterSchoolGroup.objects.visible_to(request.scope)
        if not request.scope.school_wide:
            runs = runs.filter(teacher=request.user)
        group = get_object_in_scope(runs, pk=group_pk)
    elif not (request.scope.school_wide or request.scope.teaching):
        raise Http404
    form = GroupForm(
        request.POST or None,
        instance=group,
        students=Student.objects.visible_to(request.scope).select_related("school_class"),
        teachers=_teachers(request),
        initial={} if group else {"teacher": request.user, "weekdays": [1, 2, 3, 4, 5]},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members = data.pop("members")
        saved = submit(form, services.save_group, group=group, term=term, members=members, **data)
        if saved is not None:
            messages.success(request, _("Group saved."))
            return redirect("afterschool:group_session", saved.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit group") if group else _("New after-school group"),
            "back": reverse("afterschool:group_list"),
        },
    )


@login_required
def group_session(request: ScopedRequest, group_pk: int) -> HttpResponse:
    """Attendance of one session: a tap per student for "here", one for "homework done"."""
    group = get_object_in_scope(
        AfterSchoolGroup.objects.visible_to(request.scope).select_related("term", "teacher"),
        pk=group_pk,
    )
    can_run = rules.can_run_group(request.scope, group)
    asked = AttendanceForm(request.GET)
    day = asked.cleaned_data["date"] if asked.is_valid() else today()
    form = AttendanceForm(request.POST or None, initial={"date": day})
    members = list(group.members.select_related("school_class").order_by("student_number"))
    session = GroupSession.objects.filter(group=group, date=day).first()
    marks = {}
    if session is not None:
        marks = {a.student_id: a for a in session.attendance.all()}
        form.initial["note"] = session.note
    present = {pk for pk, a in marks.items() if a.present}
    done = {pk for pk, a in marks.items() if a.homework_done}
    if request.method == "POST":
        rules.require_run_group(request.scope, group)
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        done = {int(v) for v in request.POST.getlist("homework") if v.isdigit()}
        if form.is_valid():
            saved = submit(
                form,
                services.take_attendance,
                group=group,
                by=request.user,
                date=form.cleaned_data["date"],
                present=present,
                homework_done=done,
                note=form.cleaned_data["note"],
            )
            if saved is not None:
                messages.success(
                    request,
                    _("Attendance saved: %(here)d of %(all)d present.")
                    % {"here": len(present | done), "all": len(members)},
                )
                url = reverse("afterschool:group_session", args=[group.pk])
                return redirect(f"{url}?date={saved.date:%Y-%m-%d}")
    recent = list(group.sessions.order_by("-date")[:8])
    return render(
        request,
        "afterschool/group_session.html",
        {
            "group": group,
            "form": form,
            "rows": [(s, s.pk in present, s.pk in done) for s in members],
            "can_run": can_run,
            "recent": recent,
            "taken": session is not None,
        },
    )


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@login_required
def homework_completion(request: ScopedRequest) -> HttpResponse:
    """书面作业校内完成率 per week: for the school, each grade and each class the user sees."""
    term = _term(request)
    rows = Attendance.objects.filter(
        session__group__term=term,
        session__group__kind=AfterSchoolGroup.Kind.HOMEWORK,
        present=True,
        student__in=Student.objects.visible_to(request.scope).values("pk"),
    ).values_list(
        "session__date",
        "homework_done",
        "student__school_class_id",
        "student__school_class__grade__level",
    )
    tallies: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    weeks: set[datetime.date] = set()
    for day, finished, class_id, level in rows:
        week = _monday(day)
        weeks.add(week)
        for key in (("school",), ("grade", level), ("class", class_id)):
            tally = tallies[(*key, week)]
            tally[0] += int(finished)
            tally[1] += 1
    shown = sorted(weeks)[-8:]
    classes = {c.pk: c for c in request.scope.classes().select_related("grade")}
    lines: list[tuple[str, str, list]] = []

    def cells(*key):
        out = []
        for week in shown:
            done, present = tallies.get((*key, week), (0, 0))
            out.append((round(done / present * 100) if present else None, done, present))
        return out

    if request.scope.school_wide:
        lines.append(("school", _("Whole school"), cells("school")))
    levels = sorted({c.grade.level for c in classes.values()})
    for level in levels:
        grade = next(c.grade for c in classes.values() if c.grade.level == level)
        lines.append(("grade", str(grade), cells("grade", level)))
        for c in sorted(
            (c for c in classes.values() if c.grade.level == level), key=lambda c: c.number
        ):
            lines.append(("class", str(c), cells("class", c.pk)))
    return render(
        request,
        "afterschool/homework_completion.html",
        {"weeks": shown, "lines": lines},
    )


# ---- peer tutoring ------------------------------------------------------------------


@login_required
def pairing_list(request: ScopedRequest) -> HttpResponse:
    term = _term(request)
    pairings = (
        PeerPairing.objects.visible_to(request.scope)
        .alive()
        .filter(term=term)
        .select_related("tutor", "tutee__school_class", "subject", "teacher")
    )
    return render(request, "afterschool/pairing_list.html", {"page": paginate(request, pairings)})


@login_required
def pairing_form(request: ScopedRequest) -> HttpResponse:
    term = _term(request)
    scope = request.scope
    if not (scope.school_wide or scope.teaching or scope.headed_class_ids):
        raise Http404
    form = PairingForm(
        request.POST or None,
        students=Student.objects.visible_to(scope).select_related("school_class"),
        teachers=_teachers(request),
        subjects=scope.subjects() if not scope.school_wide else Subject.objects.all(),
        initial={"teacher": request.user, "starts_on": today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not scope.can_change_record(data["tutee"].school_class_id, data["subject"].pk):
            form.add_error("tutee", _("You do not teach this student in this subject."))
        else:
            saved = submit(form, services.save_pairing, pairing=None, term=term, **data)
            if saved is not None:
                messages.success(request, _("Pairing saved."))
                return redirect("afterschool:pairing_list")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("New peer pairing"),
            "back": reverse("afterschool:pairing_list"),
        },
    )


@login_required
@create_once
def peer_session_add(request: ScopedRequest, pairing_pk: int) -> HttpResponse:
    pairing = get_object_in_scope(
        PeerPairing.objects.visible_to(request.scope).select_related("tutee", "tutor", "term"),
        pk=pairing_pk,
    )
    rules.require_change_pairing(request.scope, pairing)
    if pairing.is_withdrawn:
        raise Http404
    form = PeerSessionForm(
        request.POST or None, initial={"date": today(), "minutes": PeerSession.DEFAULT_MINUTES}
    )
    if request.method == "POST" and form.is_valid():
        saved = submit(
            form, services.log_peer_session, pairing=pairing, by=request.user, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("Peer session saved."))
            return redirect("afterschool:pairing_detail", pairing.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Peer session") + f" · {pairing.tutor.name} → {pairing.tutee.name}",
            "back": reverse("afterschool:pairing_detail", args=[pairing.pk]),
        },
    )


# ---- correcting and withdrawing pairings and their sessions -------------------------


def _pairing(request: ScopedRequest, pairing_pk: int) -> PeerPairing:
    """The pairing, withdrawn or not: a 404 to whoever may not see the tutee."""
    return get_object_in_scope(
        PeerPairing.objects.visible_to(request.scope).select_related(
            "tutor", "tutee__school_class", "subject", "teacher", "term", "deleted_by"
        ),
        pk=pairing_pk,
    )


def _peer_session(request: ScopedRequest, peer_session_pk: int) -> PeerSession:
    visible = PeerPairing.objects.visible_to(request.scope).values("pk")
    return get_object_in_scope(
        PeerSession.objects.filter(pairing__in=visible).select_related(
            "pairing__tutor", "pairing__tutee__school_class", "pairing__subject", "pairing__term"
        ),
        pk=peer_session_pk,
    )


@login_required
def pairing_detail(request: ScopedRequest, pairing_pk: int) -> HttpResponse:
    """A pairing and its sessions (withdrawn ones marked), with what may be done to them."""
    pairing = _pairing(request, pairing_pk)
    sessions = pairing.sessions.select_related("author", "deleted_by").order_by(
        "-date", "-created_at"
    )
    return render(
        request,
        "afterschool/pairing_detail.html",
        {
            "pairing": pairing,
            "page": paginate(request, sessions),
            "can_change": rules.can_change_pairing(request.scope, pairing),
        },
    )


@login_required
def pairing_edit(request: ScopedRequest, pairing_pk: int) -> HttpResponse:
    scope = request.scope
    pairing = _pairing(request, pairing_pk)
    rules.require_change_pairing(scope, pairing)
    if pairing.is_withdrawn:
        raise Http404
    subjects = scope.subjects() if not scope.school_wide else Subject.objects.all()
    teachers = _teachers(request) | User.objects.filter(pk=pairing.teacher_id)
    form = PairingCorrectionForm(
        request.POST or None,
        instance=pairing,
        teachers=teachers.distinct(),
        subjects=subjects | Subject.objects.filter(pk=pairing.subject_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["subject"].pk != pairing.subject_id and not scope.can_change_record(
            pairing.tutee.school_class_id, data["subject"].pk
        ):
            form.add_error("subject", _("You do not teach this student in this subject."))
        else:
            saved = submit(form, services.correct_pairing, pairing=pairing, by=request.user, **data)
            if saved is not None:
                messages.success(request, _("Pairing corrected."))
                return redirect("afterschool:pairing_detail", pairing.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Correct the pairing") + f" · {pairing.tutor.name} → {pairing.tutee.name}",
            "back": reverse("afterschool:pairing_detail", args=[pairing.pk]),
        },
    )


def _withdraw_page(request, *, record, service, title: str, what: str, back: str, done: str):
    form = WithdrawForm(request.POST or None)
    if record.is_withdrawn:
        messages.info(request, _("Already withdrawn."))
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        saved = submit(form, service, by=request.user, reason=form.cleaned_data["reason"])
        if saved is not None:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        "afterschool/withdraw.html",
        {"form": form, "title": title, "what": what, "back": back},
    )


@login_required
def pairing_withdraw(request: ScopedRequest, pairing_pk: int) -> HttpResponse:
    pairing = _pairing(request, pairing_pk)
    rules.require_change_pairing(request.scope, pairing)
    back = reverse("afterschool:pairing_detail", args=[pairing.pk])

    def service(**kwargs):
        return services.withdraw_pairing(pairing=pairing, **kwargs)

    return _withdraw_page(
        request,
        record=pairing,
        service=service,
        title=_("Withdraw the pairing"),
        what=str(pairing),
        back=back,
        done=_("Pairing withdrawn: it and its sessions no longer count."),
    )


@login_required
def peer_session_edit(request: ScopedRequest, peer_session_pk: int) -> HttpResponse:
    session = _peer_session(request, peer_session_pk)
    pairing = session.pairing
    rules.require_change_pairing(request.scope, pairing)
    if session.is_withdrawn or pairing.is_withdrawn:
        raise Http404
    form = PeerSessionForm(
        request.POST or None,
        initial={
            "date": session.date,
            "practised": session.practised,
            "result": session.result,
            "minutes": session.minutes,
        },
    )
    back = reverse("afterschool:pairing_detail", args=[pairing.pk])
    if request.method == "POST" and form.is_valid():
        saved = submit(
            form,
            services.correct_peer_session,
            session=session,
            by=request.user,
            **form.cleaned_data,
        )
        if saved is not None:
            messages.success(request, _("Peer session corrected."))
            return redirect(back)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Correct the peer session")
            + f" · {pairing.tutor.name} → {pairing.tutee.name}",
            "back": back,
        },
    )


@login_required
def peer_session_withdraw(request: ScopedRequest, peer_session_pk: int) -> HttpResponse:
    session = _peer_session(request, peer_session_pk)
    pairing = session.pairing
    rules.require_change_pairing(request.scope, pairing)

    def service(**kwargs):
        return services.withdraw_peer_session(session=session, **kwargs)

    return _withdraw_page(
        request,
        record=session,
        service=service,
        title=_("Withdraw the peer session"),
        what=f"{session.date:%Y-%m-%d} · {session.practised}",
        back=reverse("afterschool:pairing_detail", args=[pairing.pk]),
        done=_("Peer session withdrawn: it no longer counts."),
    )


@login_required
def pairing_changes(request: ScopedRequest, pairing_pk: int) -> HttpResponse:
    """修改记录 of a pairing and its sessions: who, when, each field before → after."""
    pairing = _pairing(request, pairing_pk)
    session_fields = ["date", "practised", "result", "minutes", "deleted_at", "withdraw_reason"]
    pairing_fields = [*services.PAIRING_FIELDS, "is_active", "deleted_at", "withdraw_reason"]
    changes = change_history.merged(
        change_history.changes(
            pairing.history.select_related("history_user")[:300],
            PeerPairing,
            only=pairing_fields,
        ),
        change_history.changes(
            PeerSession.history.filter(pairing_id=pairing.pk).select_related("history_user")[:300],
            PeerSession,
            only=session_fields,
            subject=lambda r: _("Session of %(day)s") % {"day": r.date.isoformat()},
        ),
    )
    back = reverse("afterschool:pairing_detail", args=[pairing.pk])
    return render(
        request,
        "core/changes.html",
        {
            "title": _("Change history of %(pairing)s") % {"pairing": pairing},
            "back": back,
            "back_label": _("Peer pairing"),
            "changes": changes,
            "created_label": _("Created"),
        },
    )
