"""Fail when a function in the project's packages is longer than MAX_LINES (``make check``).

Small functions named for what they do are the house style; a long one is usually several
steps that want names of their own. Counted from the ``def`` line to the last line of the body,
docstring included, blank lines and comments excluded.
"""

import ast
import sys
from pathlib import Path

MAX_LINES = 50
PACKAGES = ("blog", "jekyll", "pagecache", "config")
ROOT = Path(__file__).resolve().parent.parent


def code_lines(source_lines, node):
    lines = source_lines[node.lineno - 1 : node.end_lineno]
    return sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))


def long_functions(path):
    source = path.read_text()
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = code_lines(lines, node)
            if length > MAX_LINES:
                yield node.lineno, node.name, length


def main():
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for lineno, name, length in long_functions(path):
                found.append(f"{path.relative_to(ROOT)}:{lineno}: {name}() is {length} lines (at most {MAX_LINES})")
    print("\n".join(found) or f"No function over {MAX_LINES} lines.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
