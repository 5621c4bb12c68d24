"""The bench school: the shape of a real one, at any scale, built in bulk.

At scale 1 (``SIZE`` below): 40 classes of 40 pupils over grades 1–9 (1,600 pupils),
five subjects, 100 teachers (each teaches one subject in two classes; 40 of them head a
class, 9 lead a grade, 5 direct a subject), six terms (three school years). In each term
about 10 % of each class is struggling in each subject (4 of 40), most of them again the
next term (the case carried over); each case gets 40 observations, 4 tutoring sessions,
a case discussion and a summary in its term (≈ 192,000 observations at scale 1). The
current term also has a school day's homework per class and main subject (tiers, the
struggling pupils' tiers and marking), three evaluations per class, subject and term
with every pupil's result (gaps for the failed), and the struggling pupils' family
profiles and two contacts a term.

Scale N multiplies the classes (hence pupils, teachers, cases and entries) by N and
keeps everything else: the same school, wider. Pupils are numbered ``BENCH-…`` and
users ``bench_…``; a second run on the same database finds the school and reuses it.

Leaf rows go in by PostgreSQL ``COPY`` (rows written as CSV, no model instances);
elsewhere (SQLite in the tests) by ``bulk_create``.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import math
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from core import page_cache
from school import scope_cache
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
from students.models import Student

PREFIX = "BENCH-"
PASSWORD = "bench-password-1"
CLASSES_AT_1X = 40
PER_CLASS = 40
STRUGGLING_PER_CLASS = 4  # 10 % of a class, in each subject
SUBJECTS = [  # code, name, homework every school day?
    ("chinese", "语文", True),
    ("maths", "数学", True),
    ("english", "英语", True),
    ("science", "科学", False),
    ("morality", "道德与法治", False),
]
OBSERVATIONS_PER_CASE = 40
TUTORING_PER_CASE = 4
EVALUATIONS_PER_TERM = 3
CONTACTS_PER_TERM = 2
CLASS_NUMBER_FROM = 11  # bench classes are numbered from here, clear of a real school's
NOTES = [
    "课堂上能主动举手回答问题",
    "作业订正及时，书写比上周工整",
    "计算题仍有粗心错误，需要加强验算习惯",
    "小组讨论中参与度提高",
    "听写错误较多，课后安排了巩固练习",
    "注意力集中时间比上周延长",
    "单元小测成绩有进步",
    "朗读流利度有所提高",
]


@dataclass
class BenchSchool:
    scale: float
    terms: list[Term]  # oldest first; the last is the current term
    admin: User
    principal: User
    teacher: User  # a maths teacher who heads a class: the teacher of the page table
    teacher_class: SchoolClass
    maths: Subject
    built_seconds: float | None  # None: an existing school was reused
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def term(self) -> Term:
        return self.terms[-1]


def marker(scale: float, n_terms: int) -> str:
    return f"bench scale={scale:g} terms={n_terms}"


def ensure_school(scale: float, n_terms: int = 6, seed: int = 20261123) -> BenchSchool:
    """The bench school of this size: found, or built now."""
    admin = User.objects.filter(username="bench_admin").first()
    if admin is not None and admin.last_name != marker(scale, n_terms):
        raise CommandError(
            f"This database holds a bench school of another size ({admin.last_name!r}). "
            "Use a fresh database for this scale (DATABASE_URL)."
        )
    built = None
    if admin is None:
        started = time.perf_counter()
        with transaction.atomic():
            Builder(scale, n_terms, random.Random(seed)).build()
            from archives.models.cases import refresh_latest_entries

            refresh_latest_entries()  # the entries went in by COPY, without signals
            if apps.is_installed("family"):
                from family.visit_clocks import refresh_visit_clocks

                refresh_visit_clocks()  # so did the cases and contacts the visit plan reads
            scope_cache.bump()  # roles made in bulk, without signals
            page_cache.bump()  # so is everything else: no kept home page survives a rebuild
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give
        built = time.perf_counter() - started
    return load_school(scale, n_terms, built)


def load_school(scale: float, n_terms: int, built: float | None) -> BenchSchool:
    from archives.models import Observation, SupportCase

    admin = User.objects.get(username="bench_admin")
    terms = list(Term.objects.filter(pk__in=_bench_term_ids()).order_by("start"))
    maths = Subject.objects.get(code="maths")
    teacher = User.objects.get(username="bench_t0000")
    headship = ClassHeadship.objects.select_related("school_class").get(
        teacher=teacher, term=terms[-1]
    )
    bench_students = Student.objects.filter(student_number__startswith=PREFIX)
    return BenchSchool(
        scale=scale,
        terms=terms,
        admin=admin,
        principal=User.objects.get(username="bench_principal"),
        teacher=teacher,
        teacher_class=headship.school_class,
        maths=maths,
        built_seconds=built,
        counts={
            "students": bench_students.count(),
            "teachers": User.objects.filter(username__startswith="bench_t").count(),
            "cases": SupportCase.objects.filter(student__in=bench_students).count(),
            "observations": Observation.objects.filter(
                case__student__student_number__startswith=PREFIX
            ).count(),
        },
    )


def _bench_term_ids() -> list[int]:
    return list(
        TeachingAssignment.objects.filter(teacher__username="bench_t0000")
        .order_by("term__start")
        .values_list("term_id", flat=True)
        .distinct()
    )


# ---- fast inserts ------------------------------------------------------------------
def insert(model: type[models.Model], rows: Iterable[dict], *, batch: int = 20_000) -> int:
    """Insert rows (dicts of attnames) without model instances where the database allows."""
    if connection.vendor != "postgresql":
        count = 0
        chunk: list[models.Model] = []
        for row in rows:
            chunk.append(model(**row))
            if len(chunk) >= batch:
                model._default_manager.bulk_create(chunk, batch_size=500)
                count += len(chunk)
                chunk = []
        model._default_manager.bulk_create(chunk, batch_size=500)
        return count + len(chunk)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:  # the field's default, "" for a blank text field, None otherwise
            defaults[f.attname] = f.get_default()
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    sql = (
        f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        "FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    )
    count = 0
    for chunk_rows in _chunks(rows, batch):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in chunk_rows:
            writer.writerow([_csv(row.get(f.attname, defaults[f.attname])) for f in fields])
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(sql, buffer)  # the psycopg2 cursor under Django's
        count += len(chunk_rows)
    return count


def _csv(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | int | float):
        return str(value)
    return str(value)


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def create(model: type[models.Model], objects: list) -> list:
    """bulk_create that returns the objects with their ids (PostgreSQL and SQLite both do)."""
    return model._default_manager.bulk_create(objects, batch_size=2000)


# ---- the builder -------------------------------------------------------------------
class Builder:
    def __init__(self, scale: float, n_terms: int, rng: random.Random) -> None:
        self.scale = scale
        self.n_terms = max(1, n_terms)
        self.rng = rng
        self.n_classes = max(1, round(CLASSES_AT_1X * scale))
        self.per_class = PER_CLASS if scale >= 0.1 else max(10, round(PER_CLASS * scale * 10))

    def build(self) -> None:
        self.terms = self.make_terms()
        self.subjects = self.make_subjects()
        self.classes = self.make_classes()
        self.make_staff()
        self.students = self.make_students()
        self.make_cases_and_archives()
        self.make_homework()
        self.make_evaluations()
        self.make_family()

    # ---- terms, subjects, classes ----
    def make_terms(self) -> list[Term]:
        current = Term.objects.current()
        if current is None:
            today = timezone.localdate()
            start = today - datetime.timedelta(days=90)
            current = Term.objects.create(
                academic_year=_academic_year(start),
                name=_term_name(start),
                start=start,
                midterm_review=start + datetime.timedelta(days=70),
                final_review=start + datetime.timedelta(days=130),
                end=start + datetime.timedelta(days=140),
                is_current=True,
            )
        terms = [current]
        for k in range(1, self.n_terms):
            start = current.start - datetime.timedelta(days=182 * k)
            terms.append(
                Term.objects.create(
                    academic_year=_academic_year(start),
                    name=_term_name(start),
                    start=start,
                    midterm_review=start + datetime.timedelta(days=70),
                    final_review=start + datetime.timedelta(days=130),
                    end=start + datetime.timedelta(days=140),
                )
            )
        return list(reversed(terms))

    def make_subjects(self) -> list[Subject]:
        subjects = []
        for order, (code, name, _daily) in enumerate(SUBJECTS):
            subject = (
                Subject.objects.filter(code=code).first()
                or Subject.objects.filter(name=name).first()
            )
            if subject is None:
                subject = Subject.objects.create(code=code, name=name, order=order)
            subjects.append(subject)
        return subjects

    def make_classes(self) -> list[SchoolClass]:
        grades = {}
        for level in range(1, 10):
            grades[level], _ = Grade.objects.get_or_create(level=level)
        classes = [
            SchoolClass(grade=grades[1 + index % 9], number=CLASS_NUMBER_FROM + index // 9)
            for index in range(self.n_classes)
        ]
        for school_class in classes:
            school_class.name = school_class.default_name()  # what save() would derive
        return create(SchoolClass, classes)

    # ---- staff ----
    def make_staff(self) -> None:
        password = make_password(PASSWORD)
        pairs = [(c, s) for s in range(len(self.subjects)) for c in range(len(self.classes))]
        # Subject by subject, two classes each: teacher k teaches pairs 2k and 2k+1.
        # Teacher 0 teaches maths (the page table's teacher).
        pairs.sort(key=lambda p: (p[1] != 1, p[1], p[0]))
        n_teachers = math.ceil(len(pairs) / 2)
        surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
        self.teachers = create(
            User,
            [
                User(
                    username=f"bench_t{n:04d}",
                    full_name=f"{surnames[n % len(surnames)]}老师{n:03d}",
                    password=password,
                )
                for n in range(n_teachers)
            ],
        )
        self.admin, self.principal = create(
            User,
            [
                User(
                    username="bench_admin",
                    full_name="基准管理员",
                    last_name=marker(self.scale, self.n_terms),
                    position=User.Position.ADMINISTRATOR,
                    password=password,
                ),
                User(
                    username="bench_principal",
                    full_name="基准校长",
                    position=User.Position.PRINCIPAL,
                    password=password,
                ),
            ],
        )
        # who teaches (class index, subject index)
        self.teacher_of: dict[tuple[int, int], User] = {
            pair: self.teachers[n // 2] for n, pair in enumerate(pairs)
        }
        maths = 1
        chinese = 0
        heads = {}
        for c in range(len(self.classes)):
            # The maths teacher of an even class heads it; the Chinese teacher the odd one.
            heads[c] = self.teacher_of[(c, maths if c % 2 == 0 else chinese)]
        self.head_of = heads
        assignments, headships, leaderships = [], [], []
        for term in self.terms:
            for (c, s), teacher in self.teacher_of.items():
                assignments.append(
                    TeachingAssignment(
                        term=term,
                        teacher=teacher,
                        school_class=self.classes[c],
                        subject=self.subjects[s],
                    )
                )
            for c, teacher in heads.items():
                headships.append(
                    ClassHeadship(term=term, school_class=self.classes[c], teacher=teacher)
                )
            seen = set()
            for c, school_class in enumerate(self.classes):
                if school_class.grade_id not in seen:
                    seen.add(school_class.grade_id)
                    leaderships.append(
                        GradeLeadership(term=term, grade_id=school_class.grade_id, teacher=heads[c])
                    )
        create(TeachingAssignment, assignments)
        create(ClassHeadship, headships)
        create(GradeLeadership, leaderships)
        directors = []
        for s, subject in enumerate(self.subjects):
            last = max(n for n, pair in enumerate(pairs) if pair[1] == s)
            directors.append(SubjectDirectorship(subject=subject, teacher=self.teachers[last // 2]))
        create(SubjectDirectorship, directors)

    # ---- students ----
    def make_students(self) -> list[list[Student]]:
        rng = self.rng
        family = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
        given = "子涵浩然欣怡宇轩梓萱俊杰雨桐思远嘉怡博文诗琪明轩可馨"
        students = []
        n = 0
        for school_class in self.classes:
            for _ in range(self.per_class):
                students.append(
                    Student(
                        student_number=f"{PREFIX}{n:06d}",
                        name=rng.choice(family) + rng.choice(given) + rng.choice(given),
                        gender=rng.choice("MF"),
                        school_class=school_class,
                    )
                )
                n += 1
        created = create(Student, students)
        return [
            created[i * self.per_class : (i + 1) * self.per_class] for i in range(len(self.classes))
        ]

    def struggling(self, c: int, s: int, term_index: int) -> list[Student]:
        """About 10 % of class c in subject s this term: mostly the same pupils as last term."""
        pool = self.pools.setdefault(
            (c, s), self.rng.sample(self.students[c], min(len(self.students[c]), 6))
        )
        count = min(STRUGGLING_PER_CLASS, len(pool))
        start = term_index % len(pool)  # the pool turns slowly: one pupil in, one out a term
        return [pool[(start + k) % len(pool)] for k in range(count)]

    # ---- cases and their archives ----
    def make_cases_and_archives(self) -> None:
        from archives.models import (
            ArchiveSummary,
            CaseDiscussion,
            Observation,
            SupportCase,
            TutoringSession,
        )

        rng = self.rng
        self.pools: dict[tuple[int, int], list[Student]] = {}
        today = timezone.localdate()
        previous: dict[tuple[int, int], int] = {}  # (student, subject) → last term's case id
        self.current_cases: list[SupportCase] = []
        types = [t for t, _label in SupportCase.Type.choices]
        kinds = [k for k, _label in Observation.Kind.choices]
        for t, term in enumerate(self.terms):
            current = t == len(self.terms) - 1
            cases = []
            for c in range(len(self.classes)):
                for s, subject in enumerate(self.subjects):
                    for student in self.struggling(c, s, t):
                        roll = rng.random()
                        if current:
                            status = (
                                SupportCase.Status.IDENTIFIED
                                if roll < 0.25
                                else SupportCase.Status.IN_SUPPORT
                                if roll < 0.85
                                else SupportCase.Status.IMPROVED
                            )
                        else:
                            status = (
                                SupportCase.Status.IMPROVED
                                if roll < 0.5
                                else SupportCase.Status.IN_SUPPORT
                                if roll < 0.8
                                else SupportCase.Status.CLOSED
                            )
                        cases.append(
                            SupportCase(
                                student=student,
                                subject=subject,
                                term=term,
                                status=status,
                                identified_on=term.start + datetime.timedelta(rng.randint(3, 20)),
                                identified_by=self.teacher_of[(c, s)],
                                difficulty_type=rng.choice(types),
                                cause_attitude=rng.random() < 0.3,
                                closure_reason=(
                                    SupportCase.ClosureReason.OTHER
                                    if status == SupportCase.Status.CLOSED
                                    else ""
                                ),
                                carried_from_id=previous.get((student.pk, subject.pk)),
                                status_changed_on=term.start + datetime.timedelta(days=30),
                            )
                        )
            cases = create(SupportCase, cases)
            previous = {(case.student_id, case.subject_id): case.pk for case in cases}
            if current:
                self.current_cases = cases
            last_day = min(term.end, today)
            span = max((last_day - term.start).days, 1)
            teacher_of_case = {
                case.pk: self.teacher_of[(self._class_index[case.student.school_class_id], s)]
                for case in cases
                for s in [self._subject_index[case.subject_id]]
            }

            def day(term=term, span=span) -> datetime.date:
                return term.start + datetime.timedelta(days=rng.randint(0, span))

            insert(
                Observation,
                (
                    {
                        "case_id": case.pk,
                        "date": day(),
                        "kind": kinds[n % len(kinds)],
                        "rating": rng.randint(1, 5),
                        "note": NOTES[(case.pk + n) % len(NOTES)],
                        "author_id": teacher_of_case[case.pk].pk,
                    }
                    for case in cases
                    for n in range(OBSERVATIONS_PER_CASE)
                ),
            )
            insert(
                TutoringSession,
                (
                    {
                        "case_id": case.pk,
                        "date": day(),
                        "content": "个别辅导：订正错题，讲解基础概念",
                        "result": "能独立完成同类题",
                        "rating": rng.randint(2, 5),
                        "author_id": teacher_of_case[case.pk].pk,
                    }
                    for case in cases
                    for _ in range(TUTORING_PER_CASE)
                ),
            )
            insert(
                CaseDiscussion,
                (
                    {
                        "case_id": case.pk,
                        "date": day(),
                        "ideas": "任课教师与班主任商定：每周两次课后辅导，家校共同督促作业",
                        "author_id": teacher_of_case[case.pk].pk,
                    }
                    for case in cases
                ),
            )
            insert(
                ArchiveSummary,
                (
                    {
                        "case_id": case.pk,
                        "date": last_day,
                        "period_start": term.start,
                        "period_end": last_day,
                        "text": "本阶段基础知识掌握有进步，学习习惯仍需巩固。",
                        "author_id": teacher_of_case[case.pk].pk,
                    }
                    for case in cases
                ),
            )

    @property
    def _class_index(self) -> dict[int, int]:
        if not hasattr(self, "_class_index_cache"):
            self._class_index_cache = {c.pk: i for i, c in enumerate(self.classes)}
        return self._class_index_cache

    @property
    def _subject_index(self) -> dict[int, int]:
        return {s.pk: i for i, s in enumerate(self.subjects)}

    # ---- homework (the current term) ----
    def make_homework(self) -> None:
        from homework.models import Assignment, Level, MarkingRecord, StudentTier, Tier

        rng = self.rng
        term = self.terms[-1]
        today = timezone.localdate()
        days = [
            term.start + datetime.timedelta(days=d)
            for d in range((min(term.end, today) - term.start).days + 1)
        ]
        school_days = [d for d in days if d.weekday() < 5]
        struggling: dict[tuple[int, int], list[int]] = {
            (case.student.school_class_id, case.subject_id): [] for case in self.current_cases
        }
        for case in self.current_cases:
            struggling[(case.student.school_class_id, case.subject_id)].append(case.student_id)
        assignments = []
        for c, school_class in enumerate(self.classes):
            lower_primary = school_class.grade.level <= 2
            for s, (_code, _name, daily) in enumerate(SUBJECTS):
                subject = self.subjects[s]
                for n, date in enumerate(school_days):
                    if not daily and date.weekday() not in (1, 3):
                        continue
                    assignments.append(
                        Assignment(
                            term=term,
                            school_class=school_class,
                            subject=subject,
                            date=date,
                            title=f"{subject.name}练习 {n + 1}",
                            kind=(
                                Assignment.Kind.READING
                                if lower_primary
                                else Assignment.Kind.WRITTEN
                            ),
                            set_by=self.teacher_of[(c, s)],
                        )
                    )
        assignments = create(Assignment, assignments)
        insert(
            Tier,
            (
                {
                    "assignment_id": a.pk,
                    "level": level,
                    "content": "课本练习" if level == Level.BASIC else "拓展练习",
                    "minutes": 10 if level == Level.BASIC else 15,
                }
                for a in assignments
                for level in (Level.BASIC, Level.EXTENSION)
            ),
        )
        rows_tier, rows_mark = [], []
        for a in assignments:
            for student_id in struggling.get((a.school_class_id, a.subject_id), []):
                rows_tier.append(
                    {"assignment_id": a.pk, "student_id": student_id, "level": Level.BASIC}
                )
                submitted = rng.random() < 0.9
                rows_mark.append(
                    {
                        "assignment_id": a.pk,
                        "student_id": student_id,
                        "submitted": submitted,
                        "on_time": submitted and rng.random() < 0.85,
                        "quality": rng.choice("ABCD") if submitted else "",
                        "marked_by_id": a.set_by_id,
                    }
                )
        insert(StudentTier, rows_tier)
        insert(MarkingRecord, rows_mark)

    # ---- evaluations (every term) ----
    def make_evaluations(self) -> None:
        from evaluations.models import Evaluation, EvaluationResult, Gap

        rng = self.rng
        today = timezone.localdate()
        weak = {case.student_id for case in self.current_cases}
        evaluations = []
        for term in self.terms:
            for c, school_class in enumerate(self.classes):
                for s, subject in enumerate(self.subjects):
                    for k in range(EVALUATIONS_PER_TERM):
                        stage = k == EVALUATIONS_PER_TERM - 1
                        evaluations.append(
                            Evaluation(
                                term=term,
                                school_class=school_class,
                                subject=subject,
                                kind=Evaluation.Kind.STAGE if stage else Evaluation.Kind.UNIT,
                                name="期中测评" if stage else f"第{k + 1}单元测评",
                                date=min(term.start + datetime.timedelta(days=25 + 30 * k), today),
                                full_marks=decimal.Decimal(100),
                                pass_line=decimal.Decimal(60),
                                created_by=self.teacher_of[(c, s)],
                            )
                        )
        evaluations = create(Evaluation, evaluations)
        index = {c.pk: i for i, c in enumerate(self.classes)}
        insert(
            EvaluationResult,
            (
                {
                    "evaluation_id": evaluation.pk,
                    "student_id": student.pk,
                    "score": rng.randint(35, 70) if student.pk in weak else rng.randint(60, 100),
                }
                for evaluation in evaluations
                for student in self.students[index[evaluation.school_class_id]]
            ),
        )
        failed = EvaluationResult.objects.filter(
            score__lt=60, student__student_number__startswith=PREFIX
        )
        insert(
            Gap,
            (
                {
                    "result_id": pk,
                    "knowledge_point": "分数的加减法",
                    "remediation": "课后个别辅导",
                    "due": date + datetime.timedelta(days=14),
                    "done": pk % 2 == 0,
                    "done_on": date + datetime.timedelta(days=10) if pk % 2 == 0 else None,
                }
                for pk, date in failed.values_list("id", "evaluation__date").iterator()
            ),
        )

    # ---- family ----
    def make_family(self) -> None:
        from family.models import FamilyContact, FamilyProfile

        rng = self.rng
        today = timezone.localdate()
        students = {case.student_id: case.student for case in self.current_cases}
        insert(
            FamilyProfile,
            (
                {
                    "student_id": pk,
                    "left_behind": rng.random() < 0.2,
                    "single_parent": rng.random() < 0.1,
                    "notes": "",
                }
                for pk in students
            ),
        )
        channels = [c for c, _label in FamilyContact.Channel.choices]
        rows = []
        for term in self.terms:
            last = min(term.end, today)
            span = max((last - term.start).days, 1)
            for pk, student in students.items():
                head = self.head_of[self._class_index[student.school_class_id]]
                for _ in range(CONTACTS_PER_TERM):
                    rows.append(
                        {
                            "student_id": pk,
                            "date": term.start + datetime.timedelta(days=rng.randint(0, span)),
                            "channel": rng.choice(channels),
                            "summary": "与家长沟通孩子近期学习情况，家长表示配合",
                            "recorded_by_id": head.pk,
                        }
                    )
        insert(FamilyContact, rows)


def _academic_year(start: datetime.date) -> str:
    first = start.year if start.month >= 8 else start.year - 1
    return f"{first}-{first + 1}"


def _term_name(start: datetime.date) -> str:
    return "第一学期" if start.month >= 8 or start.month == 1 else "第二学期"
