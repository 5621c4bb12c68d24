"""The one way a view runs a service from a form and shows the service's refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator

T = TypeVar("T")


def submit(form: forms.BaseForm, service: Callable[..., T], /, **kwargs: Any) -> T | None:
    """Call ``service(**kwargs)``; on ``ValidationError`` put its messages on ``form``.

    Messages keyed by a field the form shows go next to that field; the rest go to
    the top of the form. Returns the service's result, or None when it refused (the
    form then has errors and still holds everything the user typed).
    """
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in form.fields else None
                if field == NON_FIELD_ERRORS:
                    target = None
                form.add_error(target, errors)
        else:
            form.add_error(None, error)
        return None


class LoginForm(AuthenticationForm):
    """Django's login form, with the username's length checked before authenticating.

    ``AuthenticationForm`` sets ``max_length`` after the field is built, so only the
    widget knew it: a 300-character name reached the login-attempt log, whose column
    is 255 (a 500 on PostgreSQL).
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(getattr(field, "max_length", None) or 150))
