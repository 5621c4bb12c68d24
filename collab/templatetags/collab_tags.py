from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, None when absent."""
    if not mapping or key is None:
        return None
    return mapping.get(key)
