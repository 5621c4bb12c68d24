"""After every app has seeded: each record without a history row gets its creation entry,
so the change history (修改记录) starts with "created" for seeded records too."""

from __future__ import annotations

from django.apps import apps

from core import history
from core.plugins import bangfu_apps


def seed(ctx: dict) -> None:
    own = set(bangfu_apps())
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_config.name in own
        and getattr(model._meta, "simple_history_manager_attribute", None)
    ]
    history.seed_creation_entries(models)
