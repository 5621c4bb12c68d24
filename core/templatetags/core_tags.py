from django import template
from django.utils.html import format_html

from core import page_cache
from core.idempotency import FIELD, new_key

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_key(context) -> str:
    """A hidden one-time key for a create form (see core.idempotency).

    A form re-shown after an error keeps the key it was posted with.
    """
    request = context.get("request")
    posted = request.POST.get(FIELD, "") if request is not None and request.method == "POST" else ""
    key = posted or new_key()
    if request is not None and not posted:
        page_cache.note_one_time_key(request, key)  # a kept page gets a fresh one each view
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key)


@register.filter
def list_join(items) -> str:
    """``{{ names|list_join }}``: the items joined with the active language's separator."""
    from core.text import join_list

    return join_list(items or [])


@register.filter
def stored_text(value) -> str:
    """A text the system stored as an English msgid (``gettext_noop``), in the reader's
    language; anything else (what a person wrote) as it is."""
    from django.utils.translation import gettext

    return gettext(str(value)) if value else ""


@register.filter
def shown(value) -> str:
    """``{{ item.name|shown }}``: a text the system seeded (``<app>/seeded_texts.py``) in the
    reader's language; anything a person wrote as it is."""
    from core.text import shown_text

    return shown_text(value)


@register.filter
def label(instance, field_name: str) -> str:
    """``{{ student|label:"gender" }}``: as ``get_gender_display``, at a dict lookup's cost."""
    from core.choices import choice_label

    return choice_label(instance, field_name)
