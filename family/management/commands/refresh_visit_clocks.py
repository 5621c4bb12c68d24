"""``manage.py refresh_visit_clocks``: rebuild every visit clock (family/visit_clocks.py).

For after a write that sent no signals: a bulk import of cases or contacts, a fix by SQL.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from core import page_cache
from family.models import VisitClock
from family.visit_clocks import refresh_visit_clocks


class Command(BaseCommand):
    help = "Recompute every struggling student's home-visit clock (the visit plan's order)."

    def handle(self, *args, **options):
        refresh_visit_clocks()
        page_cache.bump()  # (the clocks went in by bulk_create: no kept page may outlive them)
        self.stdout.write(f"{VisitClock.objects.count()} visit clocks.")
