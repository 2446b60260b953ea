"""The parts of PHP 8.2 the API's behaviour depends on.

* Request decoding into ``$_GET`` / ``$_POST`` (key mangling, repeated keys, ``name[]`` arrays,
  which bodies populate ``$_POST``, ``max_input_vars``).
* PHP 8 loose comparison of a string with an integer.
* Output with the 4096-byte output buffer: a fatal error turns the status into 500 only while
  nothing has been flushed yet (php -S, ``output_buffering=4096``).

Values are byte strings (``str`` with one character per byte, latin-1), like PHP strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

__all__ = [
    "MAX_INPUT_VARS",
    "OUTPUT_BUFFER",
    "Output",
    "PhpArray",
    "PhpExit",
    "PhpFatal",
    "PhpValue",
    "is_numeric",
    "parse_body",
    "parse_query",
    "php_compare",
]

MAX_INPUT_VARS = 1000
OUTPUT_BUFFER = 4096


class PhpArray:
    """A request variable sent as ``name[]=…`` / ``name[key]=…``."""

    def __repr__(self) -> str:
        return "PhpArray()"


PhpValue = str | PhpArray


class PhpExit(Exception):
    """``exit;`` – the script ends normally."""


class PhpFatal(Exception):
    """An uncaught exception/TypeError: the script dies (HTTP 500 if nothing was flushed)."""


def _decode(part: str) -> str:
    return unquote_to_bytes(part.replace("+", " ")).decode("latin-1")


def _add(target: dict[str, PhpValue], raw_name: str, value: str) -> None:
    """php_register_variable_ex(): leading spaces dropped, ' ' and '.' become '_', a '[' with a
    closing ']' makes an array, a lone '[' becomes '_'."""
    name = raw_name.lstrip(" ").split("\0", 1)[0]
    bracket = name.find("[")
    head = name if bracket < 0 else name[:bracket]
    if not head:
        return
    key = head.replace(" ", "_").replace(".", "_")
    if bracket >= 0 and "]" in name[bracket + 1 :]:
        target[key] = PhpArray()
        return
    if bracket >= 0:
        key += "_" + name[bracket + 1 :]
    target[key] = value


def _pairs(raw: str) -> list[tuple[str, str]]:
    pairs = []
    for chunk in raw.split("&"):
        if not chunk:
            continue
        name, sep, value = chunk.partition("=")
        pairs.append((_decode(name), _decode(value) if sep else ""))
    return pairs[:MAX_INPUT_VARS]


def parse_query(raw: str) -> dict[str, PhpValue]:
    """``$_GET`` from a raw query string."""
    target: dict[str, PhpValue] = {}
    for name, value in _pairs(raw):
        _add(target, name, value)
    return target


_BOUNDARY = re.compile(r"boundary=(?:\"([^\"]+)\"|([^;\s]+))", re.I)
_DISPOSITION = re.compile(r"\bname=(?:\"([^\"]*)\"|([^;\s]*))", re.I)


def parse_body(method: str, content_type: str, body: bytes) -> dict[str, PhpValue]:
    """``$_POST``: only a POST with a form-urlencoded or multipart body fills it."""
    if method != "POST":
        return {}
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "application/x-www-form-urlencoded":
        return parse_query(body.decode("latin-1"))
    if mime == "multipart/form-data":
        return _multipart(content_type, body)
    return {}


def _multipart(content_type: str, body: bytes) -> dict[str, PhpValue]:
    m = _BOUNDARY.search(content_type)
    target: dict[str, PhpValue] = {}
    if not m:
        return target
    boundary = ("--" + (m.group(1) or m.group(2))).encode("latin-1")
    count = 0
    for part in body.split(boundary)[1:]:
        if part.startswith(b"--") or count >= MAX_INPUT_VARS:
            break
        head, sep, data = part.partition(b"\r\n\r\n")
        if not sep:
            continue
        headers = head.decode("latin-1")
        disp = next(
            (
                h
                for h in headers.split("\r\n")
                if h.lower().startswith("content-disposition")
            ),
            "",
        )
        if "filename=" in disp.lower():
            continue
        nm = _DISPOSITION.search(disp)
        if not nm:
            continue
        name = nm.group(1) if nm.group(1) is not None else nm.group(2)
        if data.endswith(b"\r\n"):
            data = data[:-2]
        count += 1
        _add(target, name, data.decode("latin-1"))
    return target


_NUMERIC = re.compile(
    r"^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$"
)


def is_numeric(value: str) -> bool:
    """PHP 8 ``is_numeric`` (leading and trailing whitespace allowed)."""
    return bool(_NUMERIC.match(value))


def php_compare(a: str, b: int) -> int:
    """``$a <=> $b`` for a string and an int in PHP 8: numerically if ``$a`` is numeric,
    otherwise as strings."""
    if is_numeric(a):
        x = float(a)
        return (x > b) - (x < b)
    sb = str(b)
    return (a > sb) - (a < sb)


@dataclass
class Output:
    """What the script echoes, and the status it set."""

    status: int = 200
    chunks: list[str] = field(default_factory=list)
    size: int = 0

    def echo(self, text: str) -> None:
        self.chunks.append(text)
        self.size += len(text)

    @property
    def flushed(self) -> bool:
        """True once the output buffer has been flushed (headers are sent)."""
        return self.size >= OUTPUT_BUFFER

    def body(self) -> bytes:
        return "".join(self.chunks).encode("latin-1")
