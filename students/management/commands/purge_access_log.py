"""Remove access records older than ACCESS_LOG_RETENTION_DAYS (the daily scan does it too)."""

from django.core.management.base import BaseCommand

from students.access_log import purge_expired, retention_days


class Command(BaseCommand):
    help = "Delete access-log records older than ACCESS_LOG_RETENTION_DAYS (default 3 years)."

    def handle(self, *args, **options) -> None:
        deleted = purge_expired()
        self.stdout.write(f"Deleted {deleted} access records older than {retention_days()} days.")
