"""Factories, one module per app. `all_factories()` finds every one of them."""

import importlib
import pkgutil

import factory


def all_factories() -> dict:
    """Model → factory, for every DjangoModelFactory in this package."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    found = {}
    stack = list(factory.django.DjangoModelFactory.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        model = cls._meta.model
        if model is not None and model not in found:
            found[model] = cls
    return found
