"""What a planned dose names: the actual provider of the support (an after-school group).

A plan's dose of after-school support can name the group the student attends; its
落实率 then counts that group's attendance only. The apps that own the providers
offer and keep the choice in their ``dose.py`` (archives knows none of them):

- ``targets(*, case, scope) -> list[DoseTarget]``: what the planned-dose form offers
  the user for the case (in the user's scope and the case's term);
- ``named(*, doses) -> list[(dose id, DoseTarget)]``: what each dose names, for the
  plan and the archive (one query per app, whatever the number of doses);
- ``name_target(*, dose, value, scope, by) -> None``: keep the choice (``""`` names
  nothing); a value not offered raises ``ValidationError``. Called inside the planned
  dose's transaction, so a refusal leaves the dose unchanged too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from core.plugins import app_modules, collect


@dataclass(frozen=True)
class DoseTarget:
    kind: str  # a PlannedDose.Kind
    value: str  # the form's value, e.g. the group's pk
    label: str  # its name as the teacher knows it ("数学提高组 · 周一、周三 16:00")
    # Choosing it adds the student to the group (offered to whoever runs the group).
    joins: bool = False


def offered(*, case, scope) -> dict[str, list[DoseTarget]]:
    """Kind → what the form offers for the case."""
    out: dict[str, list[DoseTarget]] = defaultdict(list)
    for target in collect("dose", "targets", case=case, scope=scope):
        out[target.kind].append(target)
    return dict(out)


def named(doses: Iterable) -> dict[int, DoseTarget]:
    """Dose pk → what it names."""
    doses = list(doses)
    if not doses:
        return {}
    return dict(collect("dose", "named", doses=doses))


def name_target(*, dose, value: str, scope, by) -> None:
    for _label, module in app_modules("dose"):
        if hasattr(module, "name_target"):
            module.name_target(dose=dose, value=value, scope=scope, by=by)
