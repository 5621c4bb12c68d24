"""Staff management cannot be used to climb: every staff URL × every role × targets of
equal or higher standing is refused (403 in sight, 404 out of scope) and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from school import rules
from school.models import GradeLeadership, TeachingAssignment, User
from school.urls import school_patterns

from .factories.school import UserFactory

STAFF_URLS = [
    p.name
    for p in school_patterns
    if isinstance(p, URLPattern)
    and p.name
    and str(p.pattern).startswith(("manage/staff", "manage/roles"))
]

HOSTILE_POST = {
    "username": "taken_over",
    "full_name": "被改了",
    "position": User.Position.PRINCIPAL,
    "email": "evil@example.com",
    "phone": "",
    # is_active left out: an unchecked box deactivates the account.
    "is_superuser": "on",
    "is_staff": "on",
    "password": "Hijack-12345!",
    "new_password1": "Hijack-12345!",
    "new_password2": "Hijack-12345!",
    "kind": "director",
    "director-subject": "",
    "director-teacher": "",
}


def _route(name: str) -> str:
    return next(str(p.pattern) for p in school_patterns if p.name == name)


def _snapshot(user: User) -> tuple:
    user.refresh_from_db()
    return (
        user.username,
        user.full_name,
        user.password,
        user.is_active,
        user.position,
        user.is_superuser,
        user.is_staff,
        user.email,
    )


def _url(name: str, school, target: User) -> str:
    route = _route(name)
    kwargs: dict[str, int | str] = {}
    if "<int:user_pk>" in route:
        kwargs["user_pk"] = target.pk
    if "<slug:kind>" in route:
        kwargs["kind"] = "teaching"
        kwargs["assignment_pk"] = (
            TeachingAssignment.objects.filter(teacher=target).earliest("pk").pk
        )
    return reverse(f"school:{name}", kwargs=kwargs)


@pytest.fixture
def targets(school):
    superuser = UserFactory(
        username="root", full_name="超级管理员", is_superuser=True, is_staff=True
    )
    django_staff = UserFactory(username="djstaff", full_name="后台员", is_staff=True)
    principal2 = UserFactory(
        username="principal2", full_name="副校长", position=User.Position.PRINCIPAL
    )
    admin2 = UserFactory(
        username="admin2", full_name="第二管理员", position=User.Position.ADMINISTRATOR
    )
    teacher2 = UserFactory(username="teacher2", full_name="另一位老师")
    for user in (superuser, django_staff, principal2, admin2, teacher2):
        TeachingAssignment.objects.create(
            term=school.term, teacher=user, school_class=school.class_c, subject=school.maths
        )
    return {
        "superuser": superuser,
        "django_staff": django_staff,
        "principal": principal2,
        "admin": admin2,
        "teacher": teacher2,
    }


LEADER_CASES = [
    # (actor, target): a school leader sees the target but may not touch it.
    ("principal", "superuser"),
    ("principal", "django_staff"),
    ("principal", "principal"),
    ("admin", "superuser"),
    ("admin", "django_staff"),
    ("admin", "principal"),
    ("admin", "admin"),
]
NON_LEADERS = ["director", "leader", "head", "teacher", "stranger", "nobody"]


def _actor(school, name):
    return getattr(school, name)


def _assert_refused(client, name, url, expected, target, school):
    before = _snapshot(target)
    users_before = User.objects.count()
    roles_before = TeachingAssignment.objects.count()
    get = client.get(url)
    post = client.post(url, HOSTILE_POST)
    assert get.status_code in (expected, 405), (name, get.status_code)
    assert post.status_code == expected, (name, post.status_code)
    assert _snapshot(target) == before
    assert User.objects.count() == users_before
    assert TeachingAssignment.objects.count() == roles_before
    assert not User.objects.filter(username="taken_over").exists()


@pytest.mark.parametrize("actor,target", LEADER_CASES)
@pytest.mark.parametrize("name", [n for n in STAFF_URLS if "<int:user_pk>" in _route(n)], ids=str)
def test_school_leader_cannot_touch_an_equal_or_higher_account(
    client, school, targets, actor, target, name
):
    client.force_login(_actor(school, actor))
    url = _url(name, school, targets[target])
    _assert_refused(client, name, url, 403, targets[target], school)


@pytest.mark.parametrize("actor", NON_LEADERS)
@pytest.mark.parametrize("target", ["superuser", "principal", "teacher"])
@pytest.mark.parametrize("name", STAFF_URLS, ids=str)
def test_other_roles_cannot_use_staff_management(client, school, targets, actor, target, name):
    client.force_login(_actor(school, actor))
    route = _route(name)
    url = _url(name, school, targets[target])
    # Pages without an object are forbidden; an object id is simply not found.
    expected = 404 if "<int:" in route else 403
    _assert_refused(client, name, url, expected, targets[target], school)


def test_principal_cannot_reset_the_superuser_password_as_the_probe_did(client, school, targets):
    superuser = targets["superuser"]
    client.force_login(school.principal)
    response = client.post(
        reverse("school:staff_password", args=[superuser.pk]),
        {"new_password1": "Taken-over-123", "new_password2": "Taken-over-123"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert not superuser.check_password("Taken-over-123")
    client.logout()
    login = client.post(reverse("login"), {"username": "root", "password": "Taken-over-123"})
    assert login.status_code == 200  # the form again, not a redirect into the site


def test_leaders_cannot_edit_themselves_through_staff_management(client, school):
    for actor in (school.principal, school.admin):
        client.force_login(actor)
        before = _snapshot(actor)
        response = client.post(reverse("school:staff_edit", args=[actor.pk]), HOSTILE_POST)
        assert response.status_code == 403
        assert _snapshot(actor) == before


def test_staff_list_offers_actions_only_on_accounts_the_actor_may_manage(client, school, targets):
    client.force_login(school.admin)
    page = client.get(reverse("school:staff_list")).content.decode()
    assert reverse("school:staff_edit", args=[school.teacher.pk]) in page
    for name in ("superuser", "principal", "admin"):
        assert reverse("school:staff_edit", args=[targets[name].pk]) not in page
        assert reverse("school:staff_password", args=[targets[name].pk]) not in page


def test_administrator_cannot_create_a_principal_or_a_superuser(client, school):
    client.force_login(school.admin)
    response = client.post(
        reverse("school:staff_create"),
        {
            "username": "newboss",
            "full_name": "新校长",
            "position": User.Position.PRINCIPAL,
            "password": "Xy-12345678",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 200
    assert "position" in response.context["form"].errors
    assert not User.objects.filter(username="newboss").exists()
    # A teacher account is fine, but the admin flags in the post are ignored.
    data = {
        "username": "newteacher",
        "full_name": "新老师",
        "position": User.Position.TEACHER,
        "password": "Xy-12345678",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
    }
    assert client.post(reverse("school:staff_create"), data).status_code == 302
    created = User.objects.get(username="newteacher")
    assert (created.is_superuser, created.is_staff, created.position) == (False, False, "teacher")


def test_administrator_cannot_promote_a_teacher_above_themselves(client, school):
    client.force_login(school.admin)
    before = _snapshot(school.teacher)
    response = client.post(
        reverse("school:staff_edit", args=[school.teacher.pk]),
        {
            "username": school.teacher.username,
            "full_name": school.teacher.full_name,
            "position": User.Position.PRINCIPAL,
            "is_active": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 200
    assert "position" in response.context["form"].errors
    assert _snapshot(school.teacher) == before


def test_principal_may_appoint_an_administrator_but_sets_no_admin_flags(client, school):
    client.force_login(school.principal)
    response = client.post(
        reverse("school:staff_edit", args=[school.teacher.pk]),
        {
            "username": school.teacher.username,
            "full_name": school.teacher.full_name,
            "position": User.Position.ADMINISTRATOR,
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    school.teacher.refresh_from_db()
    assert school.teacher.position == User.Position.ADMINISTRATOR
    assert not school.teacher.is_superuser
    assert not school.teacher.is_staff


def test_superuser_manages_anyone_and_may_set_the_admin_flags(client, school, targets):
    client.force_login(targets["superuser"])
    response = client.post(
        reverse("school:staff_edit", args=[school.principal.pk]),
        {
            "username": school.principal.username,
            "full_name": school.principal.full_name,
            "position": User.Position.PRINCIPAL,
            "is_active": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    school.principal.refresh_from_db()
    assert school.principal.is_staff
    assert not school.principal.is_superuser


def test_deactivating_a_teacher_ends_their_sessions(client, school):
    from django.test import Client

    teacher_browser = Client()
    teacher_browser.force_login(school.teacher)
    assert teacher_browser.get(reverse("dashboard")).status_code == 200
    client.force_login(school.admin)
    response = client.post(
        reverse("school:staff_edit", args=[school.teacher.pk]),
        {
            "username": school.teacher.username,
            "full_name": school.teacher.full_name,
            "position": User.Position.TEACHER,
        },
    )
    assert response.status_code == 302
    school.teacher.refresh_from_db()
    assert not school.teacher.is_active
    from django.contrib.sessions.models import Session

    owners = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(school.teacher.pk) not in owners
    assert str(school.admin.pk) in owners
    response = teacher_browser.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "actor,target,allowed",
    [
        ("superuser", "principal", True),
        ("superuser", "superuser", False),  # not through staff management: themselves
        ("principal", "admin", True),
        ("principal", "teacher", True),
        ("principal", "principal", False),
        ("principal", "superuser", False),
        ("principal", "django_staff", False),
        ("admin", "teacher", True),
        ("admin", "admin", False),
        ("admin", "principal", False),
        ("teacher", "teacher", False),
    ],
)
def test_can_manage_user(school, targets, actor, target, allowed):
    actor_user = targets[actor] if actor == "superuser" else getattr(school, actor)
    assert rules.can_manage_user(actor_user, targets[target]) is allowed


def test_grantable_positions(school, targets):
    assert [v for v, _label in rules.grantable_positions(school.admin)] == ["teacher", "admin"]
    assert "principal" in [v for v, _label in rules.grantable_positions(school.principal)]
    assert rules.grantable_positions(school.teacher) == []
    assert rules.can_set_admin_flags(targets["superuser"])
    assert not rules.can_set_admin_flags(school.principal)


# ---- role assignments: nobody changes the roles of an equal or a superior ----------------


def test_an_administrator_cannot_give_the_principal_a_role(client, school, unchanged):
    client.force_login(school.admin)
    data = {
        "kind": "gradeleader",
        "gradeleader-grade": school.other_grade.pk,
        "gradeleader-teacher": school.principal.pk,
    }
    with unchanged(GradeLeadership):
        response = client.post(reverse("school:assignments"), data)
    assert response.status_code == 200
    assert "你不能更改同级或更高职位人员的职务" in response.content.decode()


def test_an_administrator_cannot_take_a_role_from_the_principal(client, school, unchanged):
    role = GradeLeadership.objects.create(
        term=school.term, grade=school.other_grade, teacher=school.principal
    )
    client.force_login(school.admin)
    url = reverse("school:assignment_delete", args=["gradeleader", role.pk])
    with unchanged(GradeLeadership):
        assert client.post(url).status_code == 403


def test_the_principal_gives_and_takes_a_teachers_role(client, school):
    client.force_login(school.principal)
    data = {
        "kind": "gradeleader",
        "gradeleader-grade": school.other_grade.pk,
        "gradeleader-teacher": school.teacher.pk,
    }
    assert client.post(reverse("school:assignments"), data).status_code == 302
    role = GradeLeadership.objects.get(grade=school.other_grade, teacher=school.teacher)
    url = reverse("school:assignment_delete", args=["gradeleader", role.pk])
    assert client.post(url).status_code == 302
    assert not GradeLeadership.objects.filter(pk=role.pk).exists()
