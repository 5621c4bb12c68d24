"""The archive's own timeline entries: observations, tutoring, discussions, summaries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from core.plugins import TimelineEntry
from core.text import join_list
from school.restricted import (
    ask_message,
    can_read_psychological_note,
    head_teacher_names,
    is_psychological_note,
)
from students.models import AccessRecord

from .models import (
    AgreedAction,
    ArchiveSummary,
    CaseDiscussion,
    Observation,
    ObservationPhoto,
    TutoringSession,
)
from .rules import can_correct_entry


@dataclass
class ArchiveEntry(TimelineEntry):
    """An entry its author (or an administrator) may correct or withdraw; "已更正" once corrected."""

    delete_url: str = ""
    edit_url: str = ""
    history_url: str = ""
    corrected: bool = False
    photos: list = field(default_factory=list)  # ObservationPhoto, shown as thumbnails


_SENTINEL = 987654321987
_URL_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {}


def entry_url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` for an ``<int:pk>`` URL, reversed once per name.

    A 500-entry archive needs three links an entry: 1,500 ``reverse`` calls were a
    tenth of the page. The URL is reversed once with a sentinel pk, then filled in.
    """
    key = (name, get_script_prefix())
    parts = _URL_PATTERNS.get(key)
    if parts is None:
        url = reverse(name, args=[_SENTINEL])
        head, sep, tail = url.partition(str(_SENTINEL))
        if not sep or str(_SENTINEL) in tail:
            return reverse(name, args=[pk])
        parts = _URL_PATTERNS[key] = (head, tail)
    return f"{parts[0]}{int(pk)}{parts[1]}"


def correction_links(user, entry, kind: str, namespace: str = "archives") -> dict:
    """The ArchiveEntry fields that let the user correct, withdraw and trace ``entry``."""
    links = {
        "corrected": entry.corrected_at is not None,
        "history_url": entry_url(f"{namespace}:{kind}_history", entry.pk),
    }
    if can_correct_entry(user, entry):
        links["edit_url"] = entry_url(f"{namespace}:{kind}_edit", entry.pk)
        links["delete_url"] = entry_url(f"{namespace}:{kind}_delete", entry.pk)
    return links


def action_follow_up(action: AgreedAction) -> list[str]:
    """The lines under an action: its done result, and the next discussion's review."""
    lines = []
    if action.done_on:
        text = _("Done %(date)s") % {"date": f"{action.done_on:%Y-%m-%d}"}
        if action.result:
            text += f": {action.result}"
        if action.result_note:
            text += f" ({action.result_note})"
        lines.append(f"   ✓ {text}")
    if action.review:
        text = _("Review %(date)s: %(review)s") % {
            "date": f"{action.reviewed_at.date:%Y-%m-%d}" if action.reviewed_at else "",
            "review": action.get_review_display(),
        }
        if action.review_note:
            text += f" — {action.review_note}"
        lines.append(f"   ↳ {text}")
    return lines


