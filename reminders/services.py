"""The daily scan, reading and preferences: every write of the reminders app."""

from __future__ import annotations

import datetime
import inspect
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.plugins import DueReminder, app_modules
from core.text import Message, stored
from school.models import today as school_today

from . import badge
from .models import Reminder, ReminderMode, ReminderPreference, ScanRun

logger = logging.getLogger(__name__)

Source = tuple[str, Callable[..., Iterable[DueReminder]]]


@dataclass
class ScanResult:
    day: datetime.date
    created: list[int] = field(default_factory=list)  # reminder ids
    already_sent: int = 0
    not_wanted: int = 0
    failures: list[str] = field(default_factory=list)
    requeued: int = 0  # emails of earlier days that had not gone out yet


def plugin_sources() -> list[Source]:
    """Every app's ``reminders_due.due`` (core/plugins.py), this app's own included."""
    return [
        (label, module.due)
        for label, module in app_modules("reminders_due")
        if hasattr(module, "due")
    ]


def accepts_user(due: Callable[..., Iterable[DueReminder]]) -> bool:
    """Whether a source's ``due`` takes the optional ``user`` keyword (``due(*, today,
    user=None)``) to narrow its query to one user's share; ``due(*, today)`` still works."""
    try:
        parameters = inspect.signature(due).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(
        p.kind == p.VAR_KEYWORD or (p.name == "user" and p.kind != p.POSITIONAL_ONLY)
        for p in parameters
    )


def collect_due(
    *, today: datetime.date, sources: Iterable[Source] | None = None, user=None
) -> tuple[list[DueReminder], list[str]]:
    """Ask each source what is due; a failing source is logged and skipped, not fatal.

    With ``user``, only that user's items are returned, and the sources that accept the
    ``user`` keyword are asked for that user's share alone (the digest, shown to one user).
    """
    items: list[DueReminder] = []
    failures: list[str] = []
    for label, due in plugin_sources() if sources is None else sources:
        try:
            # list() inside the try: a generator fails while it is consumed.
            if user is not None and accepts_user(due):
                items.extend(list(due(today=today, user=user)))
            else:
                items.extend(list(due(today=today)))
        except Exception:
            logger.exception("Reminder source %s failed on %s", label, today)
            failures.append(label)
    if user is not None:
        items = [item for item in items if item.user_id == user.pk]
    return items, failures


def delivery_for(user_id: int, kind: str, preferences: dict[tuple[int, str], str]) -> str:
    return preferences.get((user_id, kind), ReminderPreference.DEFAULT)


def run_scan(
    *,
    today: datetime.date | None = None,
    sources: Iterable[Source] | None = None,
    send_email: bool = True,
) -> ScanResult:
    """Create today's reminders, once each, and queue their emails after commit.

    Safe to run any number of times a day: the (user, kind, key) constraint
    makes a second run create nothing. Each reminder is saved in its own
    transaction, so one bad reminder is logged and the others are still sent.
    """
    today = today or school_today()
    # Reminders are stored as text, in the school's language, whoever triggers the scan.
    with translation.override(settings.LANGUAGE_CODE):
        return _run_scan(today=today, sources=sources, send_email=send_email)


