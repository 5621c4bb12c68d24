"""Every URL the project defines, walked from the resolver: no view forgets scoping.

Anonymous visitors get the login page. A teacher with no assignment to the
objects in the URL gets 404. Pages added later are covered without editing
this file, as long as each URL keyword has a maker: ``<name>_pk`` keywords are
made by ``URL_KWARGS`` dictionaries in ``tests/factories/*.py`` (``{"student_pk":
lambda school: school.student_a.pk}``), plain keywords likewise.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import factories

SKIP_NAMESPACES = {"admin", "djdt"}
SKIP_NAMES = {"login", "set_language", "logout"}


def url_kwarg_makers() -> dict:
    makers = {}
    for module in pkgutil.iter_modules(factories.__path__):
        mod = importlib.import_module(f"{factories.__name__}.{module.name}")
        makers.update(getattr(mod, "URL_KWARGS", {}))
    return makers


def walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in SKIP_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry, full)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIP_NAMES:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            kwargs = sorted(entry.pattern.converters.keys())
            yield name, kwargs


def all_patterns():
    seen = set()
    for name, kwargs in walk(get_resolver()):
        key = (name, tuple(kwargs))
        if key not in seen:
            seen.add(key)
            yield name, kwargs


def build_url(name: str, kwargs: list[str], school) -> str:
    makers = url_kwarg_makers()
    missing = [k for k in kwargs if k not in makers]
    assert not missing, (
        f"URL {name} takes {missing}: add a maker to URL_KWARGS in tests/factories/<app>.py "
        "returning a value outside the stranger's scope"
    )
    return reverse(name, kwargs={k: makers[k](school) for k in kwargs})


PATTERNS = list(all_patterns())


@pytest.mark.parametrize(("name", "kwargs"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_anonymous_visitor_gets_the_login_page(client, school, name, kwargs):
    url = build_url(name, kwargs, school)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    assert response.status_code == 302, f"{url} answered {response.status_code}"
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kwargs"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_stranger_teacher_gets_404_on_objects_outside_their_scope(client, school, name, kwargs):
    client.force_login(school.stranger)
    url = build_url(name, kwargs, school)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    if kwargs:
        assert response.status_code == 404, f"{url} answered {response.status_code}"
    else:
        # Pages with no object in the URL: the stranger's own (empty) view, or forbidden.
        assert response.status_code in (200, 302, 403), f"{url} answered {response.status_code}"
