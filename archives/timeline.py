"""The archive's own timeline entries: observations, tutoring, discussions, summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import F, FilteredRelation, Q, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from core.plugins import TimelineEntry
from core.rows import pk_url
from core.text import join_list, shown_text
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
    ProbePoint,
    SupportCase,
    TutoringSession,
)
from .rules import can_correct_entry_by


@dataclass
class ArchiveEntry(TimelineEntry):
    """An entry its author (or an administrator) may correct or withdraw; "已更正" once corrected."""

    delete_url: str = ""
    edit_url: str = ""
    history_url: str = ""
    corrected: bool = False
    photos: list = field(default_factory=list)  # ObservationPhoto, shown as thumbnails


def entry_url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` for an ``<int:pk>`` URL, reversed once per name: a
    500-entry archive needs three links an entry (``core.rows.pk_url``)."""
    return pk_url(name)(pk)


def correction_links(user, entry, kind: str, namespace: str = "archives") -> dict:
    """The ArchiveEntry fields that let the user correct, withdraw and trace ``entry``."""
    return row_correction_links(
        user,
        pk=entry.pk,
        author_id=entry.author_id_of_entry,
        corrected=entry.corrected_at is not None,
        kind=kind,
        namespace=namespace,
    )


def row_correction_links(
    user, *, pk: int, author_id: int | None, corrected: bool, kind: str, namespace: str = "archives"
) -> dict:
    """``correction_links`` of an entry read as a row (``values()``), not a model instance."""
    links = {
        "corrected": corrected,
        "history_url": entry_url(f"{namespace}:{kind}_history", pk),
    }
    if can_correct_entry_by(user, author_id):
        links["edit_url"] = entry_url(f"{namespace}:{kind}_edit", pk)
        links["delete_url"] = entry_url(f"{namespace}:{kind}_delete", pk)
    return links


@dataclass
class PhotoLink:
    """What a timeline shows of a work photo (``archives/_photos.html``): its two links."""

    pk: int
    url: str
    thumbnail_url: str


def photo_link(url_name: str, pk: int) -> PhotoLink:
    """The links of the photo ``pk`` served by ``url_name`` (``WorkPhoto.url_name``)."""
    return PhotoLink(pk, entry_url(url_name, pk), entry_url(f"{url_name}_thumb", pk))


def rows_with_photos(rows, url_name: str) -> dict[int, tuple[Any, list[PhotoLink]]]:
    """Entry rows joined to their live photos (one row per photo, ``live_photo__pk``),
    folded back to one row per entry with its photos' links, in the rows' order."""
    entries: dict[int, tuple[Any, list[PhotoLink]]] = {}
    for row in rows:
        seen = entries.get(row["pk"])
        if seen is None:
            seen = entries[row["pk"]] = (row, [])
        if row["live_photo__pk"] is not None:
            seen[1].append(photo_link(url_name, row["live_photo__pk"]))
    return entries


def user_name(full_name: str, username: str) -> str:
    """``str(user)`` from a row's two columns (``User.__str__``)."""
    return full_name or username


def action_follow_up(action: dict) -> list[str]:
    """The lines under an action (a row of ``_ACTION_FIELDS``): its done result, and the
    next discussion's review."""
    lines = []
    if action["done_on"]:
        text = _("Done %(date)s") % {"date": f"{action['done_on']:%Y-%m-%d}"}
        if action["result"]:
            text += f": {action['result']}"
        if action["result_note"]:
            text += f" ({action['result_note']})"
        lines.append(f"   ✓ {text}")
    if action["review"]:
        reviewed_on = action["reviewed_at__date"]
        text = _("Review %(date)s: %(review)s") % {
            "date": f"{reviewed_on:%Y-%m-%d}" if reviewed_on else "",
            "review": str(_REVIEW_LABELS.get(action["review"], action["review"])),
        }
        if action["review_note"]:
            text += f" — {action['review_note']}"
        lines.append(f"   ↳ {text}")
    return lines


_REVIEW_LABELS = dict(AgreedAction.Review.choices)

# Rows, not model instances: a term of daily logging is hundreds of entries, and building
# each as an Observation with its author, case and photos was most of the archive page.
_ENTRY_FIELDS = (
    "pk",
    "date",
    "created_at",
    "corrected_at",
    "author_id",
    "author__full_name",
    "author__username",
    "case_id",
)
# The entries' Meta ordering, and the newest written first on a tie.
_NEWEST_FIRST = ("-date", "-created_at", "-pk")
_ACTION_FIELDS = (
    "discussion_id",
    "description",
    "owner__full_name",
    "owner__username",
    "due_on",
    "done_on",
    "result",
    "result_note",
    "review",
    "reviewed_at__date",
    "review_note",
)


