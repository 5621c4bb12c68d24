"""Demo family data: the situations of seed 003 (many left-behind children raised by
grandparents), a term of home visits, calls and messages — some students overdue — and
parent-school sessions and parent meetings with attendance."""

from __future__ import annotations

import datetime

from simple_history.utils import bulk_create_with_history

from archives.models import SupportCase
from school.models import ClassHeadship, today
from students.models import Student

from .models import (
    FamilyContact,
    FamilyProfile,
    Guardian,
    ParentSession,
    SessionAttendance,
)
from .visit_clocks import refresh_visit_clocks

# (summary, what the family will do, what the school will do), by the family's situation.
VISIT_NOTES = {
    "left_behind": [
        (
            "奶奶说孩子放学后先看电视，作业常拖到九点以后；孩子的书桌在客厅，很吵。",
            "奶奶每晚七点提醒孩子在卧室写作业，写完签字。",
            "数学老师每周面批两次，作业分层布置。",
        ),
        (
            "父母在外地打工，每月通一次视频。孩子说想爸爸妈妈，上课常走神。",
            "父母每周日晚上和孩子视频，问问学校里的事。",
            "班主任每周找孩子谈心一次，安排同桌互助。",
        ),
    ],
    "single_parent": [
        (
            "家长一个人带孩子，工作忙，很少过问学习，但很愿意配合。",
            "每天睡前花十分钟听孩子讲当天学到的内容。",
            "课后服务时间安排老师答疑。",
        ),
    ],
    "economic_hardship": [
        (
            "家里经济比较困难，孩子周末要帮忙看店，没有课外书。",
            "周末留出两个小时给孩子读书。",
            "从图书角借书给孩子带回家，申请学习用品资助。",
        ),
    ],
    "education_views": [
        (
            "爸爸认为读书没用，对孩子的成绩不太在意，说到后面态度有所转变。",
            "爸爸答应参加下次家长学校，每周看一次孩子的作业本。",
            "把孩子的进步及时发到家长微信上。",
        ),
    ],
    "general": [
        (
            "家长反映孩子回家做作业磨蹭，遇到难题就放下不做。",
            "家长陪孩子把难题圈出来，第二天带来问老师。",
            "课后服务时老师答疑，难题面批。",
        ),
        (
            "孩子最近上课更专心了，家长很高兴，希望继续保持。",
            "每天检查作业是否完成，多表扬。",
            "课堂上多给孩子回答问题的机会。",
        ),
    ],
}
OTHER_NOTES = {
    FamilyContact.Channel.PHONE: [
        "电话告知孩子本周数学小测有进步，家长很高兴。",
        "电话沟通孩子作业未交的情况，家长表示晚上会督促。",
    ],
    FamilyContact.Channel.PRIVATE_MESSAGE: [
        "微信发了孩子课堂发言的照片，家长回复会继续鼓励。",
        "微信提醒家长本周的单元测验，请督促孩子复习。",
    ],
    FamilyContact.Channel.IN_PERSON: [
        "放学接孩子时面谈，了解到孩子最近睡得晚，建议按时作息。",
    ],
}
PARENT_SCHOOL_TOPICS = [
    ("家长学校：怎样陪孩子写作业", "市家庭教育指导中心 李老师"),
    ("家长学校：留守儿童的亲情陪伴", "周校长"),
]


def _phone(rng) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


