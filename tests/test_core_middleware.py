"""Input refused before any view: NUL characters in the query string, over-long logins."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.urls import reverse

from school.models import User


def test_a_nul_character_in_a_search_is_a_400_not_a_500(login, school):
    client = login(school.admin)
    response = client.get(reverse("students:list"), {"q": "张\x00"})
    assert response.status_code == 400
    assert "空字符" in response.text


def test_a_normal_search_still_works(login, school):
    response = login(school.admin).get(reverse("students:list"), {"q": "张"})
    assert response.status_code == 200


def test_a_login_name_over_255_characters_is_refused_on_the_form(client, school):
    client.raise_request_exception = False
    before = User.objects.count()
    response = client.post(reverse("login"), {"username": "长" * 300, "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == before
    # Refused on the form, before authenticating: the attempt log (username column 255)
    # never sees the name.
    assert not AccessAttempt.objects.filter(username__startswith="长长").exists()
    assert response.context["form"].errors["username"]
