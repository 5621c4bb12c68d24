"""Backup and restore: a school backed up, restored into a fresh database and media
folder, has every row and file, serves its pages, and its past exports download."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from reports.services import run_export, start_export
from school.models import Term
from school.reporting import Filters

from .factories.reports import seed_cases


def checksums(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        result = {}
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            result[table] = cursor.fetchone()[0]
        return result


def restored_name(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        return f"{connection.settings_dict['NAME']}_restore"
    return str(tmp_path / "restored.sqlite3")


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database to restore into (dropped afterwards on PostgreSQL)."""
    name = restored_name(tmp_path)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    if connection.vendor == "postgresql":
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def serve_from(settings):
    """Point the site at another database and media folder, then back."""
    original = connection.settings_dict["NAME"]

    def _serve(name: str, media: Path) -> None:
        connection.close()
        connection.settings_dict["NAME"] = name
        settings.MEDIA_ROOT = media

    yield _serve
    connection.close()
    connection.settings_dict["NAME"] = original


def test_backup_restores_every_row_and_file_and_the_school_serves(
    transactional_db, school, settings, tmp_path, fresh_database, serve_from, client
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    seed_cases(school)
    job = start_export(
        user=school.admin, filters=Filters(term=Term.objects.current()), language="zh-hans"
    )
    run_export(job_id=job.pk)
    job.refresh_from_db()
    before_rows, before_files = counts_here(), checksums(media)
    assert before_files  # the export file is there

    archive = tmp_path / "bangfu.tar.gz"
    call_command("backup", str(archive))
    restored_media = tmp_path / "restored-media"
    call_command(
        "restore", str(archive), database_name=fresh_database, media_root=str(restored_media)
    )

    assert checksums(restored_media) == before_files
    serve_from(fresh_database, restored_media)
    assert counts_here() == before_rows
    client.force_login(school.admin)
    response = client.get(reverse("students:list"))
    assert response.status_code == 200
    assert school.student_a.name in response.content.decode()
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == (media / job.file.name).read_bytes()


def test_restore_refuses_a_database_that_is_not_empty(transactional_db, school, tmp_path):
    archive = tmp_path / "bangfu.tar.gz"
    call_command("backup", str(archive))
    before = counts_here()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))  # into the database in use
    assert counts_here() == before
