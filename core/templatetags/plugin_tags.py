"""``{% plugin_templates "_nav.html" as navs %}``: each app's template of that name, in order."""

from __future__ import annotations

from django import template

from core.plugins import app_templates

register = template.Library()


@register.simple_tag
def plugin_templates(file_name: str) -> tuple[str, ...]:
    return app_templates(str.join("", [file_name]))  # a plain str, not the SafeString literal
