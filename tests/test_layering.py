"""Pure modules never import the web framework, so they can be tested and reused on their own."""

import ast
from pathlib import Path

import pytest

KIOSK = Path(__file__).parent.parent / "kiosk"
WEB = ("flask", "werkzeug", "flask_babel", "jinja2")
PURE = [
    "textfold.py",
    "inputs.py",
    "freshness.py",
    "store.py",
    "build.py",
    "indexer.py",
    "config.py",
    "money.py",
    "fees.py",
    "calculator.py",
    "agencies.py",
    "provinces.py",
    "returnplan.py",
    "selfcheck.py",
    "bundle.py",
    "feed.py",
    "importer.py",
]


def pure_modules():
    found = [KIOSK / name for name in PURE if (KIOSK / name).exists()]
    found += sorted((KIOSK / "content").glob("*.py"))
    return found


@pytest.mark.parametrize("path", pure_modules(), ids=lambda p: str(p.relative_to(KIOSK)))
def test_pure_module_imports_no_web_framework(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in WEB, f"{path.name} imports {name}"
