"""The demo school shows the strategy library with local evidence, and followed-up actions."""

from django.core.management import call_command

from archives.models import AgreedAction, SupportMeasure
from archives.strategy_evidence import local_evidence
from school.models import User, today


def test_demo_library_has_evidence_and_actions_are_followed_up(db):
    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo", "--quiet-logins")  # idempotent
    library = list(SupportMeasure.objects.approved())
    assert len(library) >= 10
    evidence = local_evidence()
    shares = [evidence[s.pk].overall for s in library if s.pk in evidence]
    assert sum(1 for s in shares if s.enough) >= 4
    assert any(0 < s.n < 5 for s in shares)  # some with too few cases
    assert SupportMeasure.objects.filter(status="proposed").count() == 1
    assert AgreedAction.objects.filter(done_on__isnull=False).exclude(result="").exists()
    teacher = User.objects.get(username="teacher")
    assert AgreedAction.objects.open().filter(owner=teacher, due_on__lt=today()).exists()


def test_demo_has_a_class_meeting_with_its_recap(db):
    from archives.models import CaseDiscussion
    from collab.models import TeamMeeting

    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo", "--quiet-logins")
    meeting = TeamMeeting.objects.get(school_class__grade__level=3, school_class__number=1)
    assert meeting.is_recorded and meeting.items.exists()
    assert meeting.attendees.count() >= 3
    recorded = meeting.items.exclude(discussion=None)
    assert recorded.exists()
    assert CaseDiscussion.objects.filter(pk__in=recorded.values("discussion")).exists()
    assert AgreedAction.objects.filter(discussion__in=recorded.values("discussion")).exists()


def test_demo_has_two_published_case_studies_and_a_sharing_session(db):
    from collab.models import CaseStudy, SharingSession

    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo", "--quiet-logins")
    studies = CaseStudy.objects.published()
    assert studies.count() == 2
    for study in studies:
        name = study.source_case.student.name
        assert all(name not in getattr(study, f) for f in CaseStudy.TEXT_FIELDS)
    session = SharingSession.objects.get()
    assert session.case_studies.count() == 2 and session.attendees.exists()


def test_demo_pages_of_issue_16_open_for_their_users(db, client):
    from django.urls import reverse

    from collab.models import CaseStudy, SharingSession, TeamMeeting

    call_command("seed_demo", "--quiet-logins")
    head = User.objects.get(username="headteacher")
    teacher = User.objects.get(username="teacher")
    director = User.objects.get(username="director")
    meeting = TeamMeeting.objects.get()
    study = CaseStudy.objects.published().first()
    session = SharingSession.objects.get()
    layered = SupportMeasure.objects.get(name="分层作业")
    for user, urls in (
        (
            head,
            [
                reverse("collab:meeting", args=[meeting.pk]),
                reverse("collab:recap", args=[meeting.pk]),
            ],
        ),
        (
            teacher,
            [
                reverse("archives:my_actions"),
                reverse("archives:measure_list"),
                reverse("dashboard"),
            ],
        ),
        (
            teacher,
            [reverse("archives:strategy_detail", args=[layered.pk]), reverse("collab:studies")],
        ),
        (
            director,
            [
                reverse("collab:study", args=[study.pk]),
                reverse("collab:session", args=[session.pk]),
            ],
        ),
        (director, [reverse("archives:measure_list")]),
    ):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, url
    client.force_login(director)
    assert (
        "晨读十分钟" in client.get(reverse("archives:measure_list")).content.decode()
    )  # to review
