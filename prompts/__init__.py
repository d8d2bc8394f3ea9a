"""Prompt templates, kept as files and rendered with Jinja2 ``StrictUndefined``.

Templates live next to this module (``*.j2``) and are read with ``importlib.resources`` so they
ship with the package; a variable missing at render time raises instead of leaving a hole
in a prompt.

Autoescape is off (prompts are not HTML), so a value placed inside an attribute
(``<source document="{{ s.document | e }}">``) is escaped with ``| e`` in the template: a title
with a double quote or ``</source>`` in it cannot leave its attribute or close the fence.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_source),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _source(name: str) -> str | None:
    path = resources.files(__name__).joinpath(name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def template_names() -> list[str]:
    """Every template shipped in this package."""
    return sorted(p.name for p in resources.files(__name__).iterdir() if p.name.endswith(".j2"))


def render(name: str, **variables: Any) -> str:
    """Render template ``name``; ``jinja2.UndefinedError`` if a variable it uses is missing."""
    return _environment().get_template(name).render(**variables).strip()
