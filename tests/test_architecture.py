"""The package's shape: no import cycles, and the import table of docs/architecture.md is generated from the code.

Every module under reporter/ is parsed, not imported, and every import of our own modules counts: at module level,
inside functions (the lazy imports that keep start-up fast) and under ``if TYPE_CHECKING:``. Regenerate the table
after changing imports with

    python tests/test_architecture.py --write-doc
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "reporter"
DOC = ROOT / "docs" / "architecture.md"
DOC_MARKERS = ("<!-- imports:start -->\n", "<!-- imports:end -->")


@dataclass
class Imports:
    """What one module imports of the package, by when the import runs."""

    path: Path
    at_load: set[str] = field(default_factory=set)  # module level: runs when the module is imported
    in_functions: set[str] = field(default_factory=set)  # runs when the function is first called
    type_hints: set[str] = field(default_factory=set)  # under ``if TYPE_CHECKING:``: never at run time

    def all(self) -> set[str]:
        return self.at_load | self.in_functions | self.type_hints


def package_modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted name → file of every module of the package (``reporter`` is its ``__init__.py``)."""
    modules = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The module that ``import name`` loads last: ``name`` itself or the package it is defined in."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _targets(node: ast.Import | ast.ImportFrom, module: str, modules: dict[str, Path]) -> set[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module if modules[module].name == "__init__.py" else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        # ``from . import render`` imports the module render; ``from . import __version__`` only the package
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
    ours = {_owner(name, modules) for name in names if name == PACKAGE or name.startswith(PACKAGE + ".")}
    return {target for target in ours if target is not None and target != module}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(nodes: Iterable[ast.AST], when: str) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    """Every import statement under ``nodes`` with when it runs: a field name of :class:`Imports`."""
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, when
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _imports(ast.iter_child_nodes(node), "in_functions")
        elif isinstance(node, ast.If) and _is_type_checking(node):
            yield from _imports(node.body, "type_hints" if when == "at_load" else when)
            yield from _imports(node.orelse, when)
        else:
            yield from _imports(ast.iter_child_nodes(node), when)


def import_graph(root: Path = ROOT) -> dict[str, Imports]:
    """Every module of the package with the package modules it imports."""
    modules = package_modules(root)
    graph = {}
    for module, path in modules.items():
        imports = Imports(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, when in _imports(tree.body, "at_load"):
            getattr(imports, when).update(_targets(node, module, modules))
        graph[module] = imports
    return graph


def import_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (first module repeated at the end) for every import that leads back to a module being loaded."""
    cycles: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while its imports are followed, "done" after
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        stack.append(module)
        for target in sorted(edges.get(module, ())):
            if state.get(target) == "open":
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module)
    return cycles


def _short(module: str) -> str:
    return "`__init__`" if module == PACKAGE else f"`{module.removeprefix(PACKAGE + '.')}`"


def imports_markdown(root: Path = ROOT) -> str:
    """The table between the markers of docs/architecture.md."""
    rows = [
        "| module | imports when loaded | imports inside functions | for type hints only |",
        "| --- | --- | --- | --- |",
    ]
    for imports in sorted(import_graph(root).values(), key=lambda imports: imports.path):
        in_functions = imports.in_functions - imports.at_load
        type_hints = imports.type_hints - imports.at_load - imports.in_functions
        groups = (imports.at_load, in_functions, type_hints)
        cells = [", ".join(_short(m) for m in sorted(group)) or "—" for group in groups]
        rows.append(f"| `{imports.path.relative_to(root).as_posix()}` | {' | '.join(cells)} |")
    return "\n".join(rows) + "\n"


def write_doc(path: Path = DOC) -> bool:
    """Replace the table between the markers of ``path``; True if the file changed."""
    text = path.read_text(encoding="utf-8")
    start, end = DOC_MARKERS
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    updated = head + start + imports_markdown() + end + tail
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


# ---- tests -------------------------------------------------------------------------------------------------


def test_the_package_has_no_import_cycles() -> None:
    edges = {module: imports.all() for module, imports in import_graph().items()}
    cycles = import_cycles(edges)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in cycles)


def test_docs_import_table_is_generated_from_the_code() -> None:
    doc = DOC.read_text(encoding="utf-8")
    start, end = DOC_MARKERS
    assert start in doc, "docs/architecture.md lost its generated-table markers"
    assert end in doc, "docs/architecture.md lost its generated-table markers"
    committed = doc.split(start, 1)[1].split(end, 1)[0]
    assert committed == imports_markdown(), (
        "docs/architecture.md is out of date: regenerate with `python tests/test_architecture.py --write-doc`"
    )


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = tmp_path / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return tmp_path


def test_every_kind_of_import_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "__version__ = '1'\n",
            "a.py": "from . import __version__, b\nimport reporter.c\nimport json\n",
            "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n",
            "c.py": "def f():\n    from .sub.d import y\nclass K:\n    def m(self):\n        from reporter import b\n",
            "sub/__init__.py": "from .d import y\nfrom .. import c\n",
            "sub/d.py": "from ..a import z\n",
        },
    )
    graph = import_graph(root)
    assert graph["reporter.a"].at_load == {"reporter", "reporter.b", "reporter.c"}
    assert graph["reporter.b"].type_hints == {"reporter.a"}
    assert graph["reporter.b"].at_load == set()
    assert graph["reporter.c"].in_functions == {"reporter.sub.d", "reporter.b"}
    assert graph["reporter.sub"].at_load == {"reporter.sub.d", "reporter.c"}
    assert graph["reporter.sub.d"].at_load == {"reporter.a"}
    assert graph["reporter"].all() == set()


def test_a_cycle_through_a_function_level_import_is_reported(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "batch.py": "from .render import theme\n",
            "render.py": "from .report import context\n",
            "report.py": "def f():\n    from .batch import run\n",
            "model.py": "",
        },
    )
    edges = {module: imports.all() for module, imports in import_graph(root).items()}
    assert import_cycles(edges) == [["reporter.batch", "reporter.render", "reporter.report", "reporter.batch"]]


# ---- the structure report (scripts/check_structure.py) ------------------------------------------------------


def _load_check_structure() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_structure", ROOT / "scripts" / "check_structure.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_structure_report_names_long_functions_and_classes(tmp_path: Path) -> None:
    check_structure = _load_check_structure()
    body = "".join(f"        x = {i}\n" for i in range(80))
    source = f"class Small:\n    def long(self):\n{body}\n    def short(self):\n        pass\n"
    source += "class Big:\n" + "".join(f"    a{i} = {i}\n" for i in range(400))
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    found = [(o.kind, o.name, o.lines) for o in check_structure.oversized(path)]
    assert found == [("function", "Small.long", 81), ("class", "Big", 401)]
    assert check_structure.main(["check_structure.py", str(path)]) == 1
    path.write_text("def f():\n    pass\n", encoding="utf-8")
    assert check_structure.main(["check_structure.py", str(path)]) == 0


def test_no_function_over_80_lines_and_no_class_over_400_in_the_package() -> None:
    """Issue 13's limits, kept: a long function or class is a sign of two jobs in one place."""
    check_structure = _load_check_structure()
    found = [str(o) for path in sorted((ROOT / "reporter").rglob("*.py")) for o in check_structure.oversized(path)]
    assert found == [], "\n".join(found)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-doc"]:
        sys.exit("usage: python tests/test_architecture.py --write-doc")
    changed = write_doc()
    sys.stderr.write(f"{DOC}: {'updated' if changed else 'up to date'}\n")
