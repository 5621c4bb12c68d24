"""Erasure plug-in: export files that list the student are deleted, their jobs expired.

An .xlsx is a zip of XML parts, so the name is looked for in the unpacked text.
"""

from __future__ import annotations

import zipfile

from django.utils.translation import ngettext

from .models import ExportJob


def mentions(path_or_handle, needles: list[str]) -> bool:
    """Whether the xlsx (or any other file) holds one of ``needles`` as text."""
    needles_bytes = [n.encode() for n in needles if n]
    try:
        with zipfile.ZipFile(path_or_handle) as archive:
            for member in archive.namelist():
                data = archive.read(member)
                if any(n in data for n in needles_bytes):
                    return True
            return False
    except zipfile.BadZipFile:
        path_or_handle.seek(0)
        data = path_or_handle.read()
        return any(n in data for n in needles_bytes)


def _jobs_naming(student) -> list[ExportJob]:
    found = []
    for job in ExportJob.objects.exclude(file=""):
        try:
            with job.file.open("rb") as handle:
                if mentions(handle, [student.name, student.student_number]):
                    found.append(job)
        except FileNotFoundError:
            continue
    return found


def erase(student) -> None:
    for job in _jobs_naming(student):
        if job.file.name:
            job.file.storage.delete(job.file.name)
        ExportJob.objects.filter(pk=job.pk).update(file="", status=ExportJob.Status.EXPIRED)


def preview(student) -> list[str]:
    jobs = len(_jobs_naming(student))
    if not jobs:
        return []
    return [
        ngettext(
            "%(n)d exported workbook that lists the student",
            "%(n)d exported workbooks that list the student",
            jobs,
        )
        % {"n": jobs}
    ]
