"""``SELECT $field_name from …`` (lead_field_info, naa L14433): the filtered field name
(``[-_0-9a-zA-Z]``) is pasted as an SQL expression. Column names match case-insensitively,
numbers and NULL/TRUE/FALSE are literals, ``-`` subtracts; anything else is an SQL error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from leadtui.emulator.mysql import SqlError, str_to_number
from leadtui.emulator.schema import Table

__all__ = ["evaluate"]

_TOKEN = re.compile(r"-|[0-9A-Za-z_]+")


@dataclass(frozen=True)
class _Val:
    kind: str  # null, uint, int, dec, double, str
    value: object = None
    scale: int = 0


def _format_double(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    text = repr(x)
    return text.replace("e+", "e")


def _render(v: _Val) -> str | None:
    if v.kind == "null":
        return None
    if v.kind in ("uint", "int"):
        return str(v.value)
    if v.kind == "dec":
        assert isinstance(v.value, Decimal)
        return f"{v.value:.{v.scale}f}"
    if v.kind == "double":
        assert isinstance(v.value, float)
        return _format_double(v.value)
    assert isinstance(v.value, str)
    return v.value


def _atom(token: str, row: dict[str, object], table: Table) -> _Val:
    upper = token.upper()
    if upper == "NULL":
        return _Val("null")
    if upper in ("TRUE", "FALSE"):
        return _Val("int", 1 if upper == "TRUE" else 0)
    if token.isdigit():
        return _Val("int", int(token))
    if re.fullmatch(r"\d+[eE]\d+", token):
        return _Val("double", float(token))
    if re.fullmatch(r"0x[0-9a-fA-F]+", token):  # a hex literal is a binary string
        digits = token[2:]
        return _Val(
            "str",
            bytes.fromhex(digits.zfill(len(digits) + len(digits) % 2)).decode(
                "latin-1"
            ),
        )
    for field in table.fields:
        if field.name.lower() == token.lower():
            value = row.get(field.name)
            if value is None:
                return _Val("null")
            col = field.type
            if col.kind == "int":
                return _Val("uint" if col.low == 0 else "int", int(str(value)))
            if col.kind == "decimal":
                return _Val("dec", Decimal(str(value)), col.scale)
            return _Val("str", str(value))
    raise SqlError(f"Unknown column '{token}' in 'field list'")


def _number(v: _Val) -> _Val:
    if v.kind == "str":
        assert isinstance(v.value, str)
        return _Val("double", float(str_to_number(v.value)))
    return v


def _minus(a: _Val, b: _Val) -> _Val:
    if a.kind == "null" or b.kind == "null":
        return _Val("null")
    a, b = _number(a), _number(b)
    if "double" in (a.kind, b.kind):
        return _Val("double", float(str(a.value)) - float(str(b.value)))
    if "dec" in (a.kind, b.kind):
        scale = max(a.scale, b.scale)
        return _Val("dec", Decimal(str(a.value)) - Decimal(str(b.value)), scale)
    assert isinstance(a.value, int) and isinstance(b.value, int)
    result = a.value - b.value
    if "uint" in (a.kind, b.kind):
        if result < 0:
            raise SqlError("BIGINT UNSIGNED value is out of range")
        return _Val("uint", result)
    return _Val("int", result)


def _negate(v: _Val) -> _Val:
    v = _number(v)
    if v.kind == "null":
        return v
    if v.kind == "dec":
        assert isinstance(v.value, Decimal)
        return _Val("dec", -v.value, v.scale)
    if v.kind == "double":
        assert isinstance(v.value, float)
        return _Val("double", -v.value)
    assert isinstance(v.value, int)
    return _Val("int", -v.value)


def evaluate(expression: str, row: dict[str, object], table: Table) -> str | None:
    """The value MariaDB returns for ``SELECT {expression}`` on ``row`` (None = NULL)."""
    tokens = _TOKEN.findall(expression)
    pos = 0

    def unary() -> _Val:
        nonlocal pos
        if pos >= len(tokens):
            raise SqlError("syntax error")
        token = tokens[pos]
        pos += 1
        if token == "-":
            return _negate(unary())
        return _atom(token, row, table)

    value = unary()
    while pos < len(tokens):
        if tokens[pos] != "-":
            raise SqlError("syntax error")
        pos += 1
        value = _minus(value, unary())
    return _render(value)
