"""Configuration: environment first, explicit arguments win, errors name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from core.settings import Settings


def test_environment_is_read_and_explicit_arguments_win():
    env = {"POLICY_CHAT_DATA_DIR": "/srv/pc", "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": "9000",
           "POLICY_CHAT_MODEL": "qwen-plus"}
    s = Settings.from_env(env=env)
    assert (s.data_dir, s.chroma_host, s.chroma_port) == (Path("/srv/pc"), "127.0.0.1", 9000)
    assert s.model == "qwen-plus"
    assert Settings.from_env(env=env, data_dir=Path("here")).data_dir == Path("here")
    assert s.replace(model=None).model == "qwen-plus"  # None means "not given", not "unset"


def test_llm_is_used_only_when_configured():
    assert not Settings.from_env(env={}).use_llm
    assert Settings.from_env(env={"OPENAI_API_KEY": "sk-test"}).use_llm
    assert Settings.from_env(env={"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}).use_llm  # Ollama: no key
    assert not Settings.from_env(env={"OPENAI_API_KEY": "sk-test", "POLICY_CHAT_MODE": "extractive"}).use_llm


@pytest.mark.parametrize(("env", "variable"), [
    ({"CHROMA_PORT": "eighty"}, "CHROMA_PORT"),
    ({"POLICY_CHAT_EMBEDDER": "bert"}, "POLICY_CHAT_EMBEDDER"),
    ({"POLICY_CHAT_MODE": "llm"}, "OPENAI_API_KEY"),
    ({"POLICY_CHAT_LLM_TIMEOUT": "soon"}, "POLICY_CHAT_LLM_TIMEOUT"),
    ({"POLICY_CHAT_MAX_QUESTION_CHARS": "many"}, "POLICY_CHAT_MAX_QUESTION_CHARS"),
    ({"POLICY_CHAT_MAX_QUESTION_CHARS": "0"}, "POLICY_CHAT_MAX_QUESTION_CHARS"),
])
def test_bad_configuration_names_the_variable_to_fix(env: dict[str, str], variable: str):
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env(env=env)
