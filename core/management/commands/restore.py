"""``manage.py restore <archive>``: the database and media files back, into an empty database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore an archive written by `manage.py backup` into an empty database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--database-name", help="Restore into this database (default: the configured one)."
        )
        parser.add_argument("--media-root", help="Restore the files here (default: MEDIA_ROOT).")

    def handle(
        self, *args, archive: str, database_name: str | None, media_root: str | None, **options
    ):
        if not Path(archive).is_file():
            raise CommandError(f"No archive at {archive}.")
        try:
            restore(
                Path(archive),
                database_name=database_name,
                media_root=Path(media_root) if media_root else None,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS("Restored."))
