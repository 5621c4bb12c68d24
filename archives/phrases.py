"""Quick phrases for an observation's note: the teacher's own most-used first, then the school's.

The school's list per observation kind is kept in ``QuickPhrase`` and edited by school
leaders; until a kind has any, the built-in defaults below are offered. A teacher's own
phrases are learnt from the notes they wrote: a note is split at the separators a chip
uses (and at common punctuation), and a piece written at least twice is offered first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from school.models import User

from .models import Observation, QuickPhrase

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Kind = Observation.Kind

# Chip text joins the note with this separator (the JS in static/archives/phrases.js too).
SEPARATOR = "；"
SPLIT = re.compile(r"[；;，,。.、\n]+")
MAX_PHRASE = 20
OWN_MIN_USES = 2
OWN_COUNT = 4
OFFERED = 10
RECENT_NOTES = 300

DEFAULTS: dict[str, list[StrOrPromise]] = {
    Kind.CLASSROOM: [
        gettext_lazy("Raised hand to answer"),
        gettext_lazy("Attention wandered"),
        gettext_lazy("Answered correctly"),
        gettext_lazy("Needed reminding"),
        gettext_lazy("Basic questions all correct"),
        gettext_lazy("Took part in group work"),
    ],
    Kind.HOMEWORK: [
        gettext_lazy("Homework not handed in"),
        gettext_lazy("Handwriting improved"),
        gettext_lazy("Corrected promptly"),
        gettext_lazy("Basic questions all correct"),
        gettext_lazy("Careless mistakes"),
        gettext_lazy("Incomplete"),
    ],
    Kind.TEST: [
        gettext_lazy("Basic questions all correct"),
        gettext_lazy("Score improved"),
        gettext_lazy("Careless mistakes"),
        gettext_lazy("Ran out of time"),
        gettext_lazy("Corrected promptly"),
    ],
    Kind.ATTITUDE: [
        gettext_lazy("Raised hand to answer"),
        gettext_lazy("Attention wandered"),
        gettext_lazy("Asked for help"),
        gettext_lazy("More confident"),
        gettext_lazy("Disturbed others"),
    ],
}


def school_phrases() -> dict[str, list[str]]:
    """The school's list per kind (one query); a kind without any gets the defaults."""
    stored: dict[str, list[str]] = {}
    for phrase in QuickPhrase.objects.all():
        stored.setdefault(phrase.kind, []).append(phrase.text)
    return {
        kind: stored.get(kind) or [str(text) for text in DEFAULTS.get(kind, [])]
        for kind in Kind.values
    }


def split_note(note: str) -> list[str]:
    """The phrase-sized pieces of a note."""
    pieces = (piece.strip() for piece in SPLIT.split(note))
    return [piece for piece in pieces if piece and len(piece) <= MAX_PHRASE]


def own_phrases(user: User) -> dict[str, list[str]]:
    """The user's most-used pieces of their recent notes per kind (one query)."""
    notes = (
        Observation.objects.alive()
        .filter(author=user)
        .exclude(note="")
        .order_by("-created_at")
        .values_list("kind", "note")[:RECENT_NOTES]
    )
    counts: dict[str, Counter[str]] = {}
    for kind, note in notes:
        counts.setdefault(kind, Counter()).update(set(split_note(note)))
    return {
        kind: [text for text, n in counter.most_common(OWN_COUNT) if n >= OWN_MIN_USES]
        for kind, counter in counts.items()
    }


def phrases_for(user: User) -> dict[str, list[str]]:
    """Per kind, the chips offered to ``user``: their own most-used first, then the school's."""
    shared = school_phrases()
    own = own_phrases(user)
    offered = {}
    for kind in Kind.values:
        seen: dict[str, None] = {}
        for text in [*own.get(kind, []), *shared[kind]]:
            seen.setdefault(text, None)
        offered[kind] = list(seen)[:OFFERED]
    return offered


def parse_lines(text: str) -> list[str]:
    """One phrase a line; blank lines and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        if line.strip():
            seen.setdefault(line.strip(), None)
    return list(seen)


@transaction.atomic
def set_school_phrases(*, lists: dict[str, Iterable[str]], by: User) -> list[QuickPhrase]:
    """Replace the school's list of each kind in ``lists`` (school leaders only)."""
    if not by.is_school_leader:
        raise ValidationError(_("Only school leaders edit the quick phrases."))
    phrases = [
        QuickPhrase(kind=kind, text=text, position=position)
        for kind, texts in lists.items()
        for position, text in enumerate(texts)
    ]
    for phrase in phrases:
        phrase.full_clean(validate_unique=False)
    QuickPhrase.objects.filter(kind__in=list(lists)).delete()
    return QuickPhrase.objects.bulk_create(phrases)