def seed(ctx: dict) -> None:
    term = ctx["term"]
    rng = ctx["rng"]
    now = today()
    cases = SupportCase.objects.open().filter(term=term)
    if FamilyProfile.objects.filter(student__cases__in=cases).exists():
        refresh_visit_clocks()
        return
    student_ids = set(cases.values_list("student_id", flat=True))
    students = list(Student.objects.filter(pk__in=student_ids).order_by("student_number"))
    heads = dict(
        ClassHeadship.objects.filter(term=term).values_list("school_class_id", "teacher_id")
    )
    identified: dict[int, datetime.date] = {}
    for student_id, day in cases.values_list("student_id", "identified_on"):
        identified[student_id] = min(day, identified.get(student_id, day))

    # Two students of the demo head teacher's class (三(1)班) are behind on visits.
    story_class = next((c.pk for c in ctx["classes"] if (c.grade.level, c.number) == (3, 1)), None)
    story = [s.pk for s in students if s.school_class_id == story_class][:2]
    profiles, guardians, contacts = [], [], []
    for student in students:
        profiles.append(_profile(rng, student))
    bulk_create_with_history(profiles, FamilyProfile, batch_size=500)
    by_student = {p.student_id: p for p in FamilyProfile.objects.filter(student__in=students)}
    for student in students:
        profile = by_student[student.pk]
        guardians += _guardians(rng, profile, student)
        head_id = heads.get(student.school_class_id)
        if head_id is None:
            continue
        contacts += _contacts(
            rng, student, head_id, identified[student.pk], term, now, profile, student.pk in story
        )
    bulk_create_with_history(guardians, Guardian, batch_size=500)
    bulk_create_with_history(contacts, FamilyContact, batch_size=500)
    _sessions(ctx, rng, students, heads, now)
    # The cases (archives' demo) and the contacts went in by bulk_create, without signals.
    refresh_visit_clocks()


def _profile(rng, student) -> FamilyProfile:
    roll = rng.random()
    profile = FamilyProfile(student=student)
    if roll < 0.35:
        # Seed 003's 小林: parents working away, raised by a grandmother.
        profile.left_behind = True
        profile.primary_caregiver = FamilyProfile.Caregiver.GRANDPARENTS
        profile.notes = "父母在外地打工，由爷爷奶奶照看；奶奶不识字，辅导不了作业。"
    elif roll < 0.5:
        profile.single_parent = True
        profile.primary_caregiver = rng.choice(
            [FamilyProfile.Caregiver.MOTHER, FamilyProfile.Caregiver.FATHER]
        )
        profile.notes = "单亲家庭，家长工作时间长，孩子放学后常独自在家。"
    elif roll < 0.6:
        profile.left_behind = True
        profile.primary_caregiver = FamilyProfile.Caregiver.RELATIVES
        profile.notes = "父母在外务工，寄住在姑姑家。"
    profile.economic_hardship = rng.random() < 0.2
    profile.tense_relations = not profile.left_behind and rng.random() < 0.12
    profile.education_views = rng.random() < 0.25
    return profile


def _guardians(rng, profile: FamilyProfile, student) -> list[Guardian]:
    surname = student.name[0]
    away = profile.left_behind
    result = []
    if profile.primary_caregiver == FamilyProfile.Caregiver.GRANDPARENTS:
        result.append(
            Guardian(
                profile=profile,
                relation=Guardian.Relation.GRANDMOTHER,
                name=f"{surname}奶奶",
                phone=_phone(rng),
                lives_with_student=True,
            )
        )
    if profile.primary_caregiver == FamilyProfile.Caregiver.RELATIVES:
        result.append(
            Guardian(
                profile=profile,
                relation=Guardian.Relation.RELATIVE,
                name="姑姑",
                phone=_phone(rng),
                lives_with_student=True,
            )
        )
    if profile.primary_caregiver != FamilyProfile.Caregiver.MOTHER:
        result.append(
            Guardian(
                profile=profile,
                relation=Guardian.Relation.FATHER,
                name=f"{surname}爸爸",
                phone=_phone(rng),
                lives_with_student=not away,
                works_away=away,
            )
        )
    if not profile.single_parent or profile.primary_caregiver == FamilyProfile.Caregiver.MOTHER:
        result.append(
            Guardian(
                profile=profile,
                relation=Guardian.Relation.MOTHER,
                name=f"{surname}妈妈",
                phone=_phone(rng),
                lives_with_student=not away,
                works_away=away,
            )
        )
    return result


