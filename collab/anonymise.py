"""Take the people out of a case study: 学生甲 for the student, 同学乙/丙… for classmates,
教师A/B… for teachers ("Student A", "Classmate B", "Teacher A" in English), no student
numbers or long digit runs, dates to month and year — in the language of whoever writes."""

from __future__ import annotations

import datetime
import re
import string

from django.utils import formats
from django.utils.translation import get_language, pgettext

from archives.models import SupportCase
from school.models import User
from students.models import Student

CLASSMATES = "乙丙丁戊己庚辛壬癸"
FULL_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
SHORT_DATE = re.compile(r"(?<![\d-])(\d{1,2})-(\d{1,2})(?![\d-])")
LONG_NUMBER = re.compile(r"\d{5,}")


def student_code() -> str:
    """What the student is called: 学生甲 / Student A."""
    return pgettext("anonymised", "Student A")


def classmate_code(n: int) -> str:
    """The n-th classmate (from 0): 同学乙, 同学丙… / Classmate B, Classmate C…"""
    if _chinese():
        return f"同学{CLASSMATES[n % len(CLASSMATES)]}"
    return pgettext("anonymised", "Classmate %(letter)s") % {
        "letter": string.ascii_uppercase[1 + n % 25]
    }


def teacher_code(letter: str) -> str:
    """教师A / Teacher A."""
    return pgettext("anonymised", "Teacher %(letter)s") % {"letter": letter}


def month_text(year: int, month: int) -> str:
    """2026年11月 / November 2026."""
    return formats.date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


def month_only(month: int) -> str:
    """11月 / November."""
    if _chinese():
        return f"{month}月"
    return formats.date_format(datetime.date(2000, month, 1), "F")


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


class Anonymiser:
    """Built once per case: who to replace, with what."""

    def __init__(self, case: SupportCase):
        student = case.student
        names: dict[str, str] = {}
        classmates = (
            Student.objects.filter(school_class_id=student.school_class_id)
            .exclude(pk=student.pk)
            .order_by("student_number")
            .values_list("name", "student_number")
        )
        numbers = [student.student_number]
        for n, (name, number) in enumerate(classmates):
            names[name] = classmate_code(n)
            numbers.append(number)
        names[student.name] = student_code()
        # A student is often called by the given name (小明 for 张小明).
        if len(student.name) >= 3:
            names.setdefault(student.name[1:], student_code())
        letters = iter(string.ascii_uppercase * 4)
        teachers: dict[str, str] = {}
        for full_name in (
            User.objects.exclude(full_name="").order_by("pk").values_list("full_name", flat=True)
        ):
            code = teacher_code(next(letters))
            base = re.split(r"[（(]", full_name)[0].strip()
            for variant in {full_name, base}:
                if variant:
                    teachers.setdefault(variant, code)
            if base and not base.endswith("老师"):
                teachers.setdefault(f"{base[0]}老师", code)
        names.update({k: v for k, v in teachers.items() if k not in names})
        self.names = dict(sorted(names.items(), key=lambda kv: -len(kv[0])))
        self.numbers = sorted({n for n in numbers if n}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for number in self.numbers:
            text = text.replace(number, "××")
        text = FULL_DATE.sub(lambda m: month_text(int(m.group(1)), int(m.group(2))), text)
        text = MONTH_DAY.sub(lambda m: month_only(int(m.group(1))), text)
        text = SHORT_DATE.sub(lambda m: month_only(int(m.group(1))), text)
        text = LONG_NUMBER.sub("××", text)
        for name, code in self.names.items():
            text = text.replace(name, code)
        return text
