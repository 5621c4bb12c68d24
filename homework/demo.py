"""A fortnight of tiered homework for the demo school, ending today."""

from __future__ import annotations

import datetime

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from archives.models import SupportCase
from school.models import today as local_today

from .models import (
    Assignment,
    HomeworkReview,
    LessonRecord,
    LoadOverride,
    MarkingRecord,
    NoticeLink,
    OverLimitResponse,
    PersonalisedItem,
    SchoolWeek,
    StudentTier,
    Tier,
)
from .services import TierData, save_assignment

TOPICS = {
    "chinese": [
        (
            "第三单元",
            "生字词抄写与听写",
            "读课文《秋天的雨》，圈出生字",
            "仿写一段描写秋天的话",
            "续写故事结尾",
        ),
        (
            "第三单元",
            "课文阅读理解练习",
            "朗读课文三遍并标自然段",
            "完成课后练习第1–3题",
            "写100字读后感",
        ),
        ("第四单元", "词语积累与造句", "抄写本课词语两遍", "选五个词语造句", "用五个词语写一段话"),
        (
            "第四单元",
            "预习《总也倒不了的老屋》",
            "读通课文，标出不懂的词",
            "提出两个问题",
            "预测故事发展",
        ),
    ],
    "maths": [
        (
            "第三单元 测量",
            "毫米、分米的认识",
            "练习册第12页1–4题",
            "练习册第12页全部",
            "思考题：估一估身边物体",
        ),
        (
            "第四单元 万以内加减法",
            "两位数加减两位数",
            "口算20题",
            "口算20题+笔算4题",
            "解决问题2题",
        ),
        ("第四单元 万以内加减法", "三位数加法笔算", "笔算6题", "笔算6题+验算", "错题分析与拓展题"),
        (
            "第五单元 倍的认识",
            "倍的认识练习",
            "圈一圈、画一画3题",
            "书本练习十第1–5题",
            "编一道倍数应用题",
        ),
    ],
    "english": [
        ("Unit 3", "Look at me! 单词", "读单词5遍", "默写单词", "用单词介绍自己"),
        ("Unit 4", "We love animals 对话", "跟读录音两遍", "背诵对话", "创编新对话"),
    ],
}
MINUTES = {"chinese": (15, 20, 25), "maths": (15, 20, 25), "english": (10, 12, 15)}
COMMENTS = [
    "书写比上次工整，继续保持！",
    "计算步骤清楚了，注意进位。",
    "订正及时，有进步。",
    "审题再仔细一点，你能做到。",
    "今天面批讲懂了错因，真棒。",
]


def seed(ctx: dict) -> None:
    _seed_homework(ctx)
    _lessons(ctx)
    _governance(ctx)


LESSONS = {
    "maths": [
        (
            "第三单元 分数",
            "分数的初步认识",
            "认识几分之一，会读写分数",
            "学生能用折纸表示几分之一，个别学生把分子分母写反，下节课再练。",
        ),
        (
            "第三单元 分数",
            "比较分数的大小",
            "同分母、同分子分数比大小",
            "借助图形比较效果好；学困生需要更多动手操作。",
        ),
        ("第三单元 分数", "分数的简单计算", "同分母分数加减", "计算正确率较高，个别学生忘记约分。"),
        ("第四单元 乘法", "两位数乘两位数", "掌握竖式计算", "竖式对位是难点，安排面批两名学困生。"),
        ("第四单元 乘法", "乘法估算", "会用估算解决问题", ""),
    ],
    "chinese": [
        (
            "第五单元",
            "《小虾》",
            "有感情地朗读，体会观察的方法",
            "学生仿写片段积极，学困生能说出一处观察。",
        ),
        (
            "第五单元",
            "习作：我们眼中的缤纷世界",
            "按顺序观察并写下来",
            "习作前先说后写，效果较好。",
        ),
        ("第六单元", "《富饶的西沙群岛》", "理解总分结构", ""),
    ],
}


def _lessons(ctx: dict) -> None:
    """Lesson records with reflections (教后记) for the demo maths and Chinese teachers."""
    term = ctx["term"]
    users = ctx["users"]
    if LessonRecord.objects.filter(term=term).exists():
        return
    today = local_today()
    records = []
    for user, code in ((users["teacher"], "maths"), (users["headteacher"], "chinese")):
        classes = [
            c for c in ctx["classes"] if ctx["teachers_by_class"].get(c.pk, {}).get(code) == user
        ]
        for c in classes:
            for n, (unit, title, goals, reflection) in enumerate(LESSONS[code]):
                day = today - datetime.timedelta(days=3 * (len(LESSONS[code]) - n))
                if day < term.start:
                    continue
                records.append(
                    LessonRecord(
                        term=term,
                        teacher=user,
                        school_class=c,
                        subject=ctx["subjects"][code],
                        date=day,
                        unit=unit,
                        title=title,
                        goals=goals,
                        key_points=goals,
                        tiered_exercises="基础：课本练习；提高：变式题；拓展：生活中的应用",
                        reflection=reflection,
                        reflected_at=timezone.now() if reflection else None,
                    )
                )
    bulk_create_with_history(records, LessonRecord)


