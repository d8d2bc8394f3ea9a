"""The import contract: layers point down only, and the project's own imports form no cycle.

core (shared vocabulary, errors, settings, answer types) → index → assistant → evals, the CLI's
eval command, app.py and benchmarks. Checked on the source with ``ast`` (every import, at the
top of a file or inside a function), so a cycle cannot hide in a function body.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {"core": 0, "prompts": 1, "index": 1, "assistant": 2, "evals": 3, "app": 3, "benchmarks": 3}


def _modules() -> dict[str, Path]:
    out = {}
    for package in ("core", "prompts", "index", "assistant", "evals", "benchmarks"):
        for path in (ROOT / package).glob("*.py"):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            out[name] = path
    out["app"] = ROOT / "app.py"
    return out


def _imports(name: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported project module, line, at top level?) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    top = {id(n) for n in tree.body}
    for node in tree.body:  # imports under `if TYPE_CHECKING:` are annotations, not imports
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            top |= {id(n) for n in node.body}
    typing_only = {id(n) for node in tree.body if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
        else:
            continue
        for t in targets:
            if t.split(".")[0] in LAYERS:
                found.append((t, node.lineno, id(node) in top))
    return found


def _resolve(target: str, modules: dict[str, Path]) -> str | None:
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def test_layers_point_down_only():
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        layer = LAYERS[name.split(".")[0]]
        for target, line, _ in _imports(name, path):
            mod = _resolve(target, modules)
            if mod and LAYERS[mod.split(".")[0]] > layer:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {mod}")
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_no_import_cycles_among_the_projects_modules():
    modules = _modules()
    graph = {name: {m for t, _, _ in _imports(name, path) if (m := _resolve(t, modules)) and m != name}
             for name, path in modules.items()}
    # a package's __init__ importing its own modules is not a cycle through them
    for name in graph:
        if "." not in name:
            graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*stack[stack.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_the_projects_own_imports_sit_at_the_top_of_files():
    modules = _modules()
    inner = [f"{path.relative_to(ROOT)}:{line} imports {target}" for name, path in modules.items()
             for target, line, at_top in _imports(name, path) if not at_top]
    assert not inner, "\n".join(sorted(set(inner)))
