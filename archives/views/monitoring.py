"""Progress monitoring pages: a goal's measure and goal, probes, planned dose, settings.

The charts and decisions are on the archive (``{% monitoring_section case %}``); the
caseload of monitoring statuses is ``caseload.py``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import submit
from core.http import redirect_next
from core.idempotency import create_once
from core.pagination import paginate
from school.models import SchoolClass, Subject, today
from school.scoping import ScopedRequest, get_object_in_scope

from .. import dose_targets
from .. import monitoring_services as services
from ..models import (
    GoalMonitor,
    MonitoringMeasure,
    MonitoringSettings,
    PlannedDose,
    SupportCase,
    SupportGoal,
)
from ..monitoring_data import monitoring_of
from ..monitoring_forms import (
    DoseRowForm,
    GoalMonitorForm,
    MonitoringMeasureForm,
    MonitoringSettingsForm,
    ProbeBatchForm,
    ProbeForm,
    ProbeRowForm,
)
from ..rules import require_change
from ..selectors import get_case


def _point_choices(case: SupportCase, measure_id: int | None) -> list[tuple[str, str]]:
    if measure_id is None:
        return []
    cm = monitoring_of(case)
    for s in cm.series:
        if s.measure.pk == measure_id:
            return [
                (p.date.isoformat(), f"{p.date:%m-%d} · {p.value:g}{s.measure.shown_unit}")
                for p in s.points
            ]
    return []


@login_required
def goal_monitor(request: ScopedRequest, goal_pk: int) -> HttpResponse:
    cases = SupportCase.objects.visible_to(request.scope)
    goal = get_object_in_scope(
        SupportGoal.objects.filter(case__in=cases).select_related("case__term", "case__student"),
        pk=goal_pk,
    )
    case = goal.case
    require_change(request.scope, case)
    monitor = GoalMonitor.objects.filter(goal=goal).select_related("measure").first()
    if monitor is not None:
        initial = {
            "measure": monitor.measure,
            "starts_on": monitor.starts_on,
            "goal_value": monitor.goal_value,
            "weekly_rate": monitor.weekly_rate,
            "baseline_dates": monitor.baseline_dates,
        }
    else:
        first = not GoalMonitor.objects.filter(goal__case=case).exists()
        initial = {"starts_on": max(case.identified_on, case.term.start) if first else today()}
    form = GoalMonitorForm(
        request.POST or None,
        initial=initial,
        point_choices=_point_choices(case, monitor.measure_id if monitor else None),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            form,
            services.save_goal_monitor,
            goal=goal,
            by=request.user,
            measure=data["measure"],
            starts_on=data["starts_on"],
            goal_value=data["goal_value"],
            weekly_rate=data["weekly_rate"],
            baseline_dates=data["baseline_dates"],
        )
        if saved is not None:
            messages.success(request, _("Monitoring of the step saved."))
            return redirect(reverse("archives:archive", args=[case.pk]) + "#monitoring")
    phase, points = None, []
    if monitor is not None:
        for s in monitoring_of(case).series:
            found = next((p for p in s.phases if p.monitor.pk == monitor.pk), None)
            if found is not None:
                phase, points = found, s.points
    live = {
        # What the page's script needs to write the goal sentence as the teacher types
        # (archives/static/archives/goal_summary.js); the sentence itself is translated
        # in the template and passed in data- attributes.
        "measure": monitor.measure_id if monitor else None,
        "units": {m.pk: m.unit for m in form.fields["measure"].queryset},  # type: ignore[attr-defined]
        "points": [[p.date.isoformat(), p.value] for p in points],
        "phase_end": phase.end.isoformat() if phase and phase.end else None,
        "goal_date": (goal.due_on or case.term.end).isoformat(),
    }
    return render(
        request,
        "archives/goal_monitor.html",
        {"form": form, "goal": goal, "case": case, "phase": phase, "live": live},
    )


@login_required
@create_once
def probe_add(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    monitored = GoalMonitor.objects.filter(goal__case=case).values("measure_id")
    measures = MonitoringMeasure.objects.filter(pk__in=monitored)
    if not measures.exists():
        measures = MonitoringMeasure.objects.filter(is_active=True)
    latest = GoalMonitor.objects.filter(goal__case=case).order_by("-starts_on").first()
    form = ProbeForm(
        request.POST or None,
        measures=measures,
        initial={"date": today(), "measure": latest.measure_id if latest else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            form,
            services.record_probes,
            by=request.user,
            measure=data["measure"],
            date=data["date"],
            rows=[{"case": case, "value": data["value"], "note": data["note"]}],
        )
        if saved is not None:
            messages.success(request, _("Probe saved."))
            return redirect_next(request, "archives:archive", case.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Record a probe") + f" · {case.student.shown_name}",
            "back": reverse("archives:archive", args=[case.pk]),
        },
    )


@login_required
@create_once
def probe_batch(request: ScopedRequest, class_pk: int, subject_pk: int) -> HttpResponse:
    """This week's probe of one measure for the class's struggling students, on one page."""
    scope = request.scope
    school_class: SchoolClass = get_object_in_scope(scope.classes(), pk=class_pk)
    subject = get_object_in_scope(Subject.objects.all(), pk=subject_pk)
    if not scope.can_change_record(school_class.pk, subject.pk):
        raise Http404
    cases = list(
        SupportCase.objects.open()
        .filter(term=scope.term, student__school_class=school_class, subject=subject)
        .select_related("student", "term")
        .order_by("student__student_number")
    )
    latest = (
        GoalMonitor.objects.filter(goal__case__in=cases).order_by("-updated_at").first()
        if cases
        else None
    )
    post = request.POST or None
    head = ProbeBatchForm(
        post,
        initial={"date": today(), "measure": latest.measure_id if latest else None},
    )
    measure = None
    if post is not None and head.is_valid():
        measure = head.cleaned_data["measure"]
    rows = [(c, ProbeRowForm(post, prefix=f"row-{c.pk}", measure=measure)) for c in cases]
    error = ""
    if request.method == "POST":
        valid = head.is_valid() & all([f.is_valid() for _c, f in rows])
        filled = [(c, f) for c, f in rows if f.is_filled]
        if valid and not filled:
            error = _("Fill in at least one student's value.")
        elif valid:
            saved = submit(
                head,
                services.record_probes,
                by=request.user,
                measure=measure,
                date=head.cleaned_data["date"],
                rows=[
                    {"case": c, "value": f.cleaned_data["value"], "note": f.cleaned_data["note"]}
                    for c, f in filled
                ],
            )
            if saved is not None:
                messages.success(
                    request,
                    _("%(n)d probes of %(measure)s saved.") % {"n": len(saved), "measure": measure},
                )
                return redirect("archives:probe_batch", class_pk, subject_pk)
            error = _("Nothing was saved: correct the fields marked below.")
        else:
            error = _("Nothing was saved: correct the fields marked below.")
    statuses = {}
    if cases:
        from ..monitoring_data import monitoring_for

        statuses = {pk: cm.verdict for pk, cm in monitoring_for(cases).items()}
    return render(
        request,
        "archives/probe_batch.html",
        {
            "school_class": school_class,
            "subject": subject,
            "head": head,
            "rows": [(c, f, statuses.get(c.pk)) for c, f in rows],
            "error": error,
        },
    )


@login_required
def case_doses(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    existing = {d.kind: d for d in PlannedDose.objects.filter(case=case)}
    offered = dose_targets.offered(case=case, scope=request.scope)
    named = dose_targets.named(existing.values())
    post = request.POST or None
    rows = []
    for kind, label in PlannedDose.Kind.choices:
        dose = existing.get(kind)
        initial = (
            {
                "sessions_per_week": dose.sessions_per_week,
                "minutes_per_session": dose.minutes_per_session,
                "since": dose.since,
                "target": named[dose.pk].value if dose.pk in named else "",
            }
            if dose
            else {}
        )
        targets = list(offered.get(kind, []))
        current = named.get(dose.pk) if dose else None
        if current is not None and current.value not in {t.value for t in targets}:
            # Named before, no longer offered (the group ended): still shown, kept as is.
            targets.insert(0, current)
        form = DoseRowForm(
            post, prefix=kind, initial=initial, targets=targets, target_label=_("Which group")
        )
        rows.append((kind, label, form))
    if request.method == "POST":
        if all([f.is_valid() for _k, _l, f in rows]):
            anchor = rows[0][2]
            saved = submit(
                anchor,
                services.save_doses,
                case=case,
                by=request.user,
                scope=request.scope,
                rows={kind: f.cleaned_data for kind, _l, f in rows},
            )
            if saved is not None:
                messages.success(request, _("Planned dose saved."))
                return redirect(reverse("archives:archive", args=[case.pk]) + "#monitoring")
    return render(request, "archives/case_doses.html", {"case": case, "rows": rows})


# ---- the school's list of measures and its decision rule ---------------------------


@login_required
def monitoring_measure_list(request: ScopedRequest) -> HttpResponse:
    request.scope.require_school_leader()
    page = paginate(request, MonitoringMeasure.objects.all())
    return render(
        request,
        "archives/monitoring_measure_list.html",
        {"page": page, "settings": MonitoringSettings.current()},
    )


@login_required
def monitoring_measure_form(
    request: ScopedRequest, monitoring_measure_pk: int | None = None
) -> HttpResponse:
    scope = request.scope
    measure = None
    if monitoring_measure_pk is not None:
        measure = get_object_in_scope(
            scope.admin_queryset(MonitoringMeasure.objects.all()), pk=monitoring_measure_pk
        )
    else:
        scope.require_school_leader()
    form = MonitoringMeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Measure saved."))
        return redirect("archives:monitoring_measure_list")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit monitoring measure") if measure else _("New monitoring measure"),
            "back": reverse("archives:monitoring_measure_list"),
        },
    )


@login_required
def monitoring_settings(request: ScopedRequest) -> HttpResponse:
    request.scope.require_school_leader()
    form = MonitoringSettingsForm(request.POST or None, instance=MonitoringSettings.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Decision rule saved."))
        return redirect("archives:monitoring_measure_list")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Decision rule"),
            "back": reverse("archives:monitoring_measure_list"),
        },
    )
