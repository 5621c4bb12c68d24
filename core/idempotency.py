"""Creating is idempotent: Back-and-resubmit, a double tap or two simultaneous posts
of one form create one record.

A create form carries a one-time key (``{% submission_key %}`` from ``core_tags``).
Decorate its view with ``@create_once``: the first POST with a key runs the view
inside a transaction together with the key's row; a redirect (the usual "saved"
answer) keeps both, anything else (a form with errors) rolls the key back so the
corrected form can be sent again. The same key posted again, or racing the first,
is answered with the first submission's page and a message, never a second record
or a 500.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Submission

FIELD = "submission_key"
KEEP_FOR = datetime.timedelta(days=2)


class _NotSaved(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def new_key() -> str:
    return uuid.uuid4().hex


def _key(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(request.POST.get(FIELD, "")))
    except ValueError:
        return None


def _already_saved(request: HttpRequest, user_pk: int, key: uuid.UUID) -> HttpResponse | None:
    first = Submission.objects.filter(user_id=user_pk, key=key).first()
    if first is None:
        return None
    messages.info(request, _("This form was already saved; it was not saved a second time."))
    return HttpResponseRedirect(first.result_url or request.get_full_path())


def create_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Make a create view's POST idempotent by the form's submission key."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _key(request) if request.method == "POST" else None
        user_pk = request.user.pk if request.user.is_authenticated else None
        if key is None or user_pk is None:
            return view(request, *args, **kwargs)
        earlier = _already_saved(request, user_pk, key)
        if earlier is not None:
            return earlier
        try:
            with transaction.atomic():
                submission = Submission.objects.create(user_id=user_pk, key=key)
                response = view(request, *args, **kwargs)
                if not isinstance(response, HttpResponseRedirect):
                    raise _NotSaved(response)
                submission.result_url = response.url[:500]
                submission.save(update_fields=["result_url"])
        except _NotSaved as refused:
            return refused.response
        except IntegrityError:
            # Lost a race: the same key was saved by a request that ran at the same time.
            earlier = _already_saved(request, user_pk, key)
            if earlier is not None:
                return earlier
            # Another request saved the same record first (a unique rule caught it).
            messages.info(request, _("This record already exists; it was not saved twice."))
            return HttpResponseRedirect(request.get_full_path())
        return response

    return wrapper


def purge_old(now: datetime.datetime | None = None) -> int:
    """Forget keys older than two days (run by the daily scan)."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _rows = Submission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
