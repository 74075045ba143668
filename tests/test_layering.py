"""Pure modules never import the web framework or the web side, so they can be tested and reused on their own.

A module's place says which side it is on, so a new module is checked without anyone listing it: the web
side is the ``web/`` package, each capability's ``views.py``, ``api.py`` and ``service.py``, and the
package's entry points; every other module in ``kiosk/`` is pure.
"""

import ast
from pathlib import Path

import pytest

KIOSK = Path(__file__).parent.parent / "kiosk"
# jinja2 is allowed: the build renders the pocket guide with its own Environment, no web app involved.
FRAMEWORK = ("flask", "werkzeug", "flask_babel")
WEB_MODULES = {"views", "api", "service"}
ENTRY_POINTS = {"__init__.py", "__main__.py", "cli.py"}


def dotted(path: Path) -> str:
    parts = list(path.relative_to(KIOSK.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_web_side(module: str) -> bool:
    parts = module.split(".")
    return (len(parts) > 1 and parts[1] == "web") or (len(parts) == 3 and parts[2] in WEB_MODULES)


def pure_modules() -> list[Path]:
    return [
        p
        for p in sorted(KIOSK.rglob("*.py"))
        if not (p.parent == KIOSK and p.name in ENTRY_POINTS) and not is_web_side(dotted(p))
    ]


def imported(path: Path) -> list[str]:
    """Every module a file imports, as absolute names (relative imports resolved against its package)."""
    package = dotted(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.append(module)
            names += [f"{module}.{a.name}" for a in node.names]  # `from . import views` imports a module
    return names


def test_the_rule_finds_both_sides():
    pure = {dotted(p) for p in pure_modules()}
    assert {"kiosk.agencies.names", "kiosk.money.fees", "kiosk.text.fold", "kiosk.build.store"} <= pure
    assert not pure & {"kiosk.web.db", "kiosk.agencies.views", "kiosk.money.service", "kiosk.search.api"}


def test_the_rule_catches_a_web_import():
    assert "kiosk.web.db" in imported(KIOSK / "agencies" / "service.py")
    assert any(is_web_side(n) for n in imported(KIOSK / "agencies" / "views.py"))


@pytest.mark.parametrize("path", pure_modules(), ids=lambda p: str(p.relative_to(KIOSK)))
def test_pure_module_imports_no_web_framework(path):
    for name in imported(path):
        assert name.split(".")[0] not in FRAMEWORK, f"{path.name} imports {name}"
        assert not (name.startswith("kiosk.") and is_web_side(name)), f"{path.name} imports {name}"
