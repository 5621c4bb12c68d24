"""Take the people out of a case study: 学生甲 for the student, 同学乙/丙… for classmates,
教师A/B… for teachers, no student numbers or long digit runs, dates to month and year."""

from __future__ import annotations

import re
import string

from archives.models import SupportCase
from school.models import User
from students.models import Student

STUDENT = "学生甲"
CLASSMATES = "乙丙丁戊己庚辛壬癸"
FULL_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
SHORT_DATE = re.compile(r"(?<![\d-])(\d{1,2})-(\d{1,2})(?![\d-])")
LONG_NUMBER = re.compile(r"\d{5,}")


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
            names[name] = f"同学{CLASSMATES[n % len(CLASSMATES)]}"
            numbers.append(number)
        names[student.name] = STUDENT
        # A student is often called by the given name (小明 for 张小明).
        if len(student.name) >= 3:
            names.setdefault(student.name[1:], STUDENT)
        letters = iter(string.ascii_uppercase * 4)
        teachers: dict[str, str] = {}
        for full_name in (
            User.objects.exclude(full_name="").order_by("pk").values_list("full_name", flat=True)
        ):
            code = f"教师{next(letters)}"
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
        text = FULL_DATE.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月", text)
        text = MONTH_DAY.sub(lambda m: f"{int(m.group(1))}月", text)
        text = SHORT_DATE.sub(lambda m: f"{int(m.group(1))}月", text)
        text = LONG_NUMBER.sub("××", text)
        for name, code in self.names.items():
            text = text.replace(name, code)
        return text
