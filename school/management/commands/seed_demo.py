"""Create (idempotently) a realistic demo school and print its logins.

Each Bangfu app adds its own demo records through ``<app>/demo.py`` with a
``seed(ctx)`` function; this command builds the school, then calls them in order.
"""

from __future__ import annotations

import datetime
import importlib
import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from core.plugins import app_modules
from school.models import (
    ClassHeadship,
    Grade,
    GradeLeadership,
    SchoolClass,
    Subject,
    SubjectDirectorship,
    TeachingAssignment,
    Term,
    User,
)
from school.models import today as school_today

DEMO_PASSWORD = "bangfu-demo"
# Also the surnames of the demo students (students/demo.py).
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
SUBJECTS = [
    ("语文", "chinese"),
    ("数学", "maths"),
    ("英语", "english"),
    ("科学", "science"),
    ("道德与法治", "ethics"),
    ("音乐", "music"),
    ("美术", "art"),
    ("体育", "pe"),
]
CLASSES_PER_GRADE = 4


# Data the migrations seed (the policy's load limits, the default inspection checklist,
# the list of support measures). A database flushed after migrating (as transactional
# tests do) lacks them, so the demo re-runs the same, idempotent, seed functions.
SEEDING_MIGRATIONS = [
    ("archives.demo_cases", "add_default_measures"),
    ("homework.migrations.0002_seed_load_limits", "seed"),
    ("evaluations.migrations.0002_default_checklist", "seed"),
]


def ensure_seeded_defaults() -> None:
    from django.apps import apps

    for module_name, function in SEEDING_MIGRATIONS:
        getattr(importlib.import_module(module_name), function)(apps, None)