def _run_scan(
    *, today: datetime.date, sources: Iterable[Source] | None, send_email: bool
) -> ScanResult:
    result = ScanResult(day=today)
    run, _created = ScanRun.objects.get_or_create(day=today)
    due, result.failures = collect_due(today=today, sources=sources)

    user_ids = {item.user_id for item in due}
    active_users = set(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .values_list("pk", flat=True)
    )
    preferences = {
        (user_id, kind): delivery
        for user_id, kind, delivery in ReminderPreference.objects.filter(
            user_id__in=user_ids
        ).values_list("user_id", "kind", "delivery")
    }
    existing = set(
        Reminder.objects.filter(
            user_id__in=user_ids, kind__in={item.kind for item in due}
        ).values_list("user_id", "kind", "key")
    )
    modes = modes_for(user_ids)
    # The users whose daily digest gets something new today → do they want it by email.
    digests: dict[int, bool] = {}
    seen: set[tuple[int, str, str]] = set()
    for item in due:
        identity = (item.user_id, item.kind, item.key)
        if identity in existing or identity in seen:
            result.already_sent += 1
            continue
        seen.add(identity)
        if item.user_id not in active_users:
            continue
        delivery = delivery_for(item.user_id, item.kind, preferences)
        if delivery == ReminderPreference.Delivery.OFF:
            result.not_wanted += 1
            continue
        wants_email = send_email and delivery == ReminderPreference.Delivery.INBOX_AND_EMAIL
        in_digest = modes.get(item.user_id, default_mode()) == ReminderMode.Mode.DIGEST
        try:
            reminder = create_reminder(
                due=item, email=wants_email and not in_digest, digest=in_digest
            )
        except IntegrityError:
            # Another scan (a redelivered task, a second worker) got there first.
            result.already_sent += 1
        except Exception:
            logger.exception("Reminder %s for user %s failed", identity, item.user_id)
            result.failures.append(f"{item.kind}:{item.key}")
        else:
            result.created.append(reminder.pk)
            if in_digest:
                digests[item.user_id] = digests.get(item.user_id, False) or wants_email

    for user_id, email in sorted(digests.items()):
        try:
            digest = create_digest(user_id=user_id, day=today, email=email)
        except IntegrityError:
            continue  # today's digest exists: it shows today's new items too (built when shown)
        result.created.append(digest.pk)

    if send_email:
        result.requeued = requeue_unsent_emails(exclude=result.created)
    run.finished_at = timezone.now()
    run.created += len(result.created)
    run.failures += len(result.failures)
    run.save(update_fields=["finished_at", "created", "failures"])
    logger.info(
        "Reminder scan %s: %d created, %d already sent, %d failures",
        today,
        len(result.created),
        result.already_sent,
        len(result.failures),
    )
    return result


def modes_for(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's choice of digest or immediate reminders (no row: the default, digest)."""
    return dict(
        ReminderMode.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "mode")
    )


def default_mode() -> str:
    return settings.REMINDER_DEFAULT_MODE


def mode_for(user) -> str:
    return modes_for([user.pk]).get(user.pk, default_mode())


@transaction.atomic
def create_digest(*, user_id: int, day: datetime.date, email: bool) -> Reminder:
    """The user's one digest of ``day``; its text is written when it is shown."""
    reminder = Reminder(
        user_id=user_id,
        kind=Reminder.Kind.DIGEST,
        key=f"digest:{day.isoformat()}",
        email_wanted=email,
    )
    reminder.save()
    if email:
        queue_email(reminder.pk)
    return reminder


@transaction.atomic
def create_reminder(*, due: DueReminder, email: bool, digest: bool = False) -> Reminder:
    title_text, body_text, params = due.title_text, due.body_text, dict(due.params)
    # A title or body written as a message (core.text.message) is stored as one, so it
    # is written again in the reader's language; ``title``/``body`` keep today's text.
    if not title_text and isinstance(due.title, Message):
        title_text, params["_title"] = "%(_title)s", due.title
    if not body_text and isinstance(due.body, Message):
        body_text, params["_body"] = "%(_body)s", due.body
    reminder = Reminder(
        user_id=due.user_id,
        kind=due.kind,
        key=due.key,
        title=str(due.title)[:200],
        body=str(due.body),
        url=due.url,
        email_wanted=email,
        in_digest=digest,
        title_text=title_text[:300],
        body_text=body_text,
        params={key: stored(value) for key, value in params.items()},
    )
    try:
        # Any app may add a kind of its own (core.plugins.DueReminder.kind_label names it).
        reminder.full_clean(validate_constraints=False, exclude=["kind"])
    except ValidationError as exc:
        raise ValueError(f"invalid reminder {due.kind}:{due.key}: {exc}") from exc
    reminder.save()
    if email:
        queue_email(reminder.pk)
    return reminder


