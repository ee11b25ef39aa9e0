"""The CSV parser is pure: standard library only, and independent of the rating engine."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import app.ratedecks

PARSER_MODULES = ("csv_parser", "csv_formats", "csv_table", "prefix_rewrite", "destination_csv")
PARSER_FILES = [Path(app.ratedecks.__file__).parent / f"{name}.py" for name in PARSER_MODULES]
SIBLINGS = {f".{name}" for name in PARSER_MODULES}


def imported_modules(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_parsers_import_only_the_standard_library_and_their_siblings() -> None:
    outside = {
        f"{path.name}: {name}"
        for path in PARSER_FILES
        for name in imported_modules(path)
        if name not in SIBLINGS
        and name != "__future__"
        and name.split(".")[0] not in sys.stdlib_module_names
    }

    assert outside == set()
