"""The progress archive of one case: timeline and chart, printable page and .xlsx.

Its entries are logged in ``entries.py``; a lesson's at once in ``lesson.py``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import CharField, Prefetch, Value
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.page_cache import kept_page
from core.plugins import collect
from core.text import join_list
from core.xlsx import Sheet, workbook_bytes, xlsx_response
from school.models import today
from school.scoping import ScopedRequest, get_object_in_scope

from .. import chart
from ..forms import QuickObservationForm
from ..models import (
    ArchiveSummary,
    CaseDiscussion,
    CaseMeasure,
    Observation,
    ProbePoint,
    SupportCase,
    TutoringSession,
)
from ..restricted import log_reads, root_cause_context
from .entries import EntryModel


def timeline(request: ScopedRequest, case: SupportCase) -> list:
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


def _case_with_activity(request: ScopedRequest, case_pk: int) -> SupportCase:
    # One query: the scope's check and the last entry (a column since fix 5).
    case = get_object_in_scope(
        SupportCase.objects.visible_to(request.scope)
        .with_last_entry()
        .select_related("identified_by"),
        pk=case_pk,
    )
    case.stale = case.is_stale()
    return case


TIMELINE_SHOWN = 60

# Each kind of entry that can be withdrawn, with the field its "withdrawn" row quotes.
WITHDRAWABLE: dict[str, tuple[EntryModel, str]] = {
    "observation": (Observation, "note"),
    "tutoring": (TutoringSession, "content"),
    "discussion": (CaseDiscussion, "ideas"),
    "summary": (ArchiveSummary, "text"),
    "probe": (ProbePoint, "note"),
}


def _withdrawn(request: ScopedRequest, case: SupportCase) -> list[dict]:
    """The user's own withdrawn entries (a school leader's: everyone's), to undo; 1 query.

    The newest ten of each kind, kinds in WITHDRAWABLE's order (one UNION of the kinds:
    withdrawn entries are few, so all are read and cut here).
    """
    branches = []
    for kind, (model, text_field) in WITHDRAWABLE.items():
        qs = model.objects.filter(case=case, deleted_at__isnull=False)
        if not request.user.is_school_leader:
            qs = qs.filter(author=request.user)
        branches.append(
            qs.order_by()
            .annotate(entry_kind=Value(kind, output_field=CharField()))
            .values_list("entry_kind", "pk", "date", "deleted_at", text_field)
        )
    by_kind: dict[str, list[tuple]] = {kind: [] for kind in WITHDRAWABLE}
    for row in branches[0].union(*branches[1:], all=True):
        by_kind[row[0]].append(row)
    rows = []
    for kind, found in by_kind.items():
        model = WITHDRAWABLE[kind][0]
        for _kind, pk, date, _deleted_at, text in sorted(found, key=lambda r: r[3], reverse=True)[
            :10
        ]:
            rows.append(
                {
                    "date": date,
                    "label": model._meta.verbose_name,
                    "text": text,
                    "restore_url": reverse(f"archives:{kind}_restore", args=[pk]),
                }
            )
    return rows


@login_required
@kept_page
def archive(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = _case_with_activity(request, case_pk)
    entries = timeline(request, case)
    can_change = request.scope.can_change_record(case.student.school_class_id, case.subject_id)
    # A term of daily logging is hundreds of entries: the page shows the most recent
    # ones (the chart still draws them all), and every entry on request.
    shown = entries if request.GET.get("all") else entries[:TIMELINE_SHOWN]
    log_reads(request, case, shown)
    return render(
        request,
        "archives/archive.html",
        {
            "case": case,
            "entries": shown,
            "hidden_count": len(entries) - len(shown),
            "chart": chart.build(entries, case.term.start, min(case.term.end, today())),
            "can_change": can_change,
            "form": QuickObservationForm(
                initial={"date": today(), "kind": Observation.Kind.CLASSROOM}
            ),
            "deleted": _withdrawn(request, case),
        },
    )


# ---- printable page and workbook ------------------------------------------------------


def _paper_context(request: ScopedRequest, case_pk: int) -> dict:
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
    # On paper an archive reads from the start of the term: oldest first.
    paper = list(reversed(entries))
    own = {"tutoring", "summary"}
    return {
        "case": case,
        **root_cause_context(request.scope, case),
        "entries": entries,
        "chart": chart.build(entries, case.term.start, min(case.term.end, today())),
        # Every entry of the term, in date order: observations, discussions and every
        # app's entries (evaluations, marking, homework...) as one progress record.
        "progress": [e for e in paper if e.kind not in own and not e.kind.startswith("family")],
        "observations": [e for e in paper if e.kind == "observation"],
        "tutoring": [e for e in paper if e.kind == "tutoring"],
        "discussions": [e for e in paper if e.kind == "discussion"],
        "summaries": [e for e in paper if e.kind == "summary"],
        "family": [e for e in paper if e.kind.startswith("family")],
        "others": [
            e
            for e in paper
            if e.kind not in own | {"observation", "discussion"} and not e.kind.startswith("family")
        ],
        "printed_on": today(),
    }


# A very long term prints in parts of this many progress entries, each part saying which
# entries it holds and linking to the others: nothing is ever left out unsaid.
PRINT_PART_SIZE = 300


@login_required
def archive_print(request: ScopedRequest, case_pk: int) -> HttpResponse:
    ctx = _paper_context(request, case_pk)
    progress = ctx["progress"]
    parts = max(1, -(-len(progress) // PRINT_PART_SIZE))
    try:
        part = min(max(int(request.GET.get("part", 1)), 1), parts)
    except ValueError:
        part = 1
    first = (part - 1) * PRINT_PART_SIZE
    ctx.update(
        progress=progress[first : first + PRINT_PART_SIZE],
        progress_total=len(progress),
        progress_first=first + 1,
        progress_last=min(first + PRINT_PART_SIZE, len(progress)),
        part=part,
        parts=range(1, parts + 1),
        part_count=parts,
    )
    log_reads(request, ctx["case"], ctx["entries"], root_cause=ctx["can_read_root_cause"])
    return render(request, "archives/print.html", ctx)


@login_required
def archive_xlsx(request: ScopedRequest, case_pk: int) -> HttpResponse:
    ctx = _paper_context(request, case_pk)
    case = ctx["case"]
    readable = ctx["can_read_root_cause"]
    content = workbook_bytes(
        _workbook_sheets(case, ctx["entries"], root_cause=readable),
        caption=f"{case.student.shown_name} · {case.student.school_class} · {case.subject} · {case.term}",
    )
    log_reads(request, case, ctx["entries"], root_cause=readable)
    return xlsx_response(content, f"archive-{case.student.student_number}-{case.subject.code}.xlsx")


def _workbook_sheets(case: SupportCase, entries: list, *, root_cause: bool) -> list[Sheet]:
    """The archive's three sheets: the case, the support plan, the timeline.

    Restricted text the reader may not read is a blank cell (``root_cause`` False,
    entries marked ``withheld``).
    """
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
        (_("Responsible teachers"), join_list(case.responsible_teachers.all())),
        (_("Primary causes"), join_list(case.causes)),
        (_("Type"), case.get_difficulty_type_display()),
        (_("How the difficulty shows"), case.how_it_shows),
        (_("Root cause"), case.root_cause if root_cause else ""),
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
            "" if e.withheld else e.body,
            e.rating if e.rating is not None else "",
            e.score_percent if e.score_percent is not None else "",
            e.author,
        )
        for e in reversed(entries)
    ]
    return [
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
