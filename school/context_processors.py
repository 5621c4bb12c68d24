def navigation(request) -> dict:
    """The scope, for templates that show each role only what it may use."""
    scope = getattr(request, "scope", None)
    return {"scope": scope}