def _visit_notes(profile: FamilyProfile) -> list[tuple[str, str, str]]:
    for flag in ("left_behind", "single_parent", "economic_hardship", "education_views"):
        if getattr(profile, flag):
            return VISIT_NOTES[flag] + VISIT_NOTES["general"]
    return VISIT_NOTES["general"]


def _contacts(
    rng, student, head_id, identified, term, now, profile, overdue=False
) -> list[FamilyContact]:
    """Visits about every month since identification; about one student in four falls behind."""
    result = []
    overdue = overdue or rng.random() < 0.25
    notes = _visit_notes(profile)
    last_day = min(now, term.end)
    stop = last_day - datetime.timedelta(days=rng.randrange(40, 60)) if overdue else last_day
    day = identified + datetime.timedelta(days=rng.randrange(3, 15))
    who = "奶奶" if profile.primary_caregiver == FamilyProfile.Caregiver.GRANDPARENTS else "家长"
    while day <= stop:
        summary, family_actions, school_actions = rng.choice(notes)
        next_on = day + datetime.timedelta(days=30)
        result.append(
            FamilyContact(
                student=student,
                date=day,
                channel=FamilyContact.Channel.HOME_VISIT,
                participants=f"{who}，班主任",
                summary=summary,
                family_actions=family_actions,
                school_actions=school_actions,
                next_contact_on=next_on,
                recorded_by_id=head_id,
            )
        )
        between = day + datetime.timedelta(days=rng.randrange(8, 20))
        if between <= last_day:
            channel = rng.choice(list(OTHER_NOTES))
            result.append(
                FamilyContact(
                    student=student,
                    date=between,
                    channel=channel,
                    participants=who,
                    summary=rng.choice(OTHER_NOTES[channel]),
                    recorded_by_id=head_id,
                )
            )
        day += datetime.timedelta(days=rng.randrange(24, 33))
    return result


def _sessions(ctx, rng, students, heads, now) -> None:
    term = ctx["term"]
    principal = ctx["users"]["principal"]
    sessions = []
    for i, (topic, speaker) in enumerate(PARENT_SCHOOL_TOPICS):
        day = min(term.start + datetime.timedelta(days=30 + 35 * i), now)
        sessions.append(
            ParentSession(
                term=term,
                kind=ParentSession.Kind.PARENT_SCHOOL,
                topic=topic,
                date=day,
                speaker=speaker,
                materials="讲义：《家庭作业陪伴十条》\n课件见学校公众号",
                created_by=principal,
            )
        )
    meeting_day = min(term.midterm_review + datetime.timedelta(days=3), now)
    for c in ctx["classes"]:
        head_id = heads.get(c.pk)
        if head_id is None:
            continue
        sessions.append(
            ParentSession(
                term=term,
                kind=ParentSession.Kind.PARENT_MEETING,
                school_class=c,
                topic="期中家长会",
                date=meeting_day,
                speaker="班主任",
                created_by_id=head_id,
            )
        )
    ParentSession.objects.bulk_create(sessions)
    sessions = list(ParentSession.objects.filter(term=term))
    profiles = dict(
        FamilyProfile.objects.filter(student__in=students).values_list("student_id", "left_behind")
    )
    attendance = []
    for session in sessions:
        for student in students:
            if session.school_class_id and session.school_class_id != student.school_class_id:
                continue
            recorder = heads.get(student.school_class_id)
            if recorder is None:
                continue
            # Grandparents of left-behind children come less often (seed 003).
            chance = 0.5 if profiles.get(student.pk) else 0.8
            attendance.append(
                SessionAttendance(
                    session=session,
                    student=student,
                    attended=rng.random() < chance,
                    recorded_by_id=recorder,
                )
            )
    SessionAttendance.objects.bulk_create(attendance, batch_size=1000)
