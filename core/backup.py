"""One archive holding the database and the media files, and the way back.

The archive is a .tar.gz with ``manifest.json``, the database (``database.dump``,
``pg_dump`` custom format, on PostgreSQL; ``database.sqlite3``, a consistent copy
through SQLite's backup API, otherwise) and ``media/`` (exports and any other
upload). Generic: it reads only the settings, no app's models.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _is_postgres(db: dict) -> bool:
    return db["ENGINE"] == "django.db.backends.postgresql"


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict, name: str) -> list[str]:
    args = ["--dbname", name]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def backup(target: Path, *, alias: str = "default", media_root: Path | None = None) -> Path:
    """Write the archive to ``target`` (a file path); returns it."""
    db = connections[alias].settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if _is_postgres(db):
            dump = Path(tmp) / "database.dump"
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    str(dump),
                    *_pg_args(db, db["NAME"]),
                ],
                _pg_env(db),
            )
        else:
            dump = Path(tmp) / "database.sqlite3"
            source = sqlite3.connect(str(db["NAME"]))
            copy = sqlite3.connect(str(dump))
            with copy:
                source.backup(copy)
            source.close()
            copy.close()
        manifest = Path(tmp) / MANIFEST
        manifest.write_text(
            json.dumps(
                {
                    "engine": db["ENGINE"],
                    "created": timezone.now().isoformat(),
                    "database": dump.name,
                }
            )
        )
        with tarfile.open(target, "w:gz") as archive:
            archive.add(manifest, MANIFEST)
            archive.add(dump, dump.name)
            if media_root.is_dir():
                archive.add(media_root, "media")
    return target


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Unexpected entry in the archive: {member.name}")
        members.append(member)
    return members


def _empty(alias: str, name: str | None) -> bool:
    db = dict(connections[alias].settings_dict)
    if _is_postgres(db):
        import psycopg2

        kwargs = {
            "dbname": name or db["NAME"],
            "user": db.get("USER") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "password": db.get("PASSWORD") or None,
        }
        conn = psycopg2.connect(**{k: v for k, v in kwargs.items() if v})
        try:
            with conn.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                )
                count = cursor.fetchone()[0]
        finally:
            conn.close()
        return count == 0
    path = Path(name or db["NAME"])
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(str(path)) as conn:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    conn.close()
    return tables == 0


def restore(
    archive_path: Path,
    *,
    alias: str = "default",
    database_name: str | None = None,
    media_root: Path | None = None,
) -> None:
    """Bring the archive's database and media back into an empty database and media folder.

    ``database_name`` restores into another database than the configured one (a
    file path on SQLite, a database on the same server on PostgreSQL).
    """
    db = connections[alias].settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not _empty(alias, database_name):
        raise BackupError("The target database is not empty; restore only into an empty database.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(tmp, members=_safe_members(archive))
        manifest = json.loads((Path(tmp) / MANIFEST).read_text())
        if manifest["engine"] != db["ENGINE"]:
            raise BackupError(
                f"The archive holds a {manifest['engine']} database; this site uses {db['ENGINE']}."
            )
        dump = Path(tmp) / manifest["database"]
        if _is_postgres(db):
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    *_pg_args(db, database_name or db["NAME"]),
                    str(dump),
                ],
                _pg_env(db),
            )
        else:
            connections[alias].close()
            source = sqlite3.connect(str(dump))
            target = sqlite3.connect(str(database_name or db["NAME"]))
            with target:
                source.backup(target)
            source.close()
            target.close()
        media = Path(tmp) / "media"
        if media.is_dir():
            shutil.copytree(media, media_root, dirs_exist_ok=True)
