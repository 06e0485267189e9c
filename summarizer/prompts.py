"""Load and render the prompt templates in ``prompts/`` strictly (a missing variable is an error)."""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path

import jinja2

from .errors import ConfigError


def default_prompts_dir() -> Path:
    """The installed templates (``summarizer/prompts`` in a wheel) or the repository's ``prompts/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "prompts", here.parent / "prompts"):
        if (candidate / "VERSION").is_file():
            return candidate
    raise ConfigError("prompt templates not found", "reinstall summarizer or set SUMMARIZER_PROMPTS_DIR")


class PromptSet:
    """The template set: renders messages and identifies itself by version and content hash."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory else default_prompts_dir()
        if not (self.directory / "VERSION").is_file():
            raise ConfigError(f"{self.directory} holds no prompt templates (no VERSION file)",
                              "point SUMMARIZER_PROMPTS_DIR at a prompts/ directory")
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.directory)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
        )

    @cached_property
    def version(self) -> str:
        return (self.directory / "VERSION").read_text(encoding="utf-8").strip()

    @cached_property
    def sha256(self) -> str:
        """Hash of every template's path and content: changes whenever any prompt does."""
        digest = hashlib.sha256()
        for path in sorted(self.directory.rglob("*")):
            if path.is_file() and path.suffix in (".j2", "") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(self.directory)).encode())
                digest.update(b"\0")
                digest.update(path.read_bytes())
                digest.update(b"\0")
        return digest.hexdigest()

    def render(self, name: str, **variables: object) -> str:
        """Render one template; a missing template or variable raises ConfigError."""
        try:
            return self._env.get_template(name).render(**variables).strip()
        except jinja2.TemplateNotFound as exc:
            raise ConfigError(f"prompt template {name} is missing from {self.directory}",
                              "restore it or point SUMMARIZER_PROMPTS_DIR elsewhere") from exc
        except jinja2.UndefinedError as exc:
            raise ConfigError(f"prompt template {name}: {exc.message}",
                              "fix the template or pass the variable") from exc
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(f"prompt template {name} line {exc.lineno}: {exc.message}",
                              "fix the template's syntax") from exc
