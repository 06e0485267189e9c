"""Settings: a flag wins over an environment variable (SUMMARIZER_*), which wins over the default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

BACKEND_CLASSES = {
    "local": "summarizer.backends.local:LocalBackend",
    "openai": "summarizer.backends.openai_compat:OpenAIBackend",
    "fake": "summarizer.backends.fake:FakeBackend",
}
"""Every backend by name, and the class that implements it (imported only when chosen)."""
BACKENDS: tuple[str, ...] = tuple(BACKEND_CLASSES)
CandidateMode = Literal["model", "rules", "both"]
"""Who proposes brief items: the model, the rule readers (no model call), or both."""
CANDIDATES: tuple[str, ...] = get_args(CandidateMode)


def default_cache_dir() -> Path:
    """``$SUMMARIZER_CACHE_DIR``, else ``$XDG_CACHE_HOME/summarizer``, else ``~/.cache/summarizer``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"


class Settings(BaseModel):
    """Everything that shapes a run. Build with :meth:`resolve` to honour env variables."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: str = "local"
    model: str | None = Field(default=None, description="model name on an OpenAI-compatible server")
    model_path: Path | None = Field(default=None, description="a GGUF file for the local backend")
    base_url: str | None = None
    api_key: str | None = Field(default=None, repr=False)
    n_ctx: int = Field(default=8192, ge=512)
    n_threads: int | None = Field(default=None, ge=1)
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    seed: int = 0
    timeout_s: float = Field(default=600.0, gt=0)
    transport_retries: int = Field(default=3, ge=0, le=10)
    split: bool = True
    cache: bool = True
    refresh_cache: bool = Field(default=False, description="ask the model even on a cache hit, and store its new answer")
    cache_dir: Path = Field(default_factory=default_cache_dir)
    answer_stores: tuple[Path, ...] = Field(
        default=(), description=("read-only answer stores consulted before cache_dir (e.g. the answers an eval baseline"
                                 " was made from: a committed record wins over answers decoded on other hardware)"))
    prompts_dir: Path | None = None
    summary_words: int = Field(default=60, ge=10, le=200)
    candidates: CandidateMode = Field(
        default="both", description="who proposes brief items: the model, the rule readers (no model call), or both")

    @classmethod
    def resolve(cls, **flags: Any) -> Settings:
        """Merge flags (None = not given) over ``SUMMARIZER_*`` and the OpenAI variables."""
        env = os.environ
        values = env_values(cls, ENV_PREFIX)
        if "api_key" not in values and env.get("OPENAI_API_KEY", "").strip():
            values["api_key"] = env["OPENAI_API_KEY"].strip()
        if "base_url" not in values and env.get("OPENAI_BASE_URL", "").strip():
            values["base_url"] = env["OPENAI_BASE_URL"].strip()
        values.update({k: v for k, v in flags.items() if v is not None})
        if "backend" not in values and values.get("candidates") == "rules":
            values["backend"] = "fake"  # the rule readers need no model; the fake one is never asked
        if "backend" not in values:
            values["backend"] = "openai" if values.get("api_key") or values.get("base_url") else "local"
        if values["backend"] not in BACKENDS:
            raise ConfigError(f"unknown backend {values['backend']!r}", f"choose one of: {', '.join(BACKENDS)}")
        return validated(cls, values, ENV_PREFIX)


ENV_PREFIX = "SUMMARIZER_"
"""Each setting also reads ``SUMMARIZER_<NAME>`` (``SUMMARIZER_N_CTX``, ``SUMMARIZER_CACHE``)."""

SettingsModel = TypeVar("SettingsModel", bound=BaseModel)


def env_values(model: type[BaseModel], prefix: str) -> dict[str, str]:
    """The fields of ``model`` set by ``<prefix><FIELD>`` environment variables, as written without surrounding
    spaces (blank ones count as unset); pydantic parses them ("8192", "false", "off", "1")."""
    out = {}
    for name in model.model_fields:
        raw = os.environ.get(f"{prefix}{name.upper()}")
        if raw is not None and raw.strip():
            out[name] = raw.strip()
    return out


def validated(model: type[SettingsModel], values: dict[str, Any], prefix: str, what: str = "setting") -> SettingsModel:
    """``model`` built from ``values``; a bad value is a ConfigError naming the setting and how to fix it."""
    try:
        return model(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"bad {what} {where}: {first['msg']}", f"fix the flag or {prefix}* variable") from exc
