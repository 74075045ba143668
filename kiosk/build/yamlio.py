"""YAML that remembers line numbers, so every problem can name its line.

Mappings load as :class:`LineDict` (a dict with ``.line`` and ``.lines[key]``) and sequences as
:class:`LineList` (a list with ``.line`` and ``.lines[i]``). Lines are 1-based.
"""

from __future__ import annotations

from pathlib import Path

import yaml


class LineDict(dict):
    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: about 3x faster on a Pi


class _Loader(_Base):
    """Safe YAML, but dates stay text: they are checked (and reported with a line) by ``Context.check_date``."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping(loader, node):
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader, node):
    out = LineList(loader.construct_object(n, deep=True) for n in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [n.start_mark.line + 1 for n in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


class YamlError(Exception):
    def __init__(self, message: str, line: int):
        self.line = line
        super().__init__(message)


def loads(text: str):
    """Parse YAML text; raise :class:`YamlError` with a line number on a syntax error."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YamlError(str(exc).splitlines()[0], (mark.line + 1) if mark else 0) from None


def load_mapping(ctx, path: Path, expected: str, code: str = "bad_yaml"):
    """A YAML file that must be a mapping, or None with the problem reported on ``ctx`` (``expected``: what
    the mapping should hold, said to the editor)."""
    data = load_file(ctx, path)
    if data is not None and not isinstance(data, LineDict):
        ctx.problem(path, getattr(data, "line", 1), "file", code, expected)
        return None
    return data


def load_file(ctx, path: Path):
    """Read one YAML file, reporting ``bad_yaml`` on ``ctx`` and returning None when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        ctx.problem(path, 0, "file", "bad_yaml", f"cannot read the file: {exc}")
        return None
    try:
        return loads(text)
    except YamlError as exc:
        ctx.problem(path, exc.line, "file", "bad_yaml", str(exc))
        return None