def entries(*, scope, student, subject, term) -> list[TimelineEntry]:
    if not scope.can_see_record(student.school_class_id, subject.pk):
        return []
    where = {"case__student": student, "case__subject": subject, "case__term": term}
    user = scope.user
    items: list[TimelineEntry] = []
    observations = list(
        Observation.objects.alive()
        .filter(**where)
        .select_related("author", "case")
        .prefetch_related(Prefetch("photos", queryset=ObservationPhoto.objects.live()))
    )
    # Everything written in the archive of a psychological-pressure case is about that
    # pressure: observations, tutoring, discussions and summaries alike are restricted
    # (one case per student × subject × term, so one answer for all of them).
    readable = can_read_psychological_note(scope, student.school_class_id)
    withheld_texts: list[str] = []

    def withheld_text() -> str:
        """Whom to ask, looked up once and only when something is withheld."""
        if not withheld_texts:
            names = head_teacher_names([student.school_class_id], term)
            withheld_texts.append(ask_message(names.get(student.school_class_id)))
        return withheld_texts[0]

    def restricted(entry, *texts: str) -> tuple[bool, bool, str]:
        """(restricted, withheld, reads) of an entry whose free text is ``texts``."""
        is_restricted = any(texts) and is_psychological_note(entry.case)
        withheld = is_restricted and not readable
        reads = AccessRecord.What.PSYCHOLOGICAL if is_restricted and readable else ""
        return is_restricted, withheld, reads

    for obs in observations:
        _restricted, withheld, reads = restricted(obs, obs.note)
        title = obs.get_kind_display()
        if obs.score_percent is not None:
            title += f" · {obs.score_percent:g}%"
        items.append(
            ArchiveEntry(
                date=obs.date,
                kind="observation",
                kind_label=obs.get_kind_display(),
                title=title,
                body=withheld_text() if withheld else obs.note,
                reads=reads,
                withheld=withheld,
                rating=obs.rating,
                score_percent=float(obs.score_percent) if obs.score_percent is not None else None,
                author=str(obs.author),
                created_at=obs.created_at,
                photos=list(obs.photos.all()),
                **correction_links(user, obs, "observation"),
            )
        )
    sessions = TutoringSession.objects.alive().filter(**where).select_related("author", "case")
    for session in sessions:
        _r, withheld, reads = restricted(session, session.content, session.result)
        items.append(
            ArchiveEntry(
                date=session.date,
                kind="tutoring",
                kind_label=_("One-to-one tutoring"),
                title=_("One-to-one tutoring") if withheld else session.content,
                body=withheld_text() if withheld else session.result,
                reads=reads,
                withheld=withheld,
                rating=session.rating,
                author=str(session.author),
                created_at=session.created_at,
                **correction_links(user, session, "tutoring"),
            )
        )
    discussions = (
        CaseDiscussion.objects.alive()
        .filter(**where)
        .select_related("author", "case")
        .prefetch_related(
            "participants",
            Prefetch(
                "actions", AgreedAction.objects.select_related("owner", "done_by", "reviewed_at")
            ),
        )
    )
    for d in discussions:
        lines = [d.ideas]
        for a in d.actions.all():
            lines.append(f"→ {a.description} ({a.owner}, {a.due_on:%Y-%m-%d})")
            lines.extend(action_follow_up(a))
        _r, withheld, reads = restricted(d, *lines)
        items.append(
            ArchiveEntry(
                date=d.date,
                kind="discussion",
                kind_label=_("Case discussion"),
                title=join_list(d.participants.all()),
                body=withheld_text() if withheld else "\n".join(lines),
                reads=reads,
                withheld=withheld,
                author=str(d.author),
                created_at=d.created_at,
                **correction_links(user, d, "discussion"),
            )
        )
    for s in ArchiveSummary.objects.alive().filter(**where).select_related("author", "case"):
        _r, withheld, reads = restricted(s, s.text)
        period = ""
        if s.period_start and s.period_end:
            period = f"{s.period_start:%Y-%m-%d} – {s.period_end:%Y-%m-%d}"
        items.append(
            ArchiveEntry(
                date=s.date,
                kind="summary",
                kind_label=_("Periodic summary"),
                title=period or _("Periodic summary"),
                body=withheld_text() if withheld else s.text,
                reads=reads,
                withheld=withheld,
                author=str(s.author),
                created_at=s.created_at,
                **correction_links(user, s, "summary"),
            )
        )
    items.extend(probe_entries(user, where))
    return items


def probe_entries(user, where: dict) -> list[TimelineEntry]:
    """Probes of a monitored measure (口算 1 分钟 …), one entry each."""
    from .models import ProbePoint

    probes = ProbePoint.objects.alive().filter(**where).select_related("measure", "author")
    return [
        ArchiveEntry(
            date=p.date,
            kind="probe",
            kind_label=_("Probe"),
            title=f"{p.measure.shown_name} {float(p.value):g}{p.measure.shown_unit}",
            body=p.note,
            author=str(p.author),
            created_at=p.created_at,
            **correction_links(user, p, "probe"),
        )
        for p in probes
    ]
