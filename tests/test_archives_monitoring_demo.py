"""The demo term shows every monitoring story and a running after-school service."""

from collections import Counter

from django.core.management import call_command

from afterschool.models import AfterSchoolGroup, Attendance, PeerSession
from archives.models import GoalMonitor, ProbePoint, SupportCase
from archives.monitoring_data import monitoring_for


def test_demo_has_every_decision_and_after_school_records(db):
    call_command("seed_demo")
    counts = (GoalMonitor.objects.count(), ProbePoint.objects.count(), Attendance.objects.count())
    call_command("seed_demo")
    assert (
        GoalMonitor.objects.count(),
        ProbePoint.objects.count(),
        Attendance.objects.count(),
    ) == counts
    cases = list(SupportCase.objects.filter(goals__monitor__isnull=False).distinct())
    decisions = Counter(cm.verdict.decision for cm in monitoring_for(cases).values())
    assert set(decisions) >= {"continue", "adjust", "raise", "insufficient", "deliver_first"}
    assert AfterSchoolGroup.objects.count() >= 2 and PeerSession.objects.exists()
    assert Attendance.objects.filter(homework_done=True).exists()