class Command(BaseCommand):
    help = "Create the demo school (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")

    def handle(self, *args, **options):
        with transaction.atomic():
            ensure_seeded_defaults()
            ctx = self.build_school()
            for label, module in app_modules("demo"):
                if hasattr(module, "seed"):
                    module.seed(ctx)
                    self.stdout.write(f"  demo data: {label}")
        if not options["quiet_logins"]:
            self.print_logins(ctx)

    # ------------------------------------------------------------------------
    def user(self, username: str, full_name: str, position=User.Position.TEACHER) -> User:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "position": position}
        )
        if created:
            # One hash for all demo users: hashing 80 passwords would take 15 s.
            if not hasattr(self, "_password_hash"):
                self._password_hash = make_password(DEMO_PASSWORD)
            user.password = self._password_hash
            user.email = f"{username}@demo.bangfu.local"
            if position == User.Position.ADMINISTRATOR:
                user.is_staff = True
                user.is_superuser = True
            user.save()
        return user

    def build_school(self) -> dict:
        rng = random.Random(20260901)
        today = school_today()
        # The current term always contains today, so the demo never looks stale.
        if today.month >= 8 or today.month == 1:
            year = today.year if today.month >= 8 else today.year - 1
            start = datetime.date(year, 9, 1)
            current = dict(
                academic_year=f"{year}-{year + 1}",
                name="第一学期",
                start=start,
                midterm_review=datetime.date(year, 11, 12),
                final_review=datetime.date(year + 1, 1, 14),
                end=datetime.date(year + 1, 1, 23),
            )
            previous = dict(
                academic_year=f"{year - 1}-{year}",
                name="第二学期",
                start=datetime.date(year, 2, 17),
                midterm_review=datetime.date(year, 4, 22),
                final_review=datetime.date(year, 6, 24),
                end=datetime.date(year, 7, 4),
            )
        else:
            year = today.year
            current = dict(
                academic_year=f"{year - 1}-{year}",
                name="第二学期",
                start=datetime.date(year, 2, 1),
                midterm_review=datetime.date(year, 4, 22),
                final_review=datetime.date(year, 6, 24),
                end=datetime.date(year, 7, 10),
            )
            previous = dict(
                academic_year=f"{year - 1}-{year}",
                name="第一学期",
                start=datetime.date(year - 1, 9, 1),
                midterm_review=datetime.date(year - 1, 11, 12),
                final_review=datetime.date(year, 1, 14),
                end=datetime.date(year, 1, 23),
            )
        prev_term, _ = Term.objects.get_or_create(
            academic_year=previous["academic_year"], name=previous["name"], defaults=previous
        )
        term = Term.objects.filter(
            academic_year=current["academic_year"], name=current["name"]
        ).first()
        if term is None:
            Term.objects.filter(is_current=True).update(is_current=False)
            term = Term.objects.create(is_current=True, **current)
        elif not term.is_current:
            Term.objects.filter(is_current=True).update(is_current=False)
            term.is_current = True
            term.save(update_fields=["is_current"])

        subjects = {}
        for order, (name, code) in enumerate(SUBJECTS):
            subjects[code], _ = Subject.objects.get_or_create(
                code=code, defaults={"name": name, "order": order}
            )

        grades = {}
        classes: list[SchoolClass] = []
        for level in range(1, 7):
            grades[level], _ = Grade.objects.get_or_create(level=level)
            for number in range(1, CLASSES_PER_GRADE + 1):
                c, _ = SchoolClass.objects.get_or_create(grade=grades[level], number=number)
                classes.append(c)

        principal = self.user("principal", "周校长", User.Position.PRINCIPAL)
        admin = self.user("admin", "管理员 陈老师", User.Position.ADMINISTRATOR)
        director = self.user("director", "林教导（语文）")
        gradeleader = self.user("gradeleader", "赵组长（三年级）")
        headteacher = self.user("headteacher", "王老师（三(1)班主任）")
        teacher = self.user("teacher", "李老师（数学）")
        maths_director = self.user("director_maths", "郑教导（数学）")

        SubjectDirectorship.objects.get_or_create(subject=subjects["chinese"], teacher=director)
        SubjectDirectorship.objects.get_or_create(subject=subjects["maths"], teacher=maths_director)

        # Each class: a Chinese teacher who is also its head teacher, a maths and an
        # English teacher (each maths/English teacher takes two classes), and specialists.
        generic = iter(range(1, 1000))

        def staff(role: str) -> User:
            n = next(generic)
            return self.user(f"t{n:03d}", f"{rng.choice(SURNAMES)}老师（{role}）")

        specialists = {code: staff(name) for name, code in SUBJECTS[3:]}
        pair_teachers: dict[tuple[str, int, int], User] = {}
        teachers_by_class: dict[int, dict[str, User]] = {}
        for c in classes:
            level, number = c.grade.level, c.number
            key = (level, number)
            chinese = headteacher if key == (3, 1) else staff("语文")
            pair = (number + 1) // 2
            if ("maths", level, pair) not in pair_teachers:
                pair_teachers[("maths", level, pair)] = (
                    teacher
                    if (level, pair) == (3, 1)
                    else (gradeleader if (level, pair) == (3, 2) else staff("数学"))
                )
            if ("english", level, pair) not in pair_teachers:
                pair_teachers[("english", level, pair)] = staff("英语")
            by_subject = {
                "chinese": chinese,
                "maths": pair_teachers[("maths", level, pair)],
                "english": pair_teachers[("english", level, pair)],
                **specialists,
            }
            if level <= 2:
                by_subject.pop("english")  # many schools start English in grade 3
            teachers_by_class[c.pk] = by_subject
            existing_head = ClassHeadship.objects.filter(term=term, school_class=c).first()
            if existing_head is None:
                ClassHeadship.objects.create(term=term, school_class=c, teacher=chinese)
            for code, person in by_subject.items():
                TeachingAssignment.objects.get_or_create(
                    term=term, teacher=person, school_class=c, subject=subjects[code]
                )
        GradeLeadership.objects.get_or_create(term=term, grade=grades[3], teacher=gradeleader)

        return {
            "rng": rng,
            "term": term,
            "previous_term": prev_term,
            "subjects": subjects,
            "grades": grades,
            "classes": classes,
            "teachers_by_class": teachers_by_class,
            "users": {
                "principal": principal,
                "admin": admin,
                "director": director,
                "director_maths": maths_director,
                "gradeleader": gradeleader,
                "headteacher": headteacher,
                "teacher": teacher,
            },
            "stdout": self.stdout,
        }

    def print_logins(self, ctx: dict) -> None:
        rows = [
            ("principal", "校长 principal", "全校 whole school"),
            ("admin", "管理员 administrator", "全校，学校设置 whole school, settings"),
            ("director", "语文分管教导 Chinese director", "全校语文 Chinese, school-wide"),
            (
                "gradeleader",
                "三年级组长 grade-3 leader",
                "三年级作业 grade 3 homework; 数学 三(3)(4)班",
            ),
            ("headteacher", "三(1)班班主任 head teacher", "三年级(1)班 all subjects; 语文"),
            ("teacher", "数学教师 maths teacher", "数学 三年级(1)(2)班"),
        ]
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"{'username':<13} {'role':<32} scope")
        self.stdout.write("-" * 80)
        for username, role, scope in rows:
            self.stdout.write(f"{username:<13} {role:<32} {scope}")
        self.stdout.write("")
