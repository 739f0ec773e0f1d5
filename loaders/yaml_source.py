"""Read the store's YAML without trusting it.

The store is hand-edited and shared, so the reader assumes the worst: only plain YAML types are
built (no tags that construct objects), aliases are refused (a few lines can expand to billions of
nodes when walked), nesting and size are bounded, duplicate keys are errors (PyYAML silently keeps
the last), and every value keeps the line and column it came from so that later checks can say
where a problem is.
"""

from __future__ import annotations

import datetime as dt
import errno
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from loaders.errors import clip as _clip
from loaders.errors import short_repr

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 32
# A real store is ~26 parser events per observation, so this allows ~10,000 observations while
# bounding the worst case (a file of tiny flow items) to about a second of parsing.
MAX_NODES = 250_000

Path_ = tuple[str | int, ...]

_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STD_TAG_PREFIX = "tag:yaml.org,2002:"
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
# what a person means by a number; YAML 1.1 also reads 1:20 as 80, 017 as 15 and 0x1f as 31
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_OCTAL = re.compile(r"[-+]?0\d")
_MAP_TAG = "tag:yaml.org,2002:map"
_VALUE_TAG = "tag:yaml.org,2002:value"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class YamlError(ValueError):
    """The file cannot be read as the store's YAML; carries where."""

    def __init__(self, message: str, mark: Mark | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


@dataclass
class Document:
    """Plain Python data plus where each piece of it sits in the file."""

    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)

    def mark_for(self, path: Path_) -> Mark:
        """The mark of the deepest part of `path` that exists (a missing key points at its parent)."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), Mark(1, 1))


def _mark(m: Any) -> Mark:
    return Mark(m.line + 1, m.column + 1)


def read_text(path: Path) -> str:
    """The file's text, refusing what is too big, empty, binary or not UTF-8."""
    return decode(read_bytes(path))


