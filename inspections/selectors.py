"""Reads of the inspections other modules (and this app's views) ask for."""

from __future__ import annotations

from django.db.models import QuerySet

from core.plugins import Evidence, collect
from school.scoping import get_object_in_scope

from .models import InspectionRound


def rounds_in_scope(scope, *, manage: bool = False) -> QuerySet:
    """Rounds the user sees (or, with ``manage``, manages); with their term and subject."""
    rounds = InspectionRound.objects.select_related("term", "subject", "created_by")
    return rounds.managed_by(scope) if manage else rounds.visible_to(scope)


def get_round(scope, round_pk: int, *, manage: bool = False) -> InspectionRound:
    """One round in the user's scope; a 404 outside it."""
    return get_object_in_scope(rounds_in_scope(scope, manage=manage), pk=round_pk)


def evidence_for(inspection_round: InspectionRound, teacher) -> list[Evidence]:
    """Every app's ``evidence.py`` figures for a teacher, from term start to the round's due date."""
    term = inspection_round.term
    end = min(inspection_round.due, term.end)
    return collect("evidence", "evidence", teacher=teacher, term=term, start=term.start, end=end)


def group_evidence(rows: list[dict], evidence: list[Evidence]) -> list[Evidence]:
    """Put each figure beside every item of its area; return those no item claims."""
    by_area: dict[str, list[dict]] = {}
    for row in rows:
        by_area.setdefault(row["item"].area, []).append(row)
    general = []
    for e in evidence:
        if e.group in by_area:
            for row in by_area[e.group]:
                row["evidence"].append(e)
        else:
            general.append(e)
    return general


def evidence_records(inspection_round: InspectionRound, teacher, key: str) -> list:
    """The records behind the figure ``key`` (every app's ``evidence.records``)."""
    term = inspection_round.term
    end = min(inspection_round.due, term.end)
    return collect(
        "evidence", "records", teacher=teacher, term=term, start=term.start, end=end, key=key
    )
