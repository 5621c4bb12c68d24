from collab.models import MeetingItem, TeamMeeting

from .students import case_a


def meeting_a(school) -> TeamMeeting:
    """A meeting of class A (三年级(1)班) opened by its head teacher, about 张小明."""
    meeting = TeamMeeting.objects.filter(school_class=school.class_a).first()
    if meeting is None:
        meeting = TeamMeeting.objects.create(
            term=school.term,
            kind=TeamMeeting.Kind.CLASS,
            school_class=school.class_a,
            organiser=school.head,
        )
        MeetingItem.objects.create(meeting=meeting, student=school.student_a, case=case_a(school))
    return meeting


URL_KWARGS = {"meeting_pk": lambda school: meeting_a(school).pk}


def _study_pk(school) -> int:
    from collab.models import CaseStudy

    return CaseStudy.objects.create(title="草稿", subject=school.maths, author=school.teacher).pk


def _session_pk(school) -> int:
    from collab.models import SharingSession

    session = SharingSession.objects.create(
        topic="教研活动", organiser=school.director, date=school.term.start
    )
    session.attendees.set([school.teacher])
    return session.pk


URL_KWARGS["study_pk"] = _study_pk
URL_KWARGS["session_pk"] = _session_pk
