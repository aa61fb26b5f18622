"""Safe YAML loading that remembers the line of every mapping, so problems can name it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from builders.problems import CorpusError, Problem


class Node(dict):
    """A YAML mapping that knows the 1-based line it starts on."""

    line: int = 0


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: several times faster
    """SafeLoader (no object tags; libyaml's when installed) whose mappings are `Node`s carrying their line."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r} (the later value would silently win)", key_node.start_mark)
            seen.add(key)
        mapping = Node(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)


def load_yaml(path: Path, shown: str) -> Any:
    """Parse one YAML file; a syntax error, an unsafe tag or undecodable bytes become a `yaml-malformed` problem."""
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except UnicodeDecodeError as error:
        raise CorpusError([Problem(shown, 1, "yaml-malformed", f"file is not UTF-8 ({error.reason}), expected UTF-8 YAML")]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or str(error)
        raise CorpusError([Problem(shown, line, "yaml-malformed", f"{what}, expected well-formed YAML with no tags")]) from None
    except yaml.YAMLError as error:
        raise CorpusError([Problem(shown, 1, "yaml-malformed", f"{error}, expected well-formed YAML with no tags")]) from None


def line_of(value: Any, default: int = 1) -> int:
    return getattr(value, "line", default) or default
