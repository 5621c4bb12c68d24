"""Erasure plug-in: clear the free text of a student's support cases and their entries.

The cases, their status, dates, causes, types and the entries' dates and ratings
stay, so past statistics (how many identified, improved, observed) remain true.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import ngettext

from core.anonymise import ERASED_TEXT, history_ids, scrub

from .models import (
    AgreedAction,
    ArchiveSummary,
    CaseDiscussion,
    CaseEvidence,
    CaseMeasure,
    CaseStatusChange,
    Observation,
    ObservationPhoto,
    ProbePoint,
    SupportCase,
    SupportGoal,
    TutoringSession,
    Watch,
    WatchNote,
)
from .photos import delete_files


def erase(student) -> None:
    case_ids = history_ids(SupportCase, Q(student_id=student.pk))
    scrub(SupportCase, Q(id__in=case_ids), root_cause="", how_it_shows="")
    of_cases = Q(case_id__in=case_ids)
    scrub(CaseEvidence, of_cases, note="")
    CaseStatusChange.objects.filter(of_cases).update(reason="")
    scrub(CaseMeasure, of_cases, note="")
    scrub(SupportGoal, of_cases, description=ERASED_TEXT, target="", outcome_note="")
    # A note-only entry keeps a placeholder: an empty entry breaks its "not empty" rule.
    rated = Q(rating__isnull=False)
    scrub(Observation, of_cases & (rated | Q(score_percent__isnull=False)), note="")
    scrub(
        Observation, of_cases & Q(rating__isnull=True, score_percent__isnull=True), note=ERASED_TEXT
    )
    scrub(TutoringSession, of_cases, content=ERASED_TEXT, result="")
    discussion_ids = history_ids(CaseDiscussion, of_cases)
    scrub(CaseDiscussion, Q(id__in=discussion_ids), ideas=ERASED_TEXT)
    scrub(
        AgreedAction,
        Q(discussion_id__in=discussion_ids),
        description=ERASED_TEXT,
        review_note="",
        result="",
        result_note="",
    )
    scrub(ArchiveSummary, of_cases, text=ERASED_TEXT)
    watch_ids = history_ids(Watch, Q(student_id=student.pk))
    of_watches = Q(watch_id__in=watch_ids)
    scrub(WatchNote, of_watches & rated, note="")
    scrub(WatchNote, of_watches & Q(rating__isnull=True), note=ERASED_TEXT)
    scrub(ProbePoint, of_cases, note="")
    # Photos of the work show the student's handwriting and sometimes their face: gone,
    # files and rows (the observation's date and rating stay).
    photos = list(ObservationPhoto.objects.filter(observation__case_id__in=case_ids))
    ObservationPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
    transaction.on_commit(lambda: delete_files(photos))


def preview(student) -> list[str]:
    cases = SupportCase.objects.filter(student=student).count()
    notes = Observation.objects.filter(case__student=student).count()
    notes += WatchNote.objects.filter(watch__student=student, observation__isnull=True).count()
    lines = []
    if cases:
        lines.append(
            ngettext(
                "the root cause and notes of %(n)d support case",
                "the root causes and notes of %(n)d support cases",
                cases,
            )
            % {"n": cases}
        )
    if notes:
        lines.append(
            ngettext("the text of %(n)d observation", "the text of %(n)d observations", notes)
            % {"n": notes}
        )
    photos = ObservationPhoto.objects.filter(observation__case__student=student).count()
    if photos:
        lines.append(
            ngettext("%(n)d photo of the work", "%(n)d photos of the work", photos) % {"n": photos}
        )
    return lines
