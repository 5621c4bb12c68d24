"""Keep ``VisitClock`` true: every write that moves a visit clock refreshes its student's rows.

Signals rather than each service, as ``archives/latest_entry.py`` keeps a case's newest
entry: so every writer is covered. A family contact's create, correction, withdrawal and
restore (its date and channel, its ``deleted_at``), a support case's identification,
closing, reopening and carry-over (its status, term and identification day), a term's
dates, the admin, erasure and cascades. Bulk writers that send no signals (``bulk_create``,
``queryset.update()`` of a case's status or a contact's date, the bench's ``COPY``, a
restore by SQL) call ``refresh_visit_clocks`` themselves, or ``manage.py
refresh_visit_clocks`` afterwards; the migration that made the table filled it.

The refresh runs at once (the same transaction, and the request, see it) and again after
the commit: two teachers writing for one student at once each commit before the second
refresh starts, so the later refresh sees both writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save

OPEN_STATUSES = ("identified", "in_support")  # SupportCase.OPEN_STATUSES, for the migration
HOME_VISIT = "home_visit"  # FamilyContact.Channel.HOME_VISIT


def _current_models() -> tuple:
    from archives.models import SupportCase
    from school.models import Term

    from .models import FamilyContact, VisitClock

    return SupportCase, FamilyContact, Term, VisitClock


def refresh_visit_clocks(student_ids: Iterable[int] | None = None, *, models=None) -> None:
    """Recompute the visit clocks of these students (``None``: every student), every term.

    ``models`` (SupportCase, FamilyContact, Term, VisitClock) lets a migration pass its own.
    """
    support_case, family_contact, term_model, visit_clock = models or _current_models()
    if student_ids is None:
        chunks: list[list[int] | None] = [None]
    else:
        ids = sorted(set(student_ids))
        chunks = [ids[i : i + 500] for i in range(0, len(ids), 500)]
    with transaction.atomic():
        for chunk in chunks:
            cases = support_case.objects.filter(status__in=OPEN_STATUSES)
            visits = family_contact.objects.filter(deleted_at__isnull=True, channel=HOME_VISIT)
            clocks = visit_clock.objects.all()
            if chunk is not None:
                cases = cases.filter(student_id__in=chunk)
                visits = visits.filter(student_id__in=chunk)
                clocks = clocks.filter(student_id__in=chunk)
            first_identified = {
                (student_id, term_id): first
                for student_id, term_id, first in cases.order_by()
                .values_list("student_id", "term_id")
                .annotate(first=Min("identified_on"))
            }
            dates: dict[int, list] = defaultdict(list)
            for student_id, day in visits.order_by().values_list("student_id", "date"):
                dates[student_id].append(day)
            terms = {
                pk: (start, end)
                for pk, start, end in term_model.objects.filter(
                    pk__in={term_id for _s, term_id in first_identified}
                ).values_list("pk", "start", "end")
            }
            rows = []
            for (student_id, term_id), first in first_identified.items():
                days = dates.get(student_id, [])
                start, end = terms[term_id]
                rows.append(
                    visit_clock(
                        student_id=student_id,
                        term_id=term_id,
                        clock=max(days) if days else first,
                        visited=any(start <= d <= end for d in days),
                    )
                )
            clocks.delete()
            # A concurrent refresh of the same student may have inserted its row since.
            visit_clock.objects.bulk_create(
                rows,
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["term", "student"],
                update_fields=["clock", "visited"],
            )


def _refresh_students(student_ids: list[int]) -> None:
    refresh_visit_clocks(student_ids)
    transaction.on_commit(partial(refresh_visit_clocks, student_ids))


def _student_changed(sender, instance, **kwargs) -> None:
    student_id = getattr(instance, "student_id", None)
    if student_id is not None:
        _refresh_students([student_id])


def _term_changed(sender, instance, created=False, **kwargs) -> None:
    # Only the dates matter ("visited this term"); a new term has no cases yet.
    if created:
        return
    from archives.models import SupportCase

    ids = list(SupportCase.objects.filter(term=instance).values_list("student_id", flat=True))
    if ids:
        _refresh_students(ids)


def connect() -> None:
    support_case, family_contact, term_model, _visit_clock = _current_models()
    for model in (support_case, family_contact):
        post_save.connect(_student_changed, sender=model, dispatch_uid=f"visit_clock_save_{model}")
        post_delete.connect(_student_changed, sender=model, dispatch_uid=f"visit_clock_del_{model}")
    post_save.connect(_term_changed, sender=term_model, dispatch_uid="visit_clock_term")
