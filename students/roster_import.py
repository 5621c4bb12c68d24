"""Roster import from .xlsx: every row is checked first; one bad row and nothing changes.

An upload never writes at once. ``preview_roster`` reads and checks every row and
compares it with the roster: N new, N changed (every field old → new), N unchanged,
errors per row. The administrator then confirms (``apply_import``) or cancels. A
change of a student's name or class is applied only when it is accepted, row by row
or for all. The template's example row is marked 示例 and always skipped.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook  # reading an upload; writing goes through core.xlsx
from openpyxl.utils.exceptions import InvalidFileException

from core.text import join_list
from core.xlsx import (
    DATE_FORMAT,
    new_workbook,
    safe_cell,
    save_bytes,
    set_widths,
    setup_print,
    style_body,
    style_header_row,
)
from school import dates
from school.models import SchoolClass, today

from .models import Student

# Header → field. Chinese headers are what schools use; English ones are accepted too.
HEADERS = {
    "学号": "student_number",
    "姓名": "name",
    "性别": "gender",
    "班级": "school_class",
    "出生日期": "date_of_birth",
    "状态": "status",
    "student number": "student_number",
    "name": "name",
    "gender": "gender",
    "class": "school_class",
    "date of birth": "date_of_birth",
    "status": "status",
}
REQUIRED = ("student_number", "name", "gender", "school_class")
REQUIRED_LABELS = {
    "student_number": "学号",
    "name": "姓名",
    "gender": "性别",
    "school_class": "班级",
}
TEMPLATE_HEADERS = ["学号", "姓名", "性别", "班级", "出生日期", "状态"]
GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
STATUSES = {
    "在校": Student.Status.IN_SCHOOL,
    "在读": Student.Status.IN_SCHOOL,
    "转入": Student.Status.TRANSFERRED_IN,
    "转出": Student.Status.TRANSFERRED_OUT,
    "毕业": Student.Status.GRADUATED,
    **{value: value for value in Student.Status.values},
}
MAX_UNCOMPRESSED_FACTOR = 100


class RosterFileError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0  # changes of name or class not accepted
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# A row whose student number starts with this is the template's example: skipped.
EXAMPLE_MARKS = ("示例", "example")


def is_example(values: dict) -> bool:
    return _cell_text(values.get("student_number")).lower().startswith(EXAMPLE_MARKS)


def template_workbook() -> bytes:
    """The template: the titles, and one example row marked 示例 (no real student's number),
    which an import skips."""
    wb, ws = new_workbook("学生名单")
    ws.append([safe_cell(header) for header in TEMPLATE_HEADERS])
    style_header_row(ws[1])
    ws.append(["示例", "张小明", "男", "三年级(1)班", datetime.date(2017, 9, 1), "在校"])
    ws["E2"].number_format = DATE_FORMAT
    style_body(ws, 2, len(TEMPLATE_HEADERS))
    ws.freeze_panes = "A2"
    set_widths(ws, (14, 12, 6, 16, 14, 8))
    setup_print(ws)
    return save_bytes(wb)


def _check_file(data: bytes) -> None:
    if not data:
        raise RosterFileError(_("The file is empty."))
    if len(data) > settings.ROSTER_IMPORT_MAX_BYTES:
        raise RosterFileError(
            _("The file is too large (at most %(mb).1f MB).")
            % {"mb": settings.ROSTER_IMPORT_MAX_BYTES / 1024 / 1024}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            uncompressed = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise RosterFileError(
            _("This is not an Excel workbook (.xlsx). Save the file as .xlsx and try again.")
        ) from None
    if uncompressed > settings.ROSTER_IMPORT_MAX_BYTES * MAX_UNCOMPRESSED_FACTOR:
        raise RosterFileError(_("The workbook is too large once unpacked."))


def _class_key(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


def _class_lookup() -> dict[str, SchoolClass]:
    lookup: dict[str, SchoolClass] = {}
    for c in SchoolClass.objects.select_related("grade"):
        lookup[_class_key(c.name)] = c
        lookup[_class_key(c.default_name())] = c
        lookup[f"{c.grade.level}.{c.number}"] = c
        lookup[f"{c.grade.level}-{c.number}"] = c
    return lookup


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(value)
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def read_rows(data: bytes):
    _check_file(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile):
        raise RosterFileError(
            _("This is not an Excel workbook (.xlsx). Save the file as .xlsx and try again.")
        ) from None
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise RosterFileError(_("The workbook is empty."))
        columns: dict[str, int] = {}
        labels: dict[str, str] = {}
        for index, title in enumerate(header):
            key = HEADERS.get(_cell_text(title).lower()) or HEADERS.get(_cell_text(title))
            if key and key not in columns:
                columns[key] = index
                labels[key] = _cell_text(title)
        missing = [REQUIRED_LABELS[f] for f in REQUIRED if f not in columns]
        if missing:
            raise RosterFileError(
                _(
                    "The first row must hold the column titles; missing: %(cols)s. Download the template to see them."
                )
                % {"cols": join_list(missing)}
            )
        body = []
        examples = 0
        for number, row in enumerate(rows, start=2):
            if row is None or all(_cell_text(v) == "" for v in row):
                continue
            values = {key: (row[i] if i < len(row) else None) for key, i in columns.items()}
            if is_example(values):
                examples += 1
                continue
            body.append((number, values))
            if len(body) > settings.ROSTER_IMPORT_MAX_ROWS:
                raise RosterFileError(
                    _("Too many rows: at most %(n)d students per import.")
                    % {"n": settings.ROSTER_IMPORT_MAX_ROWS}
                )
        if not body:
            raise RosterFileError(_("The workbook has no student rows under the titles."))
        return body, labels, examples
    finally:
        wb.close()


def check_rows(data: bytes) -> tuple[ImportResult, list[dict], int]:
    """Read and check every row: the errors, the cleaned rows and the example rows skipped."""
    body, labels, examples = read_rows(data)
    classes = _class_lookup()
    result = ImportResult()
    seen: dict[str, int] = {}
    cleaned: list[dict] = []

    def error(row: int, key: str, message: str) -> None:
        result.errors.append(RowError(row, labels.get(key, key), message))

    for number, values in body:
        item: dict = {"row": number}
        student_number = _cell_text(values.get("student_number"))
        if not student_number:
            error(number, "student_number", _("The student number is empty."))
        elif len(student_number) > 30:
            error(number, "student_number", _("The student number is longer than 30 characters."))
        elif student_number in seen:
            error(
                number,
                "student_number",
                _("Student number %(n)s is also on row %(row)d.")
                % {"n": student_number, "row": seen[student_number]},
            )
        else:
            seen[student_number] = number
        item["student_number"] = student_number

        name = _cell_text(values.get("name"))
        if not name:
            error(number, "name", _("The name is empty."))
        elif len(name) > 60:
            error(number, "name", _("The name is longer than 60 characters."))
        item["name"] = name

        gender = GENDERS.get(_cell_text(values.get("gender")).lower())
        if gender is None:
            error(
                number,
                "gender",
                _("Gender must be 男 or 女, not “%(v)s”.")
                % {"v": _cell_text(values.get("gender"))},
            )
        item["gender"] = gender

        class_text = _cell_text(values.get("school_class"))
        school_class = classes.get(_class_key(class_text))
        if school_class is None:
            error(
                number,
                "school_class",
                _("There is no class “%(v)s”; write it as the school names it, e.g. 三年级(2)班.")
                % {"v": class_text},
            )
        item["school_class"] = school_class

        raw_birth = values.get("date_of_birth")
        item["date_of_birth"] = None
        if _cell_text(raw_birth):
            try:
                birth = _parse_date(raw_birth)
            except ValueError:
                error(
                    number,
                    "date_of_birth",
                    _("“%(v)s” is not a valid date of birth; write it as 2017-09-01.")
                    % {"v": _cell_text(raw_birth)},
                )
            else:
                refusal = dates.birth_date_message(birth)
                if refusal:
                    error(number, "date_of_birth", refusal)
                else:
                    item["date_of_birth"] = birth

        status_text = _cell_text(values.get("status"))
        item["status"] = Student.Status.IN_SCHOOL
        if status_text:
            status = STATUSES.get(status_text)
            if status is None:
                error(
                    number,
                    "status",
                    _("Status must be 在校, 转入, 转出 or 毕业, not “%(v)s”.") % {"v": status_text},
                )
            else:
                item["status"] = status
        cleaned.append(item)
    return result, cleaned, examples


# ---- the preview: what the import would change ------------------------------------------
FIELDS = ("name", "gender", "school_class", "date_of_birth", "status")
NEEDS_CONFIRMATION = ("name", "school_class")  # a different child, or a moved one


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class RowPlan:
    row: int
    student_number: str
    name: str
    school_class: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        return any(change.field in NEEDS_CONFIRMATION for change in self.changes)


@dataclass
class ImportPreview:
    new: list[RowPlan] = field(default_factory=list)
    changed: list[RowPlan] = field(default_factory=list)
    unchanged: int = 0
    examples: int = 0
    errors: list[RowError] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # the checked rows, kept for the confirmation

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def needing_confirmation(self) -> list[RowPlan]:
        return [plan for plan in self.changed if plan.needs_confirmation]


def _shown(key: str, value) -> str:
    """A value as the preview shows it: labels, not codes; "—" for nothing."""
    if value is None or value == "":
        return "—"
    if key == "gender":
        return str(Student.Gender(value).label)
    if key == "status":
        return str(Student.Status(value).label)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _labels() -> dict[str, str]:
    return {key: str(getattr(Student._meta.get_field(key), "verbose_name", key)) for key in FIELDS}


def plan_rows(rows: list[dict]) -> ImportPreview:
    """Compare checked rows with the roster as it is now (two queries, whatever the size)."""
    preview = ImportPreview()
    existing = Student.objects.select_related("school_class__grade").in_bulk(
        [row["student_number"] for row in rows], field_name="student_number"
    )
    classes = {c.pk: c for c in SchoolClass.objects.select_related("grade")}
    labels = _labels()
    for row in rows:
        school_class = classes.get(row["school_class"])
        plan = RowPlan(
            row=row["row"],
            student_number=row["student_number"],
            name=row["name"],
            school_class=str(school_class or ""),
        )
        student = existing.get(row["student_number"])
        if student is None:
            preview.new.append(plan)
            continue
        for key in FIELDS:
            old = student.school_class_id if key == "school_class" else getattr(student, key)
            new = row[key]
            if old != new:
                shown_old = str(student.school_class) if key == "school_class" else old
                shown_new = str(school_class) if key == "school_class" else new
                plan.changes.append(
                    FieldChange(key, labels[key], _shown(key, shown_old), _shown(key, shown_new))
                )
        if plan.changes:
            preview.changed.append(plan)
        else:
            preview.unchanged += 1
    return preview


def preview_roster(data: bytes) -> ImportPreview:
    """What importing ``data`` would do; nothing is written."""
    result, cleaned, examples = check_rows(data)
    if result.errors:
        return ImportPreview(errors=result.errors, examples=examples)
    rows = [{**item, "school_class": item["school_class"].pk} for item in cleaned]
    preview = plan_rows(rows)
    preview.rows = stored_rows(rows)
    preview.examples = examples
    return preview


def stored_rows(rows: list[dict]) -> list[dict]:
    """The checked rows as kept between the preview and the confirmation (JSON)."""
    return [
        {
            **row,
            "date_of_birth": (
                row["date_of_birth"].isoformat()
                if isinstance(row["date_of_birth"], datetime.date)
                else row["date_of_birth"]
            ),
        }
        for row in rows
    ]


def loaded_rows(rows: list[dict]) -> list[dict]:
    return [
        {
            **row,
            "date_of_birth": (
                datetime.date.fromisoformat(row["date_of_birth"]) if row["date_of_birth"] else None
            ),
        }
        for row in rows
    ]


def digest(preview: ImportPreview) -> str:
    """A fingerprint of what the preview showed: the confirmation applies exactly that."""
    import hashlib
    import json

    shown = [
        [p.student_number, [[c.field, c.old, c.new] for c in p.changes]]
        for p in [*preview.new, *preview.changed]
    ]
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


class PreviewOutdated(Exception):
    """The roster changed between the preview and the confirmation."""


@transaction.atomic
def apply_import(
    *, rows: list[dict], expected_digest: str, accepted: set[str] | None
) -> ImportResult:
    """Write what the preview showed, in one transaction.

    ``accepted`` are the student numbers whose change of name or class was accepted
    (``None``: all of them); a row with such a change that was not accepted is left as
    it is. If the roster changed since the preview, nothing is written.
    """
    rows = loaded_rows(rows)
    numbers = [row["student_number"] for row in rows]
    # Lock the students the import touches, so the comparison holds until the commit.
    list(Student.objects.select_for_update().filter(student_number__in=numbers).values("pk"))
    preview = plan_rows(rows)
    if digest(preview) != expected_digest:
        raise PreviewOutdated
    by_number = {row["student_number"]: row for row in rows}
    classes = {c.pk: c for c in SchoolClass.objects.all()}
    existing = Student.objects.in_bulk(numbers, field_name="student_number")
    changed_on = today()
    result = ImportResult()
    for plan in preview.new:
        row = by_number[plan.student_number]
        student = Student(
            status_changed_on=changed_on,
            student_number=row["student_number"],
            **_values(row, classes),
        )
        student.full_clean()
        student.save()
        result.created += 1
    for plan in preview.changed:
        if plan.needs_confirmation and accepted is not None and plan.student_number not in accepted:
            result.skipped += 1
            continue
        student = existing[plan.student_number]
        for key, value in _values(by_number[plan.student_number], classes).items():
            if key == "status" and student.status != value:
                student.status_changed_on = changed_on
            setattr(student, key, value)
        student.full_clean()
        student.save()  # save(), not update(): the change goes into the student's history
        result.updated += 1
    return result


def _values(row: dict, classes: dict) -> dict:
    return {
        "name": row["name"],
        "gender": row["gender"],
        "school_class": classes[row["school_class"]],
        "date_of_birth": row["date_of_birth"],
        "status": row["status"],
    }
