"""Model backends, chosen by name and imported only when used."""

from __future__ import annotations

from importlib import import_module

from ..config import BACKEND_CLASSES, Settings
from ..errors import ConfigError
from .base import Backend, Completion


def create_backend(settings: Settings) -> Backend:
    """Instantiate the backend named by ``settings.backend``."""
    try:
        module_name, class_name = BACKEND_CLASSES[settings.backend].split(":")
    except KeyError:
        raise ConfigError(f"unknown backend {settings.backend!r}", f"choose one of: {', '.join(BACKEND_CLASSES)}") from None
    return getattr(import_module(module_name), class_name)(settings)


__all__ = ["Backend", "Completion", "create_backend"]
