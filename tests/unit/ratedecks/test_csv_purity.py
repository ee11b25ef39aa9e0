"""The CSV parser is pure: standard library only, and independent of the rating engine."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import app.ratedecks

PARSER_FILES = [
    Path(app.ratedecks.__file__).parent / name for name in ("csv_parser.py", "csv_formats.py")
]


def imported_modules(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_parser_imports_only_the_standard_library_and_its_sibling() -> None:
    outside = {
        f"{path.name}: {name}"
        for path in PARSER_FILES
        for name in imported_modules(path)
        if name != ".csv_formats"
        and name != "__future__"
        and name.split(".")[0] not in sys.stdlib_module_names
    }

    assert outside == set()
