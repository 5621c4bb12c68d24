"""Start-up checks: configuration that would be silently wrong fails here, not at first use."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def bangfu_settings(app_configs, **kwargs):
    problems = []
    positive = [
        "PAGE_SIZE",
        "ROSTER_IMPORT_MAX_BYTES",
        "ROSTER_IMPORT_MAX_ROWS",
        "ARCHIVE_STALE_DAYS",
        "HOME_VISIT_INTERVAL_DAYS",
        "EXPORT_BACKGROUND_ROWS",
        "EXPORT_RETENTION_HOURS",
    ]
    for name in positive:
        if getattr(settings, name) <= 0:
            problems.append(Error(f"{name} must be greater than 0", id="bangfu.E001"))
    if not 0 <= settings.REMINDER_SCAN_HOUR <= 23:
        problems.append(Error("REMINDER_SCAN_HOUR must be 0–23", id="bangfu.E002"))
    if not 0 <= settings.REMINDER_SCAN_MINUTE <= 59:
        problems.append(Error("REMINDER_SCAN_MINUTE must be 0–59", id="bangfu.E003"))
    from django.core.exceptions import ImproperlyConfigured

    from .access_log import retention_days

    try:
        retention_days()
    except ImproperlyConfigured as exc:
        problems.append(Error(str(exc), id="bangfu.E004"))
    if not settings.DEBUG and not settings.REDIS_URL:
        problems.append(
            Warning(
                "REDIS_URL is not set: Celery tasks run in-process and reminders only on demand",
                id="bangfu.W001",
            )
        )
    return problems