def entries(*, scope, student, subject, term) -> list[TimelineEntry]:
    if not scope.can_see_record(student.school_class_id, subject.pk):
        return []
    # The cases of the student × subject × term (one open, maybe closed ones before it):
    # read once, so the entries' queries filter on their own column and join nothing.
    difficulty = dict(
        SupportCase.objects.filter(student=student, subject=subject, term=term).values_list(
            "pk", "difficulty_type"
        )
    )
    if not difficulty:
        return []
    where = {"case_id__in": list(difficulty)}
    user = scope.user
    items: list[TimelineEntry] = []
    # Everything written in the archive of a psychological-pressure case is about that
    # pressure: observations, tutoring, discussions and summaries alike are restricted
    # (one case per student × subject × term, so one answer for all of them).
    readable = can_read_psychological_note(scope, student.school_class_id)
    withheld_texts: list[str] = []
    psychological = {
        pk: is_psychological_note(SupportCase(difficulty_type=kind))
        for pk, kind in difficulty.items()
    }

    def withheld_text() -> str:
        """Whom to ask, looked up once and only when something is withheld."""
        if not withheld_texts:
            names = head_teacher_names([student.school_class_id], term)
            withheld_texts.append(ask_message(names.get(student.school_class_id)))
        return withheld_texts[0]

    def restricted(row: dict, *texts: str) -> tuple[bool, str]:
        """(withheld, reads) of an entry whose free text is ``texts``."""
        if not any(texts):
            return False, ""
        if not psychological[row["case_id"]]:
            return False, ""
        return not readable, AccessRecord.What.PSYCHOLOGICAL if readable else ""

    def common(row: dict, kind: str) -> dict:
        """The fields every entry of the archive's own has: date, author, links."""
        return {
            "date": row["date"],
            "author": user_name(row["author__full_name"], row["author__username"]),
            "created_at": row["created_at"],
            **row_correction_links(
                user,
                pk=row["pk"],
                author_id=row["author_id"],
                corrected=row["corrected_at"] is not None,
                kind=kind,
            ),
        }

    # One row per observation and live photo (at most three): the photos come in the
    # same query, through a LEFT JOIN.
    rows = (
        Observation.objects.alive()
        .filter(**where)
        .annotate(
            live_photo=FilteredRelation("photos", condition=Q(photos__removed_at__isnull=True))
        )
        .order_by(*_NEWEST_FIRST, "live_photo__created_at", "live_photo__pk")
        .values(*_ENTRY_FIELDS, "kind", "rating", "score_percent", "note", "live_photo__pk")
    )
    observations = rows_with_photos(rows, ObservationPhoto.url_name)
    kind_labels = {value: str(label) for value, label in Observation.Kind.choices}
    for obs, photos in observations.values():
        withheld, reads = restricted(obs, obs["note"])
        kind_label = kind_labels.get(obs["kind"], obs["kind"])
        title = kind_label
        score = obs["score_percent"]
        if score is not None:
            title += f" · {score:g}%"
        items.append(
            ArchiveEntry(
                kind="observation",
                kind_label=kind_label,
                title=title,
                body=withheld_text() if withheld else obs["note"],
                reads=reads,
                withheld=withheld,
                rating=obs["rating"],
                score_percent=float(score) if score is not None else None,
                photos=photos,
                **common(obs, "observation"),
            )
        )
    others = _entry_rows(where)
    tutoring_label = _("One-to-one tutoring")
    for session in others["tutoring"]:
        withheld, reads = restricted(session, session["content"], session["result"])
        items.append(
            ArchiveEntry(
                kind="tutoring",
                kind_label=tutoring_label,
                title=tutoring_label if withheld else session["content"],
                body=withheld_text() if withheld else session["result"],
                reads=reads,
                withheld=withheld,
                rating=session["rating"],
                **common(session, "tutoring"),
            )
        )
    items.extend(_discussion_entries(others["discussion"], restricted, withheld_text, common))
    summary_label = _("Periodic summary")
    for s in others["summary"]:
        withheld, reads = restricted(s, s["text"])
        period = ""
        if s["period_start"] and s["period_end"]:
            period = f"{s['period_start']:%Y-%m-%d} – {s['period_end']:%Y-%m-%d}"
        items.append(
            ArchiveEntry(
                kind="summary",
                kind_label=summary_label,
                title=period or summary_label,
                body=withheld_text() if withheld else s["text"],
                reads=reads,
                withheld=withheld,
                **common(s, "summary"),
            )
        )
    items.extend(probe_entries(others["probe"], common))
    return items


