"""Start-up checks: configuration that would be silently wrong fails here, not at first use."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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
    if not settings.DEBUG and not settings.REDIS_URL:
        problems.append(
            Warning(
                "REDIS_URL is not set: Celery tasks run in-process and reminders only on demand",
                id="bangfu.W001",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def bangfu_deploy_settings(app_configs, **kwargs):
    """Production settings a shared school computer and a reverse proxy depend on."""
    problems = []
    if settings.DEBUG:
        problems.append(
            Error(
                "DEBUG is on: it shows settings and pupils' data in error pages",
                hint="Set DEBUG=false in production.",
                id="bangfu.E101",
            )
        )
    age = getattr(settings, "SESSION_COOKIE_AGE", None)
    if not isinstance(age, int) or not 0 < age <= 24 * 3600:
        # Django's own default is 14 days.
        problems.append(
            Error(
                "SESSION_COOKIE_AGE is missing or longer than a day: sessions would last 14 days",
                hint="Set SESSION_MAX_HOURS (default 10).",
                id="bangfu.E102",
            )
        )
    idle = getattr(settings, "SESSION_IDLE_MINUTES", None)
    if not isinstance(idle, int) or idle <= 0:
        problems.append(
            Error(
                "SESSION_IDLE_MINUTES is missing or not positive: idle sessions never end",
                hint="Set SESSION_IDLE_MINUTES (default 30).",
                id="bangfu.E103",
            )
        )
    if "school.middleware.IdleTimeoutMiddleware" not in settings.MIDDLEWARE:
        problems.append(
            Error(
                "school.middleware.IdleTimeoutMiddleware is not in MIDDLEWARE: "
                "idle sessions never end",
                id="bangfu.E104",
            )
        )
    if not getattr(settings, "SESSION_EXPIRE_AT_BROWSER_CLOSE", False):
        problems.append(
            Error(
                "SESSION_EXPIRE_AT_BROWSER_CLOSE is off: a shared computer stays logged in",
                hint="Set SESSION_EXPIRE_AT_BROWSER_CLOSE=true.",
                id="bangfu.E105",
            )
        )
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not proxies:
        problems.append(
            Error(
                "SECURE_PROXY_SSL_HEADER is set but TRUSTED_PROXY_COUNT is 0: "
                "a client could forge the proxy's headers",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of Bangfu.",
                id="bangfu.E106",
            )
        )
    return problems
