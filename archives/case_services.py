"""Writes to support cases: identification, cause analysis, status, plan, carry-over."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.locking import check_version
from school import dates
from school.models import Subject, Term, User, today
from students.models import Student

from . import watch
from .models import (
    CaseEvidence,
    CaseMeasure,
    CaseStatusChange,
    SupportCase,
    SupportGoal,
    SupportMeasure,
)

# Which status may follow which: the case moves forward, and an improved or closed
# case can be reopened into support if the student falls back.
ALLOWED_STEPS: dict[str, set[str]] = {
    SupportCase.Status.IDENTIFIED: {
        SupportCase.Status.IN_SUPPORT,
        SupportCase.Status.IMPROVED,
        SupportCase.Status.CLOSED,
    },
    SupportCase.Status.IN_SUPPORT: {SupportCase.Status.IMPROVED, SupportCase.Status.CLOSED},
    SupportCase.Status.IMPROVED: {SupportCase.Status.IN_SUPPORT, SupportCase.Status.CLOSED},
    SupportCase.Status.CLOSED: {SupportCase.Status.IN_SUPPORT},
}


def _save_evidence(case: SupportCase, evidence: dict[str, tuple[str, str]]) -> None:
    """evidence: source → (note, score); an empty pair removes that source."""
    existing = {e.source: e for e in case.evidence.all()}
    for source, (note, score) in evidence.items():
        row = existing.get(source)
        if not note and not score:
            if row:
                row.delete()
            continue
        row = row or CaseEvidence(case=case, source=source)
        row.note, row.score = note, score
        row.full_clean()
        row.save()


@transaction.atomic
def identify_case(
    *,
    student: Student,
    subject: Subject,
    term: Term,
    by: User,
    causes: Iterable[str],
    difficulty_type: str,
    root_cause: str = "",
    how_it_shows: str = "",
    evidence: dict[str, tuple[str, str]] | None = None,
    responsible_teachers: Iterable[User] = (),
    identified_on: datetime.date | None = None,
) -> SupportCase:
    causes = set(causes)
    identified_on = identified_on or today()
    dates.check_in_term(identified_on, term, field="identified_on")
    case = SupportCase(
        student=student,
        subject=subject,
        term=term,
        identified_by=by,
        identified_on=identified_on,
        status_changed_on=identified_on,
        cause_weak_foundation=SupportCase.Cause.WEAK_FOUNDATION in causes,
        cause_attitude=SupportCase.Cause.ATTITUDE in causes,
        difficulty_type=difficulty_type,
        root_cause=root_cause,
        how_it_shows=how_it_shows,
    )
    case.full_clean()
    case.save()
    teachers = list(responsible_teachers) or [by]
    case.responsible_teachers.set(teachers)
    CaseStatusChange.objects.create(
        case=case,
        from_status="",
        to_status=case.status,
        changed_on=case.identified_on,
        changed_by=by,
        reason=gettext_noop("Identified"),  # shown in the reader's language
    )
    _save_evidence(case, evidence or {})
    # Notes taken while the student was watched (关注) join the new archive.
    watch.hand_over_to_case(case, by=by)
    return case


@transaction.atomic
def update_cause_analysis(
    *,
    case: SupportCase,
    by: User,
    causes: Iterable[str],
    difficulty_type: str,
    root_cause: str,
    how_it_shows: str,
    evidence: dict[str, tuple[str, str]],
) -> SupportCase:
    causes = set(causes)
    case.cause_weak_foundation = SupportCase.Cause.WEAK_FOUNDATION in causes
    case.cause_attitude = SupportCase.Cause.ATTITUDE in causes
    case.difficulty_type = difficulty_type
    case.root_cause = root_cause
    case.how_it_shows = how_it_shows
    case.full_clean()
    case.save()
    _save_evidence(case, evidence)
    return case


@transaction.atomic
def change_status(
    *,
    case: SupportCase,
    by: User,
    status: str,
    on: datetime.date,
    reason: str,
    closure_reason: str = "",
) -> SupportCase:
    case = SupportCase.objects.select_for_update().get(pk=case.pk)
    if status not in ALLOWED_STEPS.get(case.status, set()):
        raise ValidationError(
            _("A case that is %(old)s cannot become %(new)s.")
            % {
                "old": case.get_status_display(),
                "new": SupportCase.Status(status).label,
            }
        )
    if status == SupportCase.Status.CLOSED and not closure_reason:
        raise ValidationError(_("Say why the case is closed."))
    dates.check_status_change(on, case, field="changed_on")
    old = case.status
    case.status = status
    case.closure_reason = closure_reason if status == SupportCase.Status.CLOSED else ""
    case.status_changed_on = on
    case._change_reason = reason[:100]  # type: ignore[attr-defined]  # read by simple_history
    case.full_clean()
    case.save()
    CaseStatusChange.objects.create(
        case=case, from_status=old, to_status=status, changed_on=on, changed_by=by, reason=reason
    )
    return case


@transaction.atomic
def correct_identification_date(
    *, case: SupportCase, by: User, identified_on: datetime.date, reason: str
) -> SupportCase:
    """Correct the date a case was identified; the case and status histories keep it.

    The new date lies within the case's term, not after today, and not after a later
    status change (a status change follows the identification).
    """
    case = SupportCase.objects.select_for_update().select_related("term").get(pk=case.pk)
    old = case.identified_on
    dates.check_in_term(identified_on, case.term, field="identified_on")
    later = case.status_changes.exclude(from_status="").order_by("changed_on").first()
    if later and identified_on > later.changed_on:
        raise ValidationError(
            {
                "identified_on": _(
                    "The identification cannot be after the status change of %(date)s."
                )
                % {"date": later.changed_on.isoformat()}
            }
        )
    if identified_on == old:
        return case
    note = _("Identification date corrected from %(old)s to %(new)s: %(reason)s") % {
        "old": old.isoformat(),
        "new": identified_on.isoformat(),
        "reason": reason,
    }
    case.identified_on = identified_on
    if not later:
        case.status_changed_on = identified_on
    case._change_reason = note[:100]  # type: ignore[attr-defined]  # read by simple_history
    case.full_clean()
    case.save()
    # The opening step of the status history is dated by the identification.
    case.status_changes.filter(from_status="").update(changed_on=identified_on)
    CaseStatusChange.objects.create(
        case=case,
        from_status=case.status,
        to_status=case.status,
        changed_on=today(),
        changed_by=by,
        reason=note[:300],
    )
    return case


@transaction.atomic
def save_plan(
    *,
    case: SupportCase,
    by: User,
    goals: list[dict],
    measures: Iterable[SupportMeasure],
    responsible_teachers: Iterable[User],
    on: datetime.date | None = None,
    version: int | None = None,
) -> SupportCase:
    """Replace the plan: goals in order (step 1, 2, 3…), measures, responsible teachers.

    Goals are matched by step so their history stays one record per step. ``version`` is
    the plan version the page was opened with: a save over a newer plan is refused.
    """
    check_version(case, version, field="plan_version")
    case.save(update_fields=["plan_version"])
    existing = {g.step: g for g in case.goals.all()}
    kept = set()
    for step, data in enumerate(goals, start=1):
        goal = existing.get(step) or SupportGoal(case=case, step=step)
        for field in ("description", "target", "due_on", "outcome", "outcome_note"):
            setattr(goal, field, data.get(field) or (None if field == "due_on" else ""))
        try:
            dates.check_plan_date(goal.due_on, case)
        except ValidationError as error:
            # The steps are rows under the plan form: name the step.
            raise ValidationError(
                _("Step %(step)s: %(message)s")
                % {"step": step, "message": error.message_dict["due_on"][0]}
            ) from error
        goal.full_clean()
        goal.save()
        kept.add(step)
    for step, goal in existing.items():
        if step not in kept:
            goal.delete()
    wanted = {m.pk: m for m in measures}
    current = {cm.measure_id: cm for cm in case.measures.all()}
    for measure_id, row in current.items():
        if measure_id not in wanted:
            row.delete()
    # A new measure starts on ``on`` (checked), or today moved into the case's range.
    dates.check_measure_since(on, case, field="measures")
    since = on if on is not None else dates.default_measure_since(case)
    for measure_id, measure in wanted.items():
        if measure_id not in current:
            CaseMeasure.objects.create(case=case, measure=measure, since=since)
    teachers = list(responsible_teachers)
    if teachers:
        case.responsible_teachers.set(teachers)
    # A plan puts an identified student into support.
    if case.status == SupportCase.Status.IDENTIFIED and goals:
        change_status(
            case=case,
            by=by,
            status=SupportCase.Status.IN_SUPPORT,
            on=max(on or today(), case.identified_on),
            reason=gettext_noop("Support plan set"),
        )
        case.refresh_from_db()
    return case


@transaction.atomic
def carry_over(*, cases: Iterable[SupportCase], to_term: Term, by: User) -> list[SupportCase]:
    """Open the given (last term's) cases again in ``to_term``, with their analysis and plan.

    Cases already carried over, or with an open case in the new term, are skipped.
    """
    created = []
    for old in cases:
        if not old.is_open or old.term_id == to_term.pk:
            continue
        exists = SupportCase.objects.open().filter(
            student_id=old.student_id, subject_id=old.subject_id, term=to_term
        )
        if exists.exists() or old.carried_to.filter(term=to_term).exists():
            continue
        new = SupportCase(
            student_id=old.student_id,
            subject_id=old.subject_id,
            term=to_term,
            status=SupportCase.Status.IN_SUPPORT,
            identified_on=dates.clamp_to_term(today(), to_term, not_after_today=True),
            status_changed_on=dates.clamp_to_term(today(), to_term, not_after_today=True),
            identified_by=by,
            cause_weak_foundation=old.cause_weak_foundation,
            cause_attitude=old.cause_attitude,
            difficulty_type=old.difficulty_type,
            root_cause=old.root_cause,
            how_it_shows=old.how_it_shows,
            carried_from=old,
        )
        dates.check_identification(new.identified_on, to_term)
        new.full_clean()
        new.save()
        new.responsible_teachers.set(old.responsible_teachers.all())
        for e in old.evidence.all():
            CaseEvidence.objects.create(case=new, source=e.source, note=e.note, score=e.score)
        for m in old.measures.all():
            # The measure goes on in the new case from its identification.
            CaseMeasure.objects.create(
                case=new, measure_id=m.measure_id, since=max(m.since, new.identified_on)
            )
        CaseStatusChange.objects.create(
            case=new,
            from_status="",
            to_status=new.status,
            changed_on=new.identified_on,
            changed_by=by,
            # Stored as its msgid, shown in the reader's language (the stored_text filter).
            reason=gettext_noop("Carried over from the previous term"),
        )
        created.append(new)
    return created
