"""YAML loading with limits, that remembers the line of every mapping, so problems can name it.

Corpus files are plain data written by hand, so the loader accepts only that: no tags (not even the standard `!!str`),
no anchors or aliases (an alias bomb expands exponentially), nesting at most `MAX_DEPTH` deep (deeper input would
exhaust Python's recursion), string keys only, no control characters. Scalars resolve as in YAML 1.2's core schema:
`true`/`false` are the only booleans (`yes`, `no`, `on` stay strings) and dates stay strings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from builders.problems import CorpusError, Problem

MAX_DEPTH = 20
_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels, expected at most {MAX_DEPTH}"
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"  # libyaml's own limit (1000 levels), far beyond ours
_STR = "tag:yaml.org,2002:str"
# C0 and C1 controls other than tab, LF and CR; DEL. (pyyaml refuses most of them with a message naming no line.)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


class Node(dict):
    """A YAML mapping that knows the 1-based line it starts on."""

    line: int = 0


# A loaded mapping dumps as the plain mapping it is (e.g. the release's CITATION.cff, written from the project's).
yaml.SafeDumper.add_representer(Node, yaml.representer.SafeRepresenter.represent_dict)


class _Refused(yaml.MarkedYAMLError):
    """Input the loader's limits refuse; `rule` names the rule it breaks."""

    def __init__(self, rule: str, problem: str, mark):
        super().__init__(problem=problem, problem_mark=mark)
        self.rule = rule


class _Resolver(BaseResolver):
    """YAML 1.2 core schema: null, true/false, decimal integers and floats; everything else is a string."""


_Resolver.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _Composer(Composer):
    """Refuses aliases, anchors, explicit tags and nesting deeper than `MAX_DEPTH` while building the node tree."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("yaml-alias", "anchor or alias found (&name / *name), expected plain data without anchors or aliases", event.start_mark)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag is not None:
            raise _Refused("yaml-malformed", f"tag {event.tag!r} found, expected plain data without tags", event.start_mark)
        if isinstance(event, CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused("yaml-too-deep", _TOO_DEEP, event.start_mark)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1
        return super().compose_node(parent, index)


class _Constructor(SafeConstructor):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                found = repr(key_node.value) if isinstance(key_node, ScalarNode) else f"a {key_node.id}"
                raise _Refused("yaml-key-not-string", f"mapping key {found} is not a string, expected a plain string key", key_node.start_mark)
            key = key_node.value
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r} (the later value would silently win)", key_node.start_mark)
            seen.add(key)
        mapping = Node((self.construct_object(k, deep=True), self.construct_object(v, deep=True)) for k, v in node.value)
        mapping.line = node.start_mark.line + 1
        return mapping


_Constructor.add_constructor(BaseResolver.DEFAULT_MAPPING_TAG, _Constructor.construct_mapping)


class _PyLoader(Reader, Scanner, Parser, _Composer, _Constructor, _Resolver):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


try:  # libyaml's scanner and parser, several times faster, when PyYAML was built with it (`yaml.CParser` is not exported)
    from yaml.cyaml import CParser as _CParser
except ImportError:
    _CParser = None


if _CParser is not None:

    class _CLoader(_Composer, _CParser, _Constructor, _Resolver):
        """libyaml scans and parses (events); our composer, placed first, still builds the nodes under the limits."""

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            _Composer.__init__(self)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

    _Loader = _CLoader
else:
    _Loader = _PyLoader


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML text under the limits above; anything refused becomes a problem at the line that holds it."""
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise CorpusError([Problem(shown, line, "yaml-control-character", f"control character {control.group()!r} found, expected printable text (tab and newline are allowed)")])
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except _Refused as error:
        raise CorpusError([Problem(shown, error.problem_mark.line + 1, error.rule, error.problem)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        if error.problem == _LIBYAML_TOO_DEEP:  # libyaml scans ahead and stops at its own limit before ours is reached
            raise CorpusError([Problem(shown, line, "yaml-too-deep", _TOO_DEEP)]) from None
        what = " ".join(str(error.problem or error).split())
        raise CorpusError([Problem(shown, line, "yaml-malformed", f"{what}, expected well-formed YAML with no tags")]) from None
    except yaml.YAMLError as error:
        what = " ".join(str(error).split())
        raise CorpusError([Problem(shown, 1, "yaml-malformed", f"{what}, expected well-formed YAML with no tags")]) from None
    finally:
        loader.dispose()


def load_yaml(path: Path, shown: str) -> Any:
    """Parse one YAML file; undecodable bytes, a syntax error or anything the limits refuse become a problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes().count(b"\n", 0, error.start) + 1
        raise CorpusError([Problem(shown, line, "yaml-malformed", f"byte at offset {error.start} is not UTF-8 ({error.reason}), expected UTF-8 YAML")]) from None
    except OSError as error:
        raise CorpusError([Problem(shown, 1, "file-missing", f"cannot read the file ({error.strerror}), expected a readable file")]) from None
    return parse_yaml(text, shown)


def line_of(value: Any, default: int = 1) -> int:
    return getattr(value, "line", default) or default
