"""PHP request decoding and comparisons."""

from __future__ import annotations

import pytest

from leadtui.emulator.filters import filter_value
from leadtui.emulator.php import (
    MAX_INPUT_VARS,
    Output,
    PhpArray,
    parse_body,
    parse_query,
    php_compare,
)


def test_query_last_occurrence_wins_and_keeps_first_position() -> None:
    got = parse_query("a=1&b=2&a=3")
    assert got == {"a": "3", "b": "2"}
    assert list(got) == ["a", "b"]


def test_query_names_are_mangled_like_php() -> None:
    got = parse_query("lead.id=1&%20first%20name=x&last[name=y&[x]=1&=2&flag")
    assert got == {"lead_id": "1", "first_name": "x", "last_name": "y", "flag": ""}


def test_query_arrays() -> None:
    got = parse_query("a[]=1&b[x]=2&c[]=1&c=3")
    assert isinstance(got["a"], PhpArray)
    assert isinstance(got["b"], PhpArray)
    assert got["c"] == "3"


def test_query_decoding_keeps_bytes() -> None:
    assert parse_query("v=a%2Bb+c%zz%FF")["v"] == "a+b c%zz\xff"


def test_max_input_vars() -> None:
    got = parse_query("&".join(f"v{i}=1" for i in range(MAX_INPUT_VARS + 5)))
    assert len(got) == MAX_INPUT_VARS


@pytest.mark.parametrize(
    ("method", "content_type", "filled"),
    [
        ("POST", "application/x-www-form-urlencoded", True),
        ("POST", "Application/X-WWW-Form-Urlencoded; charset=utf-8", True),
        ("POST", "application/json", False),
        ("POST", "text/plain", False),
        ("PUT", "application/x-www-form-urlencoded", False),
        ("GET", "application/x-www-form-urlencoded", False),
    ],
)
def test_which_bodies_fill_post(method: str, content_type: str, filled: bool) -> None:
    assert bool(parse_body(method, content_type, b"a=1")) is filled


def test_multipart_body() -> None:
    body = (
        b'--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\none\r\n'
        b'--xx\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n\r\nfile\r\n'
        b'--xx\r\nContent-Disposition: form-data; name="b"\r\n\r\ntwo\r\n--xx--\r\n'
    )
    assert parse_body("POST", "multipart/form-data; boundary=xx", body) == {
        "a": "one",
        "b": "two",
    }


@pytest.mark.parametrize(
    ("a", "b", "sign"),
    [
        ("", 99, -1),
        ("98", 99, -1),
        ("099", 99, 0),
        ("100", 99, 1),
        ("5-3", -99, 1),
        ("5-3", 99, -1),
        ("abc", 99, 1),
        (" 100", 99, 1),
    ],
)
def test_php8_string_int_comparison(a: str, b: int, sign: int) -> None:
    assert php_compare(a, b) == sign


def test_output_buffer_flush_threshold() -> None:
    out = Output()
    out.echo("x" * 4095)
    assert not out.flushed
    out.echo("x")
    assert out.flushed


@pytest.mark.parametrize(
    ("name", "value", "latin", "non_latin"),
    [
        ("first_name", "Jos\u00e9 O'Neil+Jr", "Jos O'Neil Jr", "Jos\u00e9 O'Neil Jr"),
        ("title", "Mr+.", "Mr.", "Mr."),
        ("email", "a+b@x.com", "a b@x.com", "a b@x.com"),
        ("comments", 'a;b#c"d+e|f&g\\h', "abcd e|f&g\\h", "abcd e|f&g\\h"),
        ("phone_number", "(312) 555-12,12 x5", "31255512,125", "31255512,125"),
        ("lead_id", "12-34", "1234", "1234"),
        ("gender", "m", "", ""),
        ("source", "a_-b", "ab", "ab"),
        ("list_id", "10-1_a\u00e9", "10-1_a", "10-1_a"),
        ("gmt_offset_now", "-5.5x_", "-5.5_", "-5.5_"),
        ("hopper_priority", "-1x2", "-12", "-12"),
        ("callback_comments", "a+b'c", "a+bc", "a+bc"),
        ("unknown_param", "any'thing", "any'thing", "any'thing"),
    ],
)
def test_filters(name: str, value: str, latin: str, non_latin: str) -> None:
    raw = value.encode().decode("latin-1")
    assert filter_value(name, raw) == latin.encode().decode("latin-1")
    assert filter_value(name, raw, non_latin=True) == non_latin.encode().decode(
        "latin-1"
    )


def test_non_latin_filter_drops_invalid_utf8() -> None:
    assert filter_value("first_name", "ab\xff", non_latin=True) == ""
    assert filter_value("first_name", "ab\xff") == "ab"
