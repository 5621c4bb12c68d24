"""The navigation menu is rendered once per roles and language, then reused: a role given
or taken away, or another language, shows the right menu on the next page."""

from __future__ import annotations

from django.urls import reverse

from school.models import ClassHeadship

from .factories.school import ClassHeadshipFactory

FAMILY_LINK = f'href="{reverse("family:visit_plan")}"'


def _menu(client) -> str:
    page = client.get(reverse("password_change")).text
    return page.split('id="mainnav"', 1)[1].split('<ul class="navbar-nav">', 1)[0]


def test_a_role_given_and_taken_changes_the_menu(school, login):
    client = login(school.teacher)
    assert FAMILY_LINK not in _menu(client)
    assert FAMILY_LINK not in _menu(client)  # the kept menu
    headship = ClassHeadshipFactory(
        term=school.term, teacher=school.teacher, school_class=school.class_b
    )
    assert FAMILY_LINK in _menu(client)
    ClassHeadship.objects.filter(pk=headship.pk).delete()
    assert FAMILY_LINK not in _menu(client)


def test_each_language_and_user_has_their_own_menu(school, login):
    client = login(school.head)
    assert "家校联系" in _menu(client) or FAMILY_LINK in _menu(client)
    client.cookies["django_language"] = "en"
    english = _menu(client)
    assert "Family linkage" in english and "家校" not in english
    client.logout()
    teacher = login(school.teacher)
    teacher.cookies["django_language"] = "en"
    assert FAMILY_LINK not in _menu(teacher)  # not the head teacher's kept menu
