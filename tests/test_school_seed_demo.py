"""The demo school: realistic, idempotent, with a real holder of every demo login."""

from django.core.management import call_command

from school.models import (
    ClassHeadship,
    GradeLeadership,
    SubjectDirectorship,
    TeachingAssignment,
    User,
)
from school.scoping import Scope
from students.models import Student


def test_seed_demo_builds_the_school_once_and_prints_the_logins(db, capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (Student.objects.count(), User.objects.count(), TeachingAssignment.objects.count())
    call_command("seed_demo")
    assert (
        Student.objects.count(),
        User.objects.count(),
        TeachingAssignment.objects.count(),
    ) == counts
    assert Student.objects.count() == 6 * 4 * 40
    for username in ("principal", "admin", "director", "gradeleader", "headteacher", "teacher"):
        assert username in first
        assert User.objects.get(username=username).check_password("bangfu-demo")
    assert "bangfu-demo" in first


def test_each_demo_login_really_holds_its_role(db):
    call_command("seed_demo", "--quiet-logins")
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["principal", "admin", "director", "gradeleader", "headteacher", "teacher"]
        )
    }
    assert users["principal"].position == "principal"
    assert users["admin"].position == "admin"
    assert SubjectDirectorship.objects.filter(
        teacher=users["director"], subject__name="语文"
    ).exists()
    assert GradeLeadership.objects.filter(teacher=users["gradeleader"], grade__level=3).exists()
    head = ClassHeadship.objects.get(teacher=users["headteacher"])
    assert str(head.school_class) == "三年级(1)班"
    teacher_scope = Scope.for_user(users["teacher"])
    assert teacher_scope.is_subject_teacher and not teacher_scope.is_head_teacher
    assert Student.objects.visible_to(teacher_scope).count() == 80