def queue_email(reminder_id: int) -> None:
    """Queue the email once the reminder is committed; a failure to queue is logged."""

    # robust: a broker hiccup (or, in eager mode, a mail server down) is logged
    # and does not undo the reminder, which stays in the inbox.
    def queue_reminder_email() -> None:
        # By name, so services do not import the tasks module that imports them.
        current_app.signature("reminders.tasks.send_reminder_email").delay(reminder_id)

    transaction.on_commit(queue_reminder_email, robust=True)


EMAIL_RETRY_DAYS = 3


def requeue_unsent_emails(*, exclude: Iterable[int] = ()) -> int:
    """Queue again the emails of recent reminders that never went out.

    A broker down when the scan queued them, a mail server down past the
    task's retries, a worker lost: the next daily scan tries again. Sending
    is idempotent (the reminder's ``emailed_at`` mark), so a duplicate queue
    entry sends nothing twice.
    """
    since = timezone.now() - datetime.timedelta(days=EMAIL_RETRY_DAYS)
    ids = list(
        Reminder.objects.filter(email_wanted=True, emailed_at__isnull=True, created_at__gte=since)
        .exclude(pk__in=list(exclude))
        .values_list("pk", flat=True)
    )
    for reminder_id in ids:
        queue_email(reminder_id)
    return len(ids)


# ---- reading -------------------------------------------------------------------


def mark_read(*, reminder: Reminder) -> None:
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])


def mark_unread(*, reminder: Reminder) -> None:
    if reminder.read_at is not None:
        reminder.read_at = None
        reminder.save(update_fields=["read_at"])


def mark_all_read(*, user) -> int:
    marked = Reminder.objects.for_user(user).unread().update(read_at=timezone.now())
    badge.forget(user.pk)  # an update() sends no signal
    return marked


# ---- preferences ---------------------------------------------------------------


def preferences_for(user) -> dict[str, str]:
    """Each kind's delivery for this user, defaults filled in."""
    saved = dict(ReminderPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: saved.get(kind, ReminderPreference.DEFAULT) for kind in choosable_kinds()}


def choosable_kinds() -> list[str]:
    """The kinds a user chooses a delivery for (the digest is how they come, not a kind)."""
    return [kind for kind in Reminder.Kind.values if kind != Reminder.Kind.DIGEST]


@transaction.atomic
def save_preferences(*, user, deliveries: dict[str, str], mode: str | None = None) -> None:
    if mode is not None:
        choice = ReminderMode.objects.filter(user=user).first() or ReminderMode(user=user)
        choice.mode = mode
        choice.full_clean()
        choice.save()
    for kind, delivery in deliveries.items():
        preference = ReminderPreference.objects.filter(user=user, kind=kind).first()
        preference = preference or ReminderPreference(user=user, kind=kind)
        preference.delivery = delivery
        preference.full_clean()
        preference.save()


# ---- the in-process fallback ------------------------------------------------------


def scan_in_process_enabled() -> bool:
    """Without a broker (no REDIS_URL) there is no beat: the app scans in-process.

    settings.REMINDER_SCAN_IN_PROCESS defaults to on exactly when REDIS_URL is unset.
    """
    return settings.REMINDER_SCAN_IN_PROCESS


def scan_if_due(now: datetime.datetime | None = None) -> ScanResult | None:
    """Run today's scan if it is past the scan time and it has not run yet today.

    Called from the dashboard, the page everyone opens first: a cache hit
    (no query) on every later view of the day.
    """
    from django.core.cache import cache

    now = timezone.localtime(now)
    scan_time = datetime.time(settings.REMINDER_SCAN_HOUR, settings.REMINDER_SCAN_MINUTE)
    if now.time() < scan_time:
        return None
    cache_key = f"reminders:scanned:{now.date().isoformat()}"
    if cache.get(cache_key):
        return None
    result = None
    if not ScanRun.objects.filter(day=now.date(), finished_at__isnull=False).exists():
        result = run_scan(today=now.date())
    cache.set(cache_key, True, 60 * 60 * 24)
    return result
