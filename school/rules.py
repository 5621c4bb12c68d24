"""Who may manage whom: the staff-management predicates, one answer per question.

Standing runs teacher < administrator < principal < superuser (or Django staff, who
reach /django-admin/). A school leader manages only people of lower standing, so
nobody can reset, change or deactivate a superuser or an equal; and nobody grants a
position they do not hold themselves. Only a superuser touches is_superuser/is_staff.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.http.response import HttpResponseBase
from django.utils.functional import Promise

from .models import User
from .scoping import ScopedRequest

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

TEACHER, ADMINISTRATOR, PRINCIPAL, SUPERUSER = range(4)

POSITION_STANDING: dict[str, int] = {
    User.Position.TEACHER: TEACHER,
    User.Position.ADMINISTRATOR: ADMINISTRATOR,
    User.Position.PRINCIPAL: PRINCIPAL,
}


def standing(user: User) -> int:
    """How high the user stands; superusers and Django staff above every school position."""
    if user.is_superuser or user.is_staff:
        return SUPERUSER
    return POSITION_STANDING.get(user.position, TEACHER)


def can_manage_staff(actor: User) -> bool:
    """May the actor open staff management at all (list, create)?"""
    return bool(actor.is_authenticated and actor.is_active and actor.is_school_leader)


def can_change_roles_of(actor: User, target: User) -> bool:
    """May the actor give ``target`` a role, or take one away?

    Themselves, or someone of strictly lower standing; a superuser anyone.
    """
    if not can_manage_staff(actor):
        return False
    return actor.is_superuser or actor.pk == target.pk or standing(actor) > standing(target)


def can_manage_user(actor: User, target: User) -> bool:
    """May the actor edit, reset the password of, deactivate or unlock ``target``?

    A superuser manages everyone else; a principal or administrator only people of
    strictly lower standing (so never themselves, an equal, or a superuser).
    """
    if not can_manage_staff(actor) or actor.pk == target.pk:
        return False
    if actor.is_superuser:
        return True
    return standing(actor) > standing(target)


def can_grant_position(actor: User, position: str) -> bool:
    """Nobody grants a position they do not hold: an administrator cannot make a principal."""
    if not can_manage_staff(actor):
        return False
    if actor.is_superuser:
        return True
    return POSITION_STANDING.get(position, SUPERUSER) <= standing(actor)


def grantable_positions(actor: User) -> list[tuple[str, str | Promise]]:
    """The position choices the actor may offer in a staff form."""
    return [
        (value, label) for value, label in User.Position.choices if can_grant_position(actor, value)
    ]


def can_set_admin_flags(actor: User) -> bool:
    """Only a superuser may set is_superuser or is_staff (the keys to /django-admin/)."""
    return bool(actor.is_authenticated and actor.is_active and actor.is_superuser)


def can_unlock_logins(actor: User, target: User) -> bool:
    """Lifting a login lock is managing the account: the same rule as any other change."""
    return can_manage_user(actor, target)


def leaders_only(
    view: Callable[Concatenate[ScopedRequest, P], R],
) -> Callable[Concatenate[ScopedRequest, P], R]:
    """For pages only school leaders may open (school settings): anyone else gets the 403 page.

    Only for pages without an object in the URL: an object a user may not see is a 404,
    through ``Scope.admin_queryset`` and ``get_object_in_scope``.
    """

    @wraps(view)
    def wrapped(request: ScopedRequest, *args: P.args, **kwargs: P.kwargs) -> R:
        if not request.scope.is_school_leader:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
