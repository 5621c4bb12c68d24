"""Who may do what with after-school groups and peer pairings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import AfterSchoolGroup, PeerPairing


def can_run_group(scope, group: AfterSchoolGroup) -> bool:
    """Take attendance and edit the group: its teacher, or a school leader."""
    return scope.school_wide or group.teacher_id == getattr(scope.user, "pk", None)


def require_run_group(scope, group: AfterSchoolGroup) -> None:
    if not can_run_group(scope, group):
        raise PermissionDenied


def can_change_pairing(scope, pairing: PeerPairing) -> bool:
    """Log sessions: the responsible teacher, or whoever may change the tutee's archive."""
    return pairing.teacher_id == getattr(scope.user, "pk", None) or scope.can_change_record(
        pairing.tutee.school_class_id, pairing.subject_id
    )


def require_change_pairing(scope, pairing: PeerPairing) -> None:
    if not can_change_pairing(scope, pairing):
        raise PermissionDenied
