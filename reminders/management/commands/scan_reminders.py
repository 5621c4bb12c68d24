"""Run the daily reminder scan now (cron, or by hand when there is no Redis/beat)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from reminders import services


class Command(BaseCommand):
    help = "Create today's reminders (idempotent: run it as often as you like) and send emails."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Scan as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--no-email", action="store_true", help="Create reminders only.")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}") from None
        result = services.run_scan(today=today, send_email=not options["no_email"])
        self.stdout.write(
            f"{result.day}: {len(result.created)} reminders created, "
            f"{result.already_sent} already sent, {result.not_wanted} not wanted, "
            f"{result.requeued} unsent emails queued again"
        )
        if result.failures:
            self.stderr.write(f"failures (see the log): {', '.join(result.failures)}")
