"""``manage.py backup [path]``: one archive with the database and the media files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write one .tar.gz archive holding the database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="Archive to write (default: BACKUP_DIR/bangfu-<time>.tar.gz)."
        )

    def handle(self, *args, path: str | None = None, **options):
        target = (
            Path(path)
            if path
            else Path(settings.BACKUP_DIR) / (f"bangfu-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        )
        try:
            backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(target))
