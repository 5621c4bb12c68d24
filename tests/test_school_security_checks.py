"""`manage.py check --deploy` fails on settings that would leave sessions open, trust a
forged proxy header, or show debug pages."""

from __future__ import annotations

import pytest
from django.conf import global_settings
from django.core.checks import run_checks


def _deploy_problems() -> set[str]:
    return {
        m.id
        for m in run_checks(include_deployment_checks=True)
        if m.id and m.id.startswith("bangfu.E1")
    }


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def test_production_defaults_pass(production):
    assert _deploy_problems() == set()


def test_debug_on_fails(production):
    production.DEBUG = True
    assert _deploy_problems() == {"bangfu.E101"}


def test_missing_session_cookie_age_fails(production):
    del production.SESSION_COOKIE_AGE
    assert _deploy_problems() == {"bangfu.E102"}


def test_djangos_two_week_session_fails(production):
    production.SESSION_COOKIE_AGE = global_settings.SESSION_COOKIE_AGE
    assert _deploy_problems() == {"bangfu.E102"}


def test_missing_idle_timeout_fails(production):
    del production.SESSION_IDLE_MINUTES
    assert _deploy_problems() == {"bangfu.E103"}


def test_zero_idle_timeout_fails(production):
    production.SESSION_IDLE_MINUTES = 0
    assert _deploy_problems() == {"bangfu.E103"}


def test_idle_timeout_middleware_missing_fails(production):
    production.MIDDLEWARE = [
        m for m in production.MIDDLEWARE if m != "school.middleware.IdleTimeoutMiddleware"
    ]
    assert _deploy_problems() == {"bangfu.E104"}


def test_sessions_outliving_the_browser_fail(production):
    production.SESSION_EXPIRE_AT_BROWSER_CLOSE = False
    assert _deploy_problems() == {"bangfu.E105"}


def test_proxy_header_without_trusted_proxy_fails(production):
    production.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    production.TRUSTED_PROXY_COUNT = 0
    assert _deploy_problems() == {"bangfu.E106"}


def test_proxy_header_with_trusted_proxy_passes(production):
    production.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    production.TRUSTED_PROXY_COUNT = 1
    assert _deploy_problems() == set()


def test_ci_deploy_check_passes_with_the_defaults():
    """What .ci/run does: production settings from the environment, warnings fail."""
    import os
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "TRUSTED_PROXY_COUNT",
            "SESSION_IDLE_MINUTES",
            "SESSION_MAX_HOURS",
            "SESSION_EXPIRE_AT_BROWSER_CLOSE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # the test suite's own
            "DJANGO_SETTINGS_MODULE",
        }
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="ci-" + secrets.token_urlsafe(48),
        ALLOWED_HOSTS="bangfu.example",
        REDIS_URL=env.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        BANGFU_TESTING="false",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
