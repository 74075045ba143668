"""The docs stay true: every command, setting, validation code and API route is documented."""

import ast
import re
from pathlib import Path

import pytest

from kiosk.cli import cli
from kiosk.config import SETTINGS

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()
CONTENT_GUIDE = (ROOT / "content" / "README.md").read_text()


def all_commands(group, prefix="kiosk"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if hasattr(command, "commands"):
            yield from all_commands(command, f"{prefix} {name}")


@pytest.mark.parametrize(
    ("name", "command"), list(all_commands(cli)), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_has_help_and_is_in_the_readme(name, command):
    assert command.help
    top = " ".join(name.split()[:2])
    assert f"`{top}" in README or f"{top} " in README, f"{name} is not in README.md"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme(setting):
    assert f"`{setting.name}`" in README


def validation_codes():
    codes = set()
    for path in (ROOT / "kiosk" / "content").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "problem"
                and len(node.args) >= 4
            ):
                arg = node.args[3]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    codes.add(arg.value)
                elif isinstance(arg, ast.IfExp):
                    codes |= {a.value for a in (arg.body, arg.orelse) if isinstance(a, ast.Constant)}
    return sorted(codes)


@pytest.mark.parametrize("code", validation_codes())
def test_every_validation_code_is_in_the_content_guide(code):
    assert f"`{code}`" in CONTENT_GUIDE


def test_every_api_route_is_in_the_readme(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            documented = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule)
            assert f"`{documented}" in README, f"{rule.rule} is not in README.md"


def test_the_readme_test_command_is_what_ci_runs():
    assert "bash .ci/run" in README
    assert (ROOT / ".ci" / "run").exists()


def test_the_code_map_names_every_package():
    """A newcomer finds a capability by its folder: each package in kiosk/ has a row in the README's map."""
    packages = sorted(p.parent.name for p in (ROOT / "kiosk").glob("*/__init__.py"))
    assert len(packages) >= 10
    for name in packages:
        assert f"`kiosk/{name}/`" in README, f"kiosk/{name}/ is not in the README's map of the code"