def _governance(ctx: dict) -> None:
    """The grade leader acknowledged the over-limit day; a notice link for the parents."""
    override = LoadOverride.objects.select_related("school_class").order_by("pk").first()
    if override is not None:
        OverLimitResponse.objects.get_or_create(
            school_class=override.school_class,
            date=override.date,
            defaults={
                "action": OverLimitResponse.Action.ACKNOWLEDGED,
                "note": "同意：明天单元测验，其他学科已减量。",
                "responded_by": ctx["users"]["gradeleader"],
            },
        )
    head = ctx["users"]["headteacher"]
    c31 = next(c for c in ctx["classes"] if c.grade.level == 3 and c.number == 1)
    day = (
        Assignment.objects.active()
        .filter(school_class=c31, date__lte=local_today())
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if day is not None and not NoticeLink.objects.filter(school_class=c31, date=day).exists():
        NoticeLink.objects.create(
            school_class=c31,
            date=day,
            created_by=head,
            expires_on=local_today()
            + datetime.timedelta(days=SchoolWeek.current().notice_link_days),
        )


def _seed_homework(ctx: dict) -> None:
    term = ctx["term"]
    if Assignment.objects.filter(term=term).exists():
        return
    rng = ctx["rng"]
    today = local_today()
    days = [today - datetime.timedelta(days=i) for i in range(13, -1, -1)]
    days = [d for d in days if term.start <= d <= term.end]
    subjects = ctx["subjects"]
    assignments: list[Assignment] = []
    tier_rows: list[list[tuple[str, str, int]]] = []
    for c in ctx["classes"]:
        level = c.grade.level
        teachers = ctx["teachers_by_class"][c.pk]
        for day_index, day in enumerate(days):
            weekend = day.weekday() >= 5
            if day.weekday() == 6:
                continue  # Sunday: rest
            for code in ("chinese", "maths", "english"):
                if code not in teachers or (weekend and code == "english"):
                    continue
                unit, title, basic, improving, extension = TOPICS[code][
                    (day_index + level) % len(TOPICS[code])
                ]
                minutes = MINUTES[code]
                if level <= 2:
                    # No written homework to take home in grades 1–2: reading and practice.
                    kind = (
                        Assignment.Kind.READING if code == "chinese" else Assignment.Kind.PRACTICAL
                    )
                    minutes = (10, 10, 15)
                elif weekend:
                    # Saturday is not a school day: no written homework to take home.
                    kind = Assignment.Kind.GREEN if code == "chinese" else Assignment.Kind.PRACTICAL
                else:
                    kind = Assignment.Kind.WRITTEN
                assignments.append(
                    Assignment(
                        term=term,
                        school_class=c,
                        subject=subjects[code],
                        date=day,
                        title=title,
                        unit=unit,
                        phase=Assignment.Phase.AFTER_CLASS,
                        kind=kind,
                        default_level="basic" if rng.random() < 0.7 else "improving",
                        set_by=teachers[code],
                    )
                )
                tier_rows.append(
                    [
                        ("basic", basic, minutes[0]),
                        ("improving", improving, minutes[1]),
                        ("extension", extension, minutes[2]),
                    ]
                )
        if level == 3:
            _unit_phases(c, teachers, subjects, days, term, assignments, tier_rows)
    created = Assignment.objects.bulk_create(assignments, batch_size=500)
    Tier.objects.bulk_create(
        [
            Tier(assignment=a, level=lvl, content=content, minutes=m)
            for a, rows in zip(created, tier_rows, strict=True)
            for lvl, content, m in rows
        ],
        batch_size=1000,
    )
    _student_choices(ctx, created)
    _markings(ctx, created)
    # Last, so the numbers recorded with the reason are the day's final numbers.
    _over_limit_day(ctx, days)
    _reviews(ctx, created)


def _unit_phases(c, teachers, subjects, days, term, assignments, tier_rows) -> None:
    """Grade 3 maths also has pre-class and in-class homework, so a unit shows all three."""
    for day_index, day in enumerate(days):
        if day.weekday() >= 5:
            continue
        unit = TOPICS["maths"][(day_index + 3) % len(TOPICS["maths"])][0]
        for phase, kind, title, content, minutes in (
            (
                Assignment.Phase.PRE_CLASS,
                Assignment.Kind.READING,
                "预习新课",
                "读课本例题，圈出不懂的地方",
                5,
            ),
            (Assignment.Phase.IN_CLASS, Assignment.Kind.WRITTEN, "课堂练习", "课本“做一做”", 10),
        ):
            assignments.append(
                Assignment(
                    term=term,
                    school_class=c,
                    subject=subjects["maths"],
                    date=day,
                    title=title,
                    unit=unit,
                    phase=phase,
                    kind=kind,
                    set_by=teachers["maths"],
                )
            )
            tier_rows.append([("basic", content, minutes)])


def _student_choices(ctx, created) -> None:
    """In 三年级(1)班 maths, the strongest students take the extension tier."""
    rng = ctx["rng"]
    c31 = next(c for c in ctx["classes"] if c.grade.level == 3 and c.number == 1)
    students = list(c31.students.order_by("student_number")[:40])
    picks = rng.sample(students, min(6, len(students)))
    rows = [
        StudentTier(assignment=a, student=s, level="extension")
        for a in created
        if a.school_class_id == c31.pk and a.subject.code == "maths"
        for s in picks
    ]
    StudentTier.objects.bulk_create(rows, batch_size=1000)


def _over_limit_day(ctx, days) -> None:
    """A science review on a weekday of the first week puts 三年级(1)班 over 60 minutes."""
    c31 = next(c for c in ctx["classes"] if c.grade.level == 3 and c.number == 1)
    weekdays = [d for d in days if d.weekday() < 5]
    if not weekdays:
        return
    day = next((d for d in weekdays if d.weekday() == 2), weekdays[0])  # the first Wednesday
    teacher = ctx["teachers_by_class"][c31.pk]["science"]
    science = Assignment(
        term=ctx["term"],
        school_class=c31,
        subject=ctx["subjects"]["science"],
        date=day,
        title="单元复习：植物的一生",
        unit="第一单元 植物",
        phase=Assignment.Phase.AFTER_CLASS,
        kind=Assignment.Kind.WRITTEN,
    )
    save_assignment(
        assignment=science,
        tiers=[
            TierData("basic", "完成单元复习卷第一、二大题", 25),
            TierData("improving", "完成单元复习卷全部", 30),
        ],
        user=teacher,
        over_limit_reason="明天单元测验，经年级组同意，本日科学复习卷一次；语文、数学已减量。",
    )
    if not LoadOverride.objects.filter(assignment=science).exists():
        raise RuntimeError("the demo's over-limit day should have recorded its reason")


def _markings(ctx, created) -> None:
    """Marking records of the struggling students, improving over the fortnight."""
    rng = ctx["rng"]
    cases = list(
        SupportCase.objects.open()
        .filter(term=ctx["term"])
        .select_related("student")
        .values_list("student_id", "student__school_class_id", "subject_id")
    )
    if not cases:
        return
    by_class_subject: dict[tuple[int, int], list[Assignment]] = {}
    for a in created:
        if a.phase == Assignment.Phase.AFTER_CLASS:
            by_class_subject.setdefault((a.school_class_id, a.subject_id), []).append(a)
    records, items = [], []
    for student_id, class_id, subject_id in cases:
        homework = by_class_subject.get((class_id, subject_id), [])
        for i, a in enumerate(homework):
            progress = i / max(len(homework) - 1, 1)
            submitted = rng.random() < 0.8 + 0.15 * progress
            quality = ""
            if submitted:
                quality = rng.choices("ABCD", weights=[1 + 3 * progress, 3, 3, 3 - 2 * progress])[0]
            face = submitted and rng.random() < 0.5
            records.append(
                MarkingRecord(
                    assignment=a,
                    student_id=student_id,
                    submitted=submitted,
                    on_time=submitted and rng.random() < 0.85,
                    quality=quality,
                    mistakes="进位加法漏进位" if submitted and quality in "CD" else "",
                    face_to_face=face,
                    corrected=submitted and quality in "CD" and rng.random() < 0.7,
                    comment=_comment(rng, submitted, face) if rng.random() < 0.6 else "",
                    marked_by=a.set_by,
                )
            )
            if a.kind == Assignment.Kind.WRITTEN and i % 3 == 0:
                items.append(
                    PersonalisedItem(
                        assignment=a,
                        student_id=student_id,
                        content="基础题前三题，配合面批订正",
                        minutes=10,
                    )
                )
    bulk_create_with_history(records, MarkingRecord, batch_size=1000)
    PersonalisedItem.objects.bulk_create(items, batch_size=1000)


def _comment(rng, submitted: bool, face: bool) -> str:
    if not submitted:
        return "作业要按时交哦，有不会的题课间来问老师。"
    pool = COMMENTS if face else [c for c in COMMENTS if "面批" not in c]
    return rng.choice(pool)


def _reviews(ctx, created) -> None:
    director = ctx["users"]["director"]
    chinese = ctx["subjects"]["chinese"].pk
    sample = [a for a in created if a.subject_id == chinese and a.school_class.grade.level == 3]
    for a, (design, tiering, load, comment) in zip(
        sample[::7][:3],
        [
            ("good", "good", "good", "分层清晰，拓展题有梯度。"),
            ("adequate", "improve", "good", "提高层与基础层区分不够，建议增加开放性任务。"),
            ("good", "adequate", "adequate", "题量适中，注意学困生个性化作业的设计。"),
        ],
        strict=False,
    ):
        HomeworkReview.objects.get_or_create(
            assignment=a,
            reviewer=director,
            defaults={"design": design, "tiering": tiering, "load": load, "comments": comment},
        )