# Tutoring, discussions, summaries and probes come in one UNION: each kind's columns in
# the same slots (a typed NULL where the kind has none), given back under its own names.
_SLOTS: dict[str, models.Field] = {
    "text_a": models.TextField(),
    "text_b": models.TextField(),
    "rating": models.IntegerField(),
    "number": models.DecimalField(max_digits=7, decimal_places=1),
    "date_a": models.DateField(),
    "date_b": models.DateField(),
    "name_a": models.CharField(),
    "name_b": models.CharField(),
}
_UNITED: dict[str, tuple[type[models.Model], dict[str, str]]] = {
    "tutoring": (TutoringSession, {"text_a": "content", "text_b": "result", "rating": "rating"}),
    "discussion": (CaseDiscussion, {"text_a": "ideas"}),
    "summary": (
        ArchiveSummary,
        {"text_a": "text", "date_a": "period_start", "date_b": "period_end"},
    ),
    "probe": (
        ProbePoint,
        {"text_a": "note", "number": "value", "name_a": "measure__name", "name_b": "measure__unit"},
    ),
}


def _entry_rows(where: dict) -> dict[str, list[dict]]:
    """Kind → its live rows (the kind's own field names), newest first: one query."""
    branches = []
    for kind, (model, fields) in _UNITED.items():
        slots = {
            f"slot_{slot}": F(fields[slot]) if slot in fields else Cast(Value(None), field)
            for slot, field in _SLOTS.items()
        }
        branches.append(
            model._default_manager.filter(deleted_at__isnull=True, **where)  # alive()
            .order_by()
            .annotate(entry_kind=Value(kind, output_field=models.CharField()), **slots)
            .values_list("entry_kind", *_ENTRY_FIELDS, *slots)
        )
    names = ("entry_kind", *_ENTRY_FIELDS, *_SLOTS)
    rows: dict[str, list[dict]] = {kind: [] for kind in _UNITED}
    for values in branches[0].union(*branches[1:], all=True):
        row = dict(zip(names, values, strict=True))
        kind = row.pop("entry_kind")
        for slot, name in _UNITED[kind][1].items():
            row[name] = row[slot]
        rows[kind].append(row)
    for found in rows.values():
        found.sort(key=lambda r: (r["date"], r["created_at"], r["pk"]), reverse=True)
    return rows


def _discussion_entries(
    discussions: list[dict], restricted, withheld_text, common
) -> list[TimelineEntry]:
    """Case discussions, with their participants and agreed actions (two more queries)."""
    if not discussions:
        return []
    ids = [d["pk"] for d in discussions]
    participants: dict[int, list[str]] = {pk: [] for pk in ids}
    # The order of ``d.participants.all()``: User's Meta ordering.
    through = CaseDiscussion.participants.through.objects.filter(casediscussion_id__in=ids)
    for discussion_id, full_name, username in through.order_by(
        "user__full_name", "user__username", "user_id"
    ).values_list("casediscussion_id", "user__full_name", "user__username"):
        participants[discussion_id].append(user_name(full_name, username))
    actions: dict[int, list[dict]] = {pk: [] for pk in ids}
    for a in (
        AgreedAction.objects.filter(discussion_id__in=ids)
        .order_by("due_on", "pk")
        .values(*_ACTION_FIELDS)
    ):
        actions[a["discussion_id"]].append(a)
    label = _("Case discussion")
    out: list[TimelineEntry] = []
    for d in discussions:
        lines = [d["ideas"]]
        for a in actions[d["pk"]]:
            owner = user_name(a["owner__full_name"], a["owner__username"])
            lines.append(f"→ {a['description']} ({owner}, {a['due_on']:%Y-%m-%d})")
            lines.extend(action_follow_up(a))
        withheld, reads = restricted(d, *lines)
        out.append(
            ArchiveEntry(
                kind="discussion",
                kind_label=label,
                title=join_list(participants[d["pk"]]),
                body=withheld_text() if withheld else "\n".join(lines),
                reads=reads,
                withheld=withheld,
                **common(d, "discussion"),
            )
        )
    return out


def probe_entries(probes: list[dict], common) -> list[TimelineEntry]:
    """Probes of a monitored measure (口算 1 分钟 …), one entry each."""
    label = _("Probe")
    return [
        ArchiveEntry(
            kind="probe",
            kind_label=label,
            title=f"{shown_text(p['measure__name'])} {float(p['value']):g}"
            f"{shown_text(p['measure__unit'])}",
            body=p["note"],
            **common(p, "probe"),
        )
        for p in probes
    ]
