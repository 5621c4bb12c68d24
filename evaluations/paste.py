"""Pasting a score column copied from Excel: matched to the roster by student number or
name when the pasted block carries them, else by position, and shown before saving.

Nothing is saved here: the match fills the grid, and the teacher saves it after looking.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from students.models import Student

MAX_LINES = 200
MAX_LENGTH = 20_000


@dataclass
class PasteMatch:
    values: dict[int, str] = field(default_factory=dict)  # student pk → the pasted value
    by: str = ""  # "number", "name" or "position"
    unmatched: list[str] = field(default_factory=list)  # pasted lines naming nobody
    ambiguous: list[str] = field(default_factory=list)  # names two students share
    missing: list[Student] = field(default_factory=list)  # roster students not pasted
    extra_lines: int = 0  # by position: lines beyond the roster

    @property
    def warns(self) -> bool:
        return bool(self.unmatched or self.ambiguous or self.missing or self.extra_lines)


def _cells(line: str) -> list[str]:
    parts = line.split("\t") if "\t" in line else re.split(r"[,，;；]|\s+", line)
    return [p.strip() for p in parts if p.strip()]


def _looks_like_value(cell: str) -> bool:
    return bool(re.fullmatch(r"[0-9０-９.．]+|[A-Da-d]|缺考?|/|-", cell))


def match(text: str, students: list[Student]) -> PasteMatch:
    """Match each pasted line to a student of ``students`` (in roster order)."""
    lines = [line for line in text[:MAX_LENGTH].replace("\r", "\n").split("\n") if line.strip()]
    lines = lines[:MAX_LINES]
    rows = [_cells(line) for line in lines]
    by_number = {s.student_number: s for s in students if s.student_number}
    name_counts = Counter(s.name for s in students)
    by_name = {s.name: s for s in students if name_counts[s.name] == 1}
    result = PasteMatch()
    if any(c in by_number or c in name_counts for row in rows for c in row):
        numbered = any(c in by_number for row in rows for c in row)
        result.by = "number" if numbered else "name"
        for line, row in zip(lines, rows, strict=True):
            student = next((by_number[c] for c in row if c in by_number), None)
            if student is None:
                student = next((by_name[c] for c in row if c in by_name), None)
            if student is None:
                shared = [c for c in row if name_counts.get(c, 0) > 1]
                if shared:
                    result.ambiguous.append(line.strip())
                elif any(_looks_like_value(c) for c in row):
                    result.unmatched.append(line.strip())
                continue  # a header line names nobody and carries no value: skipped
            values = [c for c in row if c not in (student.student_number, student.name)]
            result.values[student.pk] = values[-1] if values else ""
    else:
        result.by = "position"
        for student, row in zip(students, rows, strict=False):
            result.values[student.pk] = row[0] if row else ""
        result.extra_lines = max(0, len(rows) - len(students))
    result.missing = [s for s in students if s.pk not in result.values]
    return result