LINK_MESSAGE = (
    "this is a symbolic link, not a regular file: the store is read only from the path named "
    "(ALIBABA_AI_STORE, --store or metrics.yaml), never through a link; name the file itself"
)
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file at `path`, read once and never more than MAX_BYTES + 1 of them.

    The file is opened once, without following a symbolic link and without waiting for a writer
    (a FIFO would block the reader for ever), and checked on that open file: what is not a regular
    file (a device such as /dev/zero, a pipe, a folder, a link to anything) is refused before a
    byte is read. What is hashed and what is parsed are these same bytes, so a save in progress
    can never pair one version's digest with another's content.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise YamlError("file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise YamlError(LINK_MESSAGE) from None
        raise YamlError(f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
            raise YamlError(f"this is {kind}, not a regular file: the store must be a plain file")
        if info.st_size > MAX_BYTES:
            raise YamlError(f"file is {info.st_size:,} bytes, over the limit of {MAX_BYTES:,} bytes")
        chunks, size = [], 0
        while size <= MAX_BYTES:  # the size can grow while the file is read: stop one byte past the limit
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise YamlError(f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:
        raise YamlError(f"file is over the limit of {MAX_BYTES:,} bytes")
    return raw


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise YamlError(f"file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,} bytes")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1  # in characters, as editors count
        raise YamlError(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", Mark(line, column)
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise YamlError("file contains a NUL character: it is binary, not YAML", Mark(line, column))
    if not text.strip():
        raise YamlError("file is empty", Mark(1, 1))
    return text


def _tag_text(tag: str) -> str:
    """A tag as it is usually written: !!python/object/apply:os.system, not tag:yaml.org,2002:python/..."""
    return "!!" + tag.removeprefix(_STD_TAG_PREFIX) if tag.startswith(_STD_TAG_PREFIX) else tag


def _path_text(path: Path_) -> str:
    out = ""
    for part in path:
        part = part if isinstance(part, int) else _clip(part)
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


class _Builder:
    """Builds plain data from the parser's event stream, without recursion and with marks."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.constructor = yaml.constructor.SafeConstructor()
        self.marks: dict[Path_, Mark] = {}
        self.nodes = 0
        # First characters for which the resolver may find a tag other than str (digits, signs, y/n,
        # ~, ...): an untagged scalar starting with anything else, or quoted, is text without asking
        # it. Only when the resolver has no catch-all or path rules, as the safe loaders do.
        resolvers = getattr(loader, "yaml_implicit_resolvers", {})
        self._maybe_typed: frozenset[str] | None = (
            frozenset(k for k in resolvers if k)
            if None not in resolvers and not getattr(loader, "yaml_path_resolvers", None)
            else None
        )

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None and self._maybe_typed is not None:
            value = event.value
            if not event.implicit[0] or (value and value[0] not in self._maybe_typed):
                return value  # what resolve() would say: tag:yaml.org,2002:str
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _VALUE_TAG and event.implicit[0]:
            return event.value  # a plain '=' is text, not YAML 1.1's "default value" key
        if tag == _MERGE_TAG:
            raise YamlError("merge key '<<' is not allowed: write the keys out", _mark(event.start_mark))
        if tag not in _ALLOWED_SCALAR_TAGS:
            raise YamlError(f"tag {_tag_text(tag)} is not allowed: the store holds plain values only", _mark(event.start_mark))
        if tag == "tag:yaml.org,2002:str":
            return event.value
        if (
            tag in _NUMBER_TAGS
            and event.implicit[0]
            and (not _PLAIN_NUMBER.fullmatch(event.value) or (tag.endswith(":int") and _OCTAL.match(event.value)))
        ):
            raise YamlError(
                f"{short_repr(event.value)} is a YAML 1.1 number form (sexagesimal, octal, hex, binary or with "
                "underscores) that would be read as a different number; write a plain decimal or quote it as text",
                _mark(event.start_mark),
            )
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            value = self.constructor.yaml_constructors[tag](self.constructor, node)
        except Exception as exc:  # hostile text under an explicit tag fails in many ways (KeyError...)
            if tag == "tag:yaml.org,2002:timestamp" and event.implicit[0]:
                # looks like a date but is not one (2025-02-30): keep the text so the schema says which field
                return event.value
            kind = tag.rsplit(":", 1)[-1]
            detail = f" ({str(exc)[:120]})" if isinstance(exc, ValueError) and str(exc) else ""
            raise YamlError(f"{short_repr(event.value)} is not a valid {kind}{detail}", _mark(event.start_mark)) from None
        if isinstance(value, dt.datetime):
            raise YamlError(f"{short_repr(event.value)}: a date and time; write a date as YYYY-MM-DD", _mark(event.start_mark))
        if isinstance(value, float) and not math.isfinite(value):
            # kept as the float so the schema can say which field may not be NaN or infinite
            return value
        return value

    def build(self, events: Any) -> Document:
        # stack entries: [container, path, pending_key (maps only), key_mark]
        stack: list[list[Any]] = []
        root: Any = None
        have_root = False
        for event in events:
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise YamlError(f"document has more than {MAX_NODES:,} nodes", _mark(event.start_mark))
            # the event kinds are disjoint: the commonest are tested first (most events are scalars)
            if isinstance(event, yaml.ScalarEvent):
                if event.anchor:
                    raise YamlError(
                        f"anchor &{event.anchor} is not allowed: the store does not use aliases",
                        _mark(event.start_mark),
                    )
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    self._key(stack[-1], event)
                    continue
                value = self.scalar(event)
                path = self._place(stack, value, event)
                if not stack:
                    root, have_root = value, True
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, path, _, _ = stack.pop()
                value = container
                if not stack:
                    root, have_root = value, True
                continue
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if getattr(event, "anchor", None):
                    raise YamlError(
                        f"anchor &{event.anchor} is not allowed: the store does not use aliases",
                        _mark(event.start_mark),
                    )
                expected = _MAP_TAG if isinstance(event, yaml.MappingStartEvent) else _SEQ_TAG
                if event.tag not in (None, "!", expected):
                    raise YamlError(
                        f"tag {_tag_text(event.tag)} is not allowed: the store holds plain values only",
                        _mark(event.start_mark),
                    )
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", _mark(event.start_mark))
                container: Any = {} if expected == _MAP_TAG else []
                path = self._place(stack, container, event)
                stack.append([container, path, None, None])
                continue
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(
                    f"alias *{event.anchor} is not allowed: write the value out (aliases can expand without bound)",
                    _mark(event.start_mark),
                )
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                if have_root:
                    raise YamlError("file holds more than one YAML document (a second '---')", _mark(event.start_mark))
                continue
        return Document(root, self.marks)

    def _key(self, frame: list[Any], event: Any) -> None:
        key = self.scalar(event)  # refuses tags and bad values in keys too
        if key is None:
            raise YamlError("a mapping key must be a plain value", _mark(event.start_mark))
        # the key as written: `on:` or `no:` is a name here, not YAML 1.1's true or false
        key_text = event.value
        container, path = frame[0], frame[1]
        if key_text in container:
            first = self.marks.get((*path, key_text))
            where = f" (first at line {first.line})" if first else ""
            raise YamlError(
                f"{_path_text((*path, key_text))}: duplicate key {short_repr(key_text)}{where}", _mark(event.start_mark)
            )
        frame[2] = key_text
        frame[3] = _mark(event.start_mark)

    def _place(self, stack: list[list[Any]], value: Any, event: Any) -> Path_:
        if not stack:
            self.marks[()] = _mark(event.start_mark)
            return ()
        frame = stack[-1]
        container, parent = frame[0], frame[1]
        if isinstance(container, dict):
            key = frame[2]
            if key is None:
                raise YamlError("a mapping key must be a plain value, not a mapping or list", _mark(event.start_mark))
            path = (*parent, key)
            container[key] = value
            self.marks[path] = frame[3]
            frame[2] = None
        else:
            path = (*parent, len(container))
            container.append(value)
            self.marks[path] = _mark(event.start_mark)
        return path


def parse(text: str) -> Document:
    """Parse YAML text into plain data with marks, or raise YamlError saying where and what."""
    loader = None
    try:
        loader = _Loader(text)
        events = iter(loader.get_event, None)  # None after the stream's end
        return _Builder(loader).build(events)
    except yaml.reader.ReaderError as exc:
        position = exc.position
        if isinstance(loader, getattr(yaml, "CSafeLoader", ())):  # libyaml counts bytes of the UTF-8 text
            position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
        before = text[:position]
        mark = Mark(before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1)
        raise YamlError(f"character U+{exc.character:04X} is not allowed in YAML ({exc.reason})", mark) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if "maximum nesting depth" in problem:
            # libyaml's own bound (newer builds) can trip while it scans ahead, before the builder
            # sees the events: the reader says the same as for any store nested too deeply.
            raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", _mark(mark) if mark else None) from None
        context = f" {exc.context}" if exc.context else ""
        start = exc.context_mark
        if context and start is not None and mark is not None and start.line != mark.line:
            # "while parsing a flow sequence" is only useful with where that sequence began
            context += f" that starts at line {start.line + 1}, column {start.column + 1}"
        raise YamlError(f"YAML syntax error: {problem}{context}".strip(), _mark(mark) if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        if loader is not None:
            loader.dispose()
