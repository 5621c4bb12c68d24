"""The 关注 list: watch a student without identifying them, note them in the lesson log,
and hand the notes to their case when they are identified."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from school import dates
from school.models import Subject, Term, User
from students.models import Student

from .models import Observation, SupportCase, Watch, WatchNote


@transaction.atomic
def watch_student(*, student: Student, subject: Subject, term: Term, by: User) -> Watch:
    """Put a student on the watch list; watching one already watched changes nothing."""
    live = Watch.objects.live().filter(student=student, subject=subject, term=term).first()
    if live is not None:
        return live
    if SupportCase.objects.open().filter(student=student, subject=subject, term=term).exists():
        raise ValidationError(
            _("%(name)s already has a support case in %(subject)s: note them as a case.")
            % {"name": student.shown_name, "subject": subject}
        )
    watch = Watch(student=student, subject=subject, term=term, added_by=by)
    watch.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            watch.save()
    except IntegrityError:  # two taps at once: the other one made it
        return Watch.objects.live().get(student=student, subject=subject, term=term)
    return watch


@transaction.atomic
def unwatch(*, watch: Watch, by: User) -> Watch:
    """Take a student off the list (soft: the watch and its notes are kept)."""
    if watch.ended_at is None:
        watch.ended_at = timezone.now()
        watch.ended_by = by
        watch.save(update_fields=["ended_at", "ended_by"])
    return watch


def check_note_dates(note: WatchNote) -> None:
    dates.check_in_term(note.date, note.watch.term)


@transaction.atomic
def log_watch_note(
    *, watch: Watch, by: User, date: datetime.date, kind: str, rating=None, note: str = ""
) -> WatchNote:
    if watch.ended_at is not None:
        raise ValidationError(
            _("%(name)s is no longer on the watch list.") % {"name": watch.student.shown_name}
        )
    entry = WatchNote(watch=watch, author=by, date=date, kind=kind, rating=rating, note=note)
    check_note_dates(entry)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def hand_over_to_case(case: SupportCase, *, by: User) -> list[Observation]:
    """The student was identified: the watch's live notes become the case's observations
    (same date, author and time written) and the watch ends, pointing at the case."""
    watch = (
        Watch.objects.live()
        .select_for_update()
        .filter(student=case.student_id, subject=case.subject_id, term=case.term_id)
        .first()
    )
    if watch is None:
        return []
    made = []
    for note in watch.notes.alive().filter(observation__isnull=True).order_by("date", "pk"):
        obs = Observation.objects.create(
            case=case,
            author_id=note.author_id,
            date=note.date,
            kind=note.kind,
            rating=note.rating,
            note=note.note,
            created_at=note.created_at,
        )
        note.observation = obs
        note.save(update_fields=["observation"])
        made.append(obs)
    watch.ended_at = timezone.now()
    watch.ended_by = by
    watch.case = case
    watch.save(update_fields=["ended_at", "ended_by", "case"])
    return made


def live_notes_for(*, student: Student, subject: Subject, term: Term) -> Iterable[WatchNote]:
    """The notes of the student's live watch, newest first (for the identification form)."""
    return (
        WatchNote.objects.alive()
        .filter(
            watch__student=student,
            watch__subject=subject,
            watch__term=term,
            watch__ended_at__isnull=True,
        )
        .order_by("-date", "-created_at")
    )
