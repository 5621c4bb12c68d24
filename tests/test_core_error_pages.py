"""Error pages: the site's own layout, in the user's language, a way back, no Django wording."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.urls("tests.core_error_urls")

DJANGO_DEFAULT_WORDING = (
    "Not Found",
    "The requested resource was not found",
    "Forbidden",
    "Server Error (500)",
    "Bad Request (400)",
    "CSRF verification failed",
)
NAV = 'id="mainnav"'


def page(response) -> str:
    return response.content.decode()


def assert_site_page(html: str) -> None:
    assert 'lang="zh-hans"' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert "bootstrap.min.css" in html
    assert 'href="/"' in html  # the way back: the home page
    for wording in DJANGO_DEFAULT_WORDING:
        assert wording not in html
    assert not re.search(r'style="', html)


def test_404_for_a_logged_in_user_has_the_nav_and_says_what_happened(school, login):
    response = login(school.teacher).get("/no-such-page/")
    assert response.status_code == 404
    html = page(response)
    assert_site_page(html)
    assert "找不到这个页面（可能不存在或不在你的管理范围内）" in html
    assert NAV in html
    assert "返回首页" in html


def test_404_for_an_object_outside_the_scope_is_the_same_page(school, login):
    response = login(school.stranger).get(reverse("class_detail", args=[school.class_a.pk]))
    assert response.status_code == 404
    html = page(response)
    assert "找不到这个页面" in html
    assert "SchoolClass" not in html and "matches the given query" not in html


def test_404_in_english(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    html = page(response)
    assert 'lang="en"' in html
    assert "Page not found (it may not exist, or it is outside what you manage)." in html


def test_403_shows_the_chinese_page_in_the_layout_with_nav(school, login):
    response = login(school.teacher).get(reverse("reports:dashboard"))
    assert response.status_code == 403
    html = page(response)
    assert_site_page(html)
    assert "你没有权限查看这个页面" in html
    assert NAV in html


def test_500_when_a_view_raises_is_the_chinese_page_in_the_layout(school, login):
    client = login(school.teacher)
    client.raise_request_exception = False
    response = client.get("/test-errors/boom/")
    assert response.status_code == 500
    html = page(response)
    assert_site_page(html)
    assert "服务器出错了，已记录，请稍后再试" in html
    assert "a bug in a view" not in html


def test_500_renders_when_the_database_is_down(db):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/database-down/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    html = page(response)
    assert "Something went wrong on the server. It has been logged; please try again later." in html
    assert "could not connect" not in html


def test_the_500_template_runs_no_query(db, django_assert_num_queries):
    with translation.override("zh-hans"), django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "服务器出错了" in html


def test_400_is_the_chinese_page_in_the_layout(db):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/suspicious/")
    assert response.status_code == 400
    html = page(response)
    assert_site_page(html)
    assert "请求无法处理，请返回后重试" in html
    assert "malformed" not in html


def test_a_post_without_csrf_token_gets_the_chinese_page(school, unchanged):
    client = Client(enforce_csrf_checks=True)
    client.force_login(school.teacher)
    with unchanged():
        response = client.post(reverse("password_change"), {"old_password": "x"})
    assert response.status_code == 403
    html = page(response)
    assert "表单已过期" in html
    assert "CSRF verification failed" not in html
