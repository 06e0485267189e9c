"""Model backends, chosen by name and imported only when used."""

from __future__ import annotations

from importlib import import_module

from ..config import Settings
from ..errors import ConfigError
from .base import Backend, Completion

_REGISTRY = {
    "local": ("summarizer.backends.local", "LocalBackend"),
    "openai": ("summarizer.backends.openai_compat", "OpenAIBackend"),
    "fake": ("summarizer.backends.fake", "FakeBackend"),
}


def create_backend(settings: Settings) -> Backend:
    """Instantiate the backend named by ``settings.backend``."""
    try:
        module_name, class_name = _REGISTRY[settings.backend]
    except KeyError:
        raise ConfigError(f"unknown backend {settings.backend!r}", f"choose one of: {', '.join(_REGISTRY)}") from None
    return getattr(import_module(module_name), class_name)(settings)


__all__ = ["Backend", "Completion", "create_backend"]
