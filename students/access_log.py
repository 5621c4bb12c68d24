"""Who read what: a record of every read of restricted or family data.

Students are minors; the law asks that access to their sensitive data be
limited to need *and recorded*. Any view, export or plug-in that shows family
data or restricted free text calls ``record_access`` once per request with the
students it showed: one bulk insert, whatever the number of students.

Records are kept ``ACCESS_LOG_RETENTION_DAYS`` days (default 3 years), then
removed by ``purge_expired`` (the daily reminder scan calls it; so does
``manage.py purge_access_log``).
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core import page_cache
from school.middleware import client_ip_address

from .models import AccessRecord

DEFAULT_RETENTION_DAYS = 3 * 365
What = AccessRecord.What


def retention_days() -> int:
    """``settings.ACCESS_LOG_RETENTION_DAYS`` if set, else the environment, else 3 years."""
    value = getattr(settings, "ACCESS_LOG_RETENTION_DAYS", None)
    if value is None:
        raw = os.environ.get("ACCESS_LOG_RETENTION_DAYS", str(DEFAULT_RETENTION_DAYS)).strip()
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(
                f"ACCESS_LOG_RETENTION_DAYS must be a whole number, got {raw!r}"
            ) from None
    if value <= 0:
        raise ImproperlyConfigured("ACCESS_LOG_RETENTION_DAYS must be greater than 0")
    return value


def client_address(request) -> str | None:
    """The reader's address, as django-axes sees it (``school.middleware.client_ip_address``).

    The forwarded header is believed only as far as ``settings.TRUSTED_PROXY_COUNT``
    proxies vouch for it; anything that is not an IP address is logged as unknown.
    """
    try:
        return str(ipaddress.ip_address(client_ip_address(request) or ""))
    except ValueError:
        return None


def _student_ids(students) -> list[int]:
    if students is None:
        return []
    if hasattr(students, "pk"):
        return [students.pk]
    ids = []
    for s in students if isinstance(students, Iterable) else [students]:
        pk = getattr(s, "pk", s)
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids


def record_access(request, *, students, what: str) -> int:
    """Record that ``request.user`` read ``what`` about ``students`` (one student, or many).

    One INSERT for the lot. Returns the number of records written (0 for an
    anonymous request or no students).
    """
    return record_reads(request, reads=[(pk, what) for pk in _student_ids(students)])


def record_reads(request, *, reads: Iterable[tuple[int, str]]) -> int:
    """Record several kinds of read at once: ``reads`` is (student id, what) pairs.

    For a page that shows different restricted data (a progress archive's root
    cause, psychological notes and family contacts): one INSERT, duplicates dropped.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    pairs = list(dict.fromkeys((pk, str(what)) for pk, what in reads if pk is not None and what))
    if not pairs:
        return 0
    now = timezone.now()
    address = client_address(request)
    AccessRecord.objects.bulk_create(
        [
            AccessRecord(user=user, student_id=pk, what=what, address=address, at=now)
            for pk, what in pairs
        ]
    )
    page_cache.note_reads(request, pairs)  # a kept page logs them again each time it is shown
    return len(pairs)


def replay_reads(sender, *, request, reads, **kwargs) -> None:
    """A kept page was shown: log the reads it logged when it was built (core.page_cache)."""
    record_reads(request, reads=reads)


def recent_for_student(student, limit: int = 5) -> list[AccessRecord]:
    """最近查看: the latest reads of a student's data (one query)."""
    return list(
        AccessRecord.objects.filter(student=student)
        .select_related("user")
        .order_by("-at", "-id")[:limit]
    )


def purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete records older than the retention period; returns how many went."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    deleted, _by_model = AccessRecord.objects.filter(at__lt=cutoff).delete()
    return deleted
