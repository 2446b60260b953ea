"""Bytes of a CSV or ID file: strict UTF-8, refused with the line and byte offset."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtui.ops.csv_rows import CsvError, decode_csv_bytes, read_text_file


def refused(data: bytes) -> CsvError:
    with pytest.raises(CsvError) as caught:
        decode_csv_bytes(data, "leads.csv")
    return caught.value


@pytest.mark.parametrize(
    "data", [b"lead_id\n1001\n", b"\xef\xbb\xbflead_id\n1001\n"], ids=["plain", "bom"]
)
def test_utf8_with_or_without_bom(data: bytes) -> None:
    assert decode_csv_bytes(data, "leads.csv") == "lead_id\n1001\n"


def test_non_ascii_utf8_is_kept() -> None:
    assert decode_csv_bytes("José,Zoë\n".encode(), "x") == "José,Zoë\n"


def test_a_latin1_byte_is_refused_with_line_and_offset() -> None:
    data = b"lead_id,first_name\n1001,Ann\n1002,Jos\xe9\n"
    error = refused(data)
    assert (error.line, error.offset) == (3, data.index(b"\xe9"))
    assert str(error).startswith(f"leads.csv: line 3, byte offset {error.offset}: ")
    assert "0xE9" in error.reason and "UTF-8" in error.reason


def test_the_offset_counts_the_bom_and_lines_end_at_lone_cr() -> None:
    data = b"\xef\xbb\xbfa\rb\r\nc\n\xff"
    error = refused(data)
    assert (error.line, error.offset) == (4, len(data) - 1)


def test_a_character_cut_off_at_the_end_is_refused() -> None:
    error = refused("a\né".encode()[:-1])
    assert (error.line, error.offset) == (2, 2)


def test_a_nul_byte_is_refused() -> None:
    error = refused(b"lead_id\n1001\n10\x0002\n")
    assert (error.line, error.offset) == (3, 15) and "NUL" in error.reason


def test_the_first_problem_is_the_one_named() -> None:
    assert refused(b"a\n\x00\n\xff\n").line == 2
    assert refused(b"a\n\xff\n\x00\n").line == 2


def test_utf16_is_named_as_such() -> None:
    error = refused("lead_id\n1001\n".encode("utf-16"))
    assert error.line == 1 and "UTF-16" in error.reason


def test_a_spreadsheet_is_named_as_such() -> None:
    error = refused(b"PK\x03\x04\x14\x00\x06\x00")
    assert "xlsx" in error.reason


def test_read_text_file_decodes(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_bytes(b"\xef\xbb\xbflead_id\r\n1001\r\n")
    assert read_text_file(path) == "lead_id\r\n1001\r\n"


def test_read_text_file_names_the_file_in_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_bytes(b"a\n\xff")
    with pytest.raises(CsvError, match=r"leads\.csv: line 2, byte offset 2: "):
        read_text_file(path)


@pytest.mark.parametrize("what", ["missing", "directory", "unreadable"])
def test_a_file_that_cannot_be_read_is_a_csv_error(
    tmp_path: Path, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "leads.csv"
    if what == "directory":
        path.mkdir()
    elif what == "unreadable":
        path.write_text("lead_id\n1\n", encoding="utf-8")

        def denied(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(CsvError) as caught:
        read_text_file(path)
    assert caught.value.line is None and str(path) in str(caught.value)
    assert "Errno" not in str(caught.value)
