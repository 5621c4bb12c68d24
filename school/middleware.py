import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .scoping import Scope

# Where the time of the user's last request is kept in their session.
LAST_ACTIVITY_KEY = "bangfu_last_activity"
# Refresh that time at most once a minute, so most requests do not write the session.
ACTIVITY_REFRESH_SECONDS = 60


class ScopeMiddleware:
    """Puts the user's scope on the request, computed on first use, once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: Scope.for_user(request.user))
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="bangfu_start_idle_clock")
def start_idle_clock(sender, request, user, **kwargs) -> None:
    """Start the idle clock with the session, so the first page after log-in writes nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = time.time()


class IdleTimeoutMiddleware:
    """Logs a user out after SESSION_IDLE_MINUTES without a request.

    A school computer is shared: a teacher who walks away must not leave the next
    person their pupils' files. Goes after the authentication and message middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            idle_seconds = settings.SESSION_IDLE_MINUTES * 60
            if isinstance(last, int | float) and now - last > idle_seconds:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
            elif not isinstance(last, int | float) or now - last > ACTIVITY_REFRESH_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for a logged-in user carry ``Cache-Control: no-store, private``, so a shared
    computer's browser keeps no copy of a pupil's file. Static files (served by
    WhiteNoise before this) and anonymous pages keep their own caching headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        ):
            response["Cache-Control"] = "no-store, private"
        return response


def client_ip_address(request) -> str | None:
    """The client's address for django-axes (AXES_CLIENT_IP_CALLABLE).

    X-Forwarded-For is believed only as far as TRUSTED_PROXY_COUNT proxies vouch for it:
    each trusted proxy appends the address it saw, so the client is the entry that many
    places from the right. With no trusted proxy, or a shorter header, REMOTE_ADDR.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
