"""Report functions and classes of the package that outgrew the size limits of the style guide.

    python scripts/check_structure.py [PATH ...]

Parses every module under the given paths (default: ``reporter/``) without importing it and prints each function
(methods and nested functions included) longer than 80 lines and each class longer than 400 lines, counted from its
``def``/``class`` line to its last line. Exits 1 if any is found, 0 otherwise. Not yet a test: the package is being
refactored towards these limits.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUNCTION_LIMIT = 80
CLASS_LIMIT = 400


@dataclass(frozen=True)
class Oversized:
    """One function or class over its limit."""

    path: Path
    line: int
    kind: str  # "function" or "class"
    name: str  # qualified within the module: ``Class.method``, ``outer.inner``
    lines: int
    limit: int

    def __str__(self) -> str:
        where = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{where}:{self.line}: {self.kind} {self.name} has {self.lines} lines (limit {self.limit})"


def _definitions(node: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{child.name}"
            yield name, child
            yield from _definitions(child, f"{name}.")
        else:
            yield from _definitions(child, prefix)


def oversized(path: Path) -> list[Oversized]:
    """The functions and classes of one module that are longer than their limit, in source order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for name, node in _definitions(tree):
        assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        assert node.end_lineno is not None
        lines = node.end_lineno - node.lineno + 1
        kind, limit = ("class", CLASS_LIMIT) if isinstance(node, ast.ClassDef) else ("function", FUNCTION_LIMIT)
        if lines > limit:
            found.append(Oversized(path, node.lineno, kind, name, lines, limit))
    return found


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv[1:]] or [ROOT / "reporter"]
    files = sorted(p for root in roots for p in ([root] if root.is_file() else root.rglob("*.py")))
    found = [item for path in files for item in oversized(path)]
    for item in found:
        sys.stdout.write(f"{item}\n")
    functions = sum(item.kind == "function" for item in found)
    classes = len(found) - functions
    sys.stdout.write(
        f"{functions} function(s) over {FUNCTION_LIMIT} lines, {classes} class(es) over {CLASS_LIMIT} lines "
        f"in {len(files)} module(s)\n"
    )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
