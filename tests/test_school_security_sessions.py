"""Sessions end when idle, logged-in pages are not cached, wrong passwords lock the
username at its address (log-in and password change alike), and an administrator can
lift the lock."""

from __future__ import annotations

import datetime
import time

from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from school.middleware import LAST_ACTIVITY_KEY

PASSWORD = "pw-12345678"  # the factories' password


def _set_last_activity(client: Client, seconds_ago: float) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - seconds_ago
    session.save()


def _fail_logins(client: Client, username: str, times: int, **extra):
    response = None
    for _ in range(times):
        response = client.post(
            reverse("login"), {"username": username, "password": "wrong-password"}, **extra
        )
    return response


# ---- idle timeout ----------------------------------------------------------------------


def test_idle_session_is_logged_out_with_a_message(client, school, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(school.teacher)
    client.get(reverse("dashboard"))
    _set_last_activity(client, 31 * 60)
    response = client.get(reverse("dashboard"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert not response.context["user"].is_authenticated
    assert "30" in response.content.decode()  # "logged out after 30 minutes…"


def test_active_session_stays_and_the_clock_is_refreshed_at_most_once_a_minute(client, school):
    client.force_login(school.teacher)
    client.get(reverse("dashboard"))
    _set_last_activity(client, 20)
    recent = client.session[LAST_ACTIVITY_KEY]
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] == recent  # not rewritten within the minute
    _set_last_activity(client, 25 * 60)
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] > time.time() - 5


def test_idle_minutes_come_from_the_setting(client, school, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(school.teacher)
    client.get(reverse("dashboard"))
    _set_last_activity(client, 6 * 60)
    assert client.get(reverse("dashboard")).status_code == 302


def test_sessions_end_with_the_browser(client, school, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 24 * 3600
    client.post(reverse("login"), {"username": "teacher_a", "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]
    # The idle clock starts at log-in, so the first page needs no session write.
    assert client.session[LAST_ACTIVITY_KEY] > time.time() - 5


# ---- Cache-Control ---------------------------------------------------------------------


def test_logged_in_pages_are_not_stored(client, school):
    client.force_login(school.head)
    for url in (
        reverse("dashboard"),
        reverse("class_detail", args=[school.class_a.pk]),
        reverse("password_change"),
    ):
        assert client.get(url)["Cache-Control"] == "no-store, private"


def test_login_page_is_not_cached_either_way(client, school):
    cache_control = client.get(reverse("login"))["Cache-Control"]
    assert "no-store" in cache_control or "no-cache" in cache_control


# ---- log-in locks ------------------------------------------------------------------------


def test_locked_user_is_told_when_the_lock_ends_and_retries_do_not_extend_it(
    client, school, settings
):
    response = _fail_logins(client, "teacher_a", settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    attempt = AccessAttempt.objects.get(username="teacher_a")
    ends = timezone.localtime(attempt.attempt_time + datetime.timedelta(minutes=15))
    page = response.content.decode()
    assert "锁定" in page  # Chinese by default
    assert ends.strftime("%H:%M") in page
    # More guesses, even the right password, during the lock: refused, lock unchanged.
    locked_at = attempt.attempt_time
    _fail_logins(client, "teacher_a", 3)
    response = client.post(reverse("login"), {"username": "teacher_a", "password": PASSWORD})
    assert response.status_code == 429
    attempt.refresh_from_db()
    assert attempt.attempt_time == locked_at
    assert ends.strftime("%H:%M") in response.content.decode()


def test_lock_is_per_username_and_address(client, school, settings):
    _fail_logins(client, "teacher_a", settings.AXES_FAILURE_LIMIT)
    other_machine = Client(REMOTE_ADDR="10.0.0.9")
    response = other_machine.post(reverse("login"), {"username": "teacher_a", "password": PASSWORD})
    assert response.status_code == 302
    colleague = Client()
    response = colleague.post(reverse("login"), {"username": "head_a", "password": PASSWORD})
    assert response.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_lock_follows_the_forwarded_address(client, school, settings):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    _fail_logins(
        client, "teacher_a", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="192.0.2.7", **proxy
    )
    assert AccessAttempt.objects.get(username="teacher_a").ip_address == "192.0.2.7"
    # Another pupil's teacher at another address behind the same proxy is not locked.
    other = Client()
    response = other.post(
        reverse("login"),
        {"username": "teacher_a", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.8",
        **proxy,
    )
    assert response.status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_address_is_ignored(client, school, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "teacher_a", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    response = client.post(reverse("login"), {"username": "teacher_a", "password": PASSWORD})
    assert response.status_code == 429


# ---- password change is throttled like the log-in ------------------------------------------


def test_wrong_current_passwords_lock_the_password_change(client, school, settings):
    client.force_login(school.teacher)
    url = reverse("password_change")
    new = {"new_password1": "A-new-pass-42!", "new_password2": "A-new-pass-42!"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"old_password": "wrong", **new})
        assert response.status_code == 200
        assert "old_password" in response.context["form"].errors
    response = client.post(url, {"old_password": "wrong", **new})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    # Now even the right current password is refused until the lock ends.
    response = client.post(url, {"old_password": PASSWORD, **new})
    assert response.status_code == 429
    school.teacher.refresh_from_db()
    assert school.teacher.check_password(PASSWORD)
    # …and the log-in at this address is locked too.
    client.logout()
    response = client.post(reverse("login"), {"username": "teacher_a", "password": PASSWORD})
    assert response.status_code == 429


def test_right_current_password_still_changes_it(client, school):
    client.force_login(school.teacher)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "A-new-pass-42!",
            "new_password2": "A-new-pass-42!",
        },
    )
    assert response.status_code == 302
    school.teacher.refresh_from_db()
    assert school.teacher.check_password("A-new-pass-42!")


# ---- an administrator lifts the lock ---------------------------------------------------------


def test_administrator_lifts_a_lock_from_the_staff_page(client, school, settings):
    locked = Client()
    _fail_logins(locked, "teacher_a", settings.AXES_FAILURE_LIMIT)
    client.force_login(school.admin)
    page = client.get(reverse("school:staff_list"), {"q": "teacher_a"}).content.decode()
    unlock_url = reverse("school:staff_unlock", args=[school.teacher.pk])
    assert unlock_url in page
    response = client.post(unlock_url, follow=True)
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username="teacher_a").exists()
    assert unlock_url not in response.content.decode()
    response = locked.post(reverse("login"), {"username": "teacher_a", "password": PASSWORD})
    assert response.status_code == 302


def test_administrator_cannot_lift_a_principals_lock(client, school, settings):
    _fail_logins(Client(), "principal1", settings.AXES_FAILURE_LIMIT)
    client.force_login(school.admin)
    unlock_url = reverse("school:staff_unlock", args=[school.principal.pk])
    assert unlock_url not in client.get(reverse("school:staff_list")).content.decode()
    assert client.post(unlock_url).status_code == 403
    assert AccessAttempt.objects.filter(username="principal1").exists()


def test_staff_list_with_locks_runs_a_constant_number_of_queries(
    client, school, settings, constant_queries
):
    from .factories.school import UserFactory

    client.force_login(school.admin)
    url = reverse("school:staff_list")

    def grow():
        for n in range(3):
            user = UserFactory(username=f"locked{n}")
            _fail_logins(Client(), user.username, settings.AXES_FAILURE_LIMIT)
        client.force_login(school.admin)

    constant_queries(lambda: client.get(url), grow)
