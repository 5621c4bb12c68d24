from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, None when absent."""
    if not mapping or key is None:
        return None
    return mapping.get(key)


@register.simple_tag
def studies_for(strategy):
    """The published case studies that used ``strategy`` (for the strategy page)."""
    from collab.models import CaseStudy

    return list(
        CaseStudy.objects.published().filter(strategies=strategy).order_by("-published_at")[:10]
    )
