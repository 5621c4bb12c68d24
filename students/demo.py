"""The demo school's students: 40 a class, plausible names, birthdays by grade (idempotent)."""

from __future__ import annotations

import datetime
import random

from simple_history.utils import bulk_create_with_history

from school.management.commands.seed_demo import SURNAMES

from .models import Student

STUDENTS_PER_CLASS = 40
GIVEN_BOY = "浩宇子轩俊杰宇航博文梓豪明轩天佑睿泽皓然一鸣建华志强家豪嘉乐晨阳思远文博俊熙乐天"
GIVEN_GIRL = "欣怡梓涵雨桐诗涵可馨紫萱思雨梦琪佳怡语嫣雅静若曦欣妍子琪芷若晓彤雨欣心怡一诺安琪"


def chinese_name(rng: random.Random, gender: str) -> str:
    pool = GIVEN_BOY if gender == "M" else GIVEN_GIRL
    start = rng.randrange(len(pool) // 2) * 2
    given = pool[start : start + 2]
    if rng.random() < 0.3:
        given = given[0]
    return rng.choice(SURNAMES) + given


def seed(ctx: dict) -> None:
    rng, term = ctx["rng"], ctx["term"]
    existing = set(Student.objects.values_list("student_number", flat=True))
    new_students = []
    for c in ctx["classes"]:
        level = c.grade.level
        entry_year = term.start.year - level + 1
        for i in range(1, STUDENTS_PER_CLASS + 1):
            number = f"{entry_year}{c.number:02d}{i:02d}"
            gender = "M" if rng.random() < 0.52 else "F"
            name = chinese_name(rng, gender)
            birth = datetime.date(entry_year - 6, 1, 1) + datetime.timedelta(
                days=rng.randrange(365)
            )
            if number in existing:
                continue
            new_students.append(
                Student(
                    student_number=number,
                    name=name,
                    gender=gender,
                    date_of_birth=birth,
                    school_class=c,
                    status=Student.Status.IN_SCHOOL,
                    status_changed_on=term.start,
                )
            )
    if new_students:
        bulk_create_with_history(new_students, Student, batch_size=500)
