"""The rating engine is pure: it imports nothing but the standard library."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import app.rating

RATING_DIR = Path(app.rating.__file__).parent


def imported_top_level_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_rating_modules_exist_to_be_checked() -> None:
    assert len(list(RATING_DIR.glob("*.py"))) >= 5


def test_rating_imports_only_the_standard_library() -> None:
    outside = {
        f"{path.name}: {name}"
        for path in RATING_DIR.glob("*.py")
        for name in imported_top_level_modules(path)
        if name not in sys.stdlib_module_names and name != "__future__"
    }

    assert outside == set()


def test_import_checker_notices_a_third_party_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom sqlalchemy import select\nfrom . import cost\n")

    assert imported_top_level_modules(sample) == {"os", "sqlalchemy"}
