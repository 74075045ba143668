"""Pure modules never import the web framework, so they can be tested and reused on their own."""

import ast
from pathlib import Path

import pytest

KIOSK = Path(__file__).parent.parent / "kiosk"
WEB = ("flask", "werkzeug", "flask_babel", "jinja2")
# The web side, plus `*_data.py` glue modules (reading content for a view); every other module in kiosk/
# and all of kiosk/content/ must stay free of the web framework.
WEB_SIDE = {
    "__init__.py",
    "__main__.py",
    "cli.py",
    "catalogues.py",
    "db.py",
    "errors.py",
    "headers.py",
    "i18n.py",
    "layout.py",
    "pagecache.py",
}


def pure_modules():
    found = [p for p in sorted(KIOSK.glob("*.py")) if p.name not in WEB_SIDE and not p.stem.endswith("_data")]
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
