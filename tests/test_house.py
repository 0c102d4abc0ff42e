"""The house rules of generator/, read from its source with `ast` (nothing is imported).

- Every package's docstring says, on a line "May import: ...", which of the
  generator's packages and modules it may import; this holds it to that.
- No import cycle between modules, counting imports inside functions.
- No module imports another module's private names, nor reaches into one.
- Only the bridge imports MkDocs or Material.
- No function is longer than 60 lines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
LONGEST = 60  # lines, decorators aside
BRIDGE = "generator.bridge"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def owner(name: str) -> str:
    """The generator module that an imported dotted name is, or is in."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def imports(name: str) -> list[tuple[str, int, list[str]]]:
    """(imported module, line, names taken from it) for every import in a module, however deep."""
    found = []
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in MODULES:  # `from generator.render import views`: the module itself
                    found.append((sub, node.lineno, []))
                else:
                    found.append((base, node.lineno, [alias.name]))
    return found


def internal_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        for target, _, _ in imports(name):
            if target == "generator" or target.startswith("generator."):
                dep = owner(target)
                if dep != name and not (MODULES[dep].name == "__init__.py" and name.startswith(dep + ".")):
                    graph[name].add(dep)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return path[path.index(dep) :] + [dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_is_read() -> None:
    """The checks below see real edges: the pipeline imports the renderers, the bridge the pipeline."""
    graph = internal_graph()
    assert "generator.render.pages" in graph["generator.build.pipeline"]
    assert "generator.build.pipeline" in graph["generator.bridge.plugin"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_cycle() -> None:
    cycle = find_cycle(internal_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def allowed(package: str) -> set[str] | None:
    """What a package's docstring says it may import, or None if it says nothing."""
    doc = ast.get_docstring(TREES[package]) or ""
    found = re.search(r"^May import: (.+?)(?:\n\n|\Z)", doc, re.M | re.S)
    if not found:
        return None
    names = re.findall(r"`?(generator(?:\.[a-z_]+)*)`?", found.group(1))
    return {n for n in names}


def stage(name: str) -> str:
    """The package (or top-level module) of generator/ that a module belongs to."""
    parts = name.split(".")
    return ".".join(parts[:2])


def test_every_package_says_what_it_may_import() -> None:
    packages = [n for n, p in MODULES.items() if p.name == "__init__.py" and n != "generator"]
    assert packages, "no packages found"
    silent = [n for n in packages if allowed(n) is None]
    assert not silent, f"packages whose docstring has no 'May import:' line: {silent}"


@pytest.mark.parametrize(
    "package", sorted(n for n, p in MODULES.items() if p.name == "__init__.py" and n != "generator")
)
def test_packages_import_only_what_they_say(package: str) -> None:
    may = allowed(package) or set()
    wrong = []
    for name in MODULES:
        if stage(name) != package:
            continue
        for target, line, _ in imports(name):
            if not (target == "generator" or target.startswith("generator.")):
                continue
            dep = stage(owner(target))
            if dep != package and dep not in may:
                wrong.append(f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}")
    assert not wrong, f"{package} may import only {sorted(may)}:\n" + "\n".join(wrong)


def test_only_the_bridge_imports_mkdocs() -> None:
    wrong = [
        f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}"
        for name in MODULES
        if not name.startswith(BRIDGE)
        for target, line, _ in imports(name)
        if target.split(".")[0] in ("mkdocs", "material")
    ]
    assert not wrong, "MkDocs and Material belong in generator/bridge/:\n" + "\n".join(wrong)


def test_no_private_names_from_other_modules() -> None:
    wrong = []
    for name in MODULES:
        own_modules: dict[str, str] = {}  # local name -> generator module
        for target, line, names in imports(name):
            if target.startswith("generator"):
                wrong += [
                    f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}.{n}" for n in names if n.startswith("_")
                ]
        for node in ast.walk(TREES[name]):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if full in MODULES:
                        own_modules[alias.asname or alias.name] = full
        for node in ast.walk(TREES[name]):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in own_modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                wrong.append(f"{MODULES[name].relative_to(ROOT)}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not wrong, "private names used outside their module:\n" + "\n".join(wrong)


def long_functions(tree: ast.AST, path: Path) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} is {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > LONGEST
    ]


def test_no_long_functions() -> None:
    sources = {
        p: ast.parse(p.read_text(encoding="utf-8")) for p in [*MODULES.values(), *(ROOT / "scripts").glob("*.py")]
    }
    wrong = [line for path, tree in sources.items() for line in long_functions(tree, path)]
    assert not wrong, f"functions over {LONGEST} lines:\n" + "\n".join(wrong)


def test_long_functions_are_found() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LONGEST))
    tree = ast.parse(f"def long():\n{body}\n")
    assert long_functions(tree, ROOT / "x.py") == [f"x.py:1 long is {LONGEST + 1} lines"]
