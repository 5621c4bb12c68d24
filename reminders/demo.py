"""Demo reminders: today's scan, without emails, so the inbox and badge show something."""

from __future__ import annotations

from . import services


def seed(ctx: dict) -> None:
    # The other apps' demo data exist by now (reminders seeds after them). Idempotent.
    services.run_scan(send_email=False)
